"""Owner self-service: owners edit their own units' business data, which then waits in the
verification queue of the officers of that kecamatan."""

from __future__ import annotations

import pytest

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.registry.models import Unit, Verification
from sentra.registry.services import unit_verify
from tests.access.spec import World
from tests.registry_edit.conftest import client_for
from tests.registry_edit.forms_data import unit_edit_post

pytestmark = pytest.mark.django_db


def _verified(unit: Unit) -> Unit:
    return unit_verify(actor=SystemActor("test"), unit=unit)


def test_an_owner_edit_marks_the_unit_unverified_until_the_officer_verifies(
    world: World,
) -> None:
    unit = _verified(world.unit_a_rangkasbitung)
    owner = client_for(world.users["owner_a"])
    page = owner.get(f"/units/{unit.pk}/edit/")
    assert page.status_code == 200
    assert "owner_nik" not in page.content.decode()  # owner identity is not editable
    response = owner.post(f"/units/{unit.pk}/edit/", unit_edit_post(unit, kampung="Pasir Ona"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.kampung, unit.verification) == ("Pasir Ona", Verification.UNVERIFIED)

    officer = client_for(world.users["officer_rangkasbitung"])
    queue = officer.get("/verifikasi/")
    assert queue.status_code == 200
    assert "Anyaman Omar" in queue.content.decode()
    assert (
        "Anyaman Omar"
        not in client_for(world.users["officer_bayah"]).get("/verifikasi/").content.decode()
    )

    assert officer.post(f"/units/{unit.pk}/verify/", {"next": "queue"}).status_code == 302
    unit.refresh_from_db()
    assert unit.verification == Verification.VERIFIED
    log = AuditLog.objects.filter(action="unit.verify", object_id=str(unit.pk)).latest("id")
    assert log.actor == world.users["officer_rangkasbitung"]
    assert officer.get("/verifikasi/").context["page"].paginator.count == 1  # Olga's unit


def test_an_owner_yearly_record_and_certificate_also_wait_for_verification(
    world: World,
) -> None:
    from sentra.registry.models import CertificateKind

    unit = _verified(world.unit_a_rangkasbitung)
    owner = client_for(world.users["owner_a"])
    response = owner.post(
        f"/units/{unit.pk}/reports/new/",
        {
            "year": "2018",
            "is_active": "on",
            "workers_male": "1",
            "workers_female": "2",
            "investment": "0",
            "production_value": "1000000",
            "market_reach": "lokal",
            "export_value_usd": "0",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.verification == Verification.UNVERIFIED
    _verified(unit)
    kind = CertificateKind.objects.get(code="halal")
    assert (
        owner.post(
            f"/units/{unit.pk}/certificates/new/", {"kind": kind.pk, "number": "ID123"}
        ).status_code
        == 302
    )
    unit.refresh_from_db()
    assert unit.verification == Verification.UNVERIFIED


def test_an_officer_edit_keeps_the_verification_as_it_was(world: World) -> None:
    unit = _verified(world.unit_a_rangkasbitung)
    client_for(world.users["officer_rangkasbitung"]).post(
        f"/units/{unit.pk}/edit/", unit_edit_post(unit, kampung="Pasir Ona")
    )
    unit.refresh_from_db()
    assert unit.verification == Verification.VERIFIED


def test_owners_and_analysts_cannot_verify(world: World) -> None:
    unit = world.unit_a_rangkasbitung
    assert client_for(world.users["owner_a"]).post(f"/units/{unit.pk}/verify/").status_code == 403
    assert client_for(world.users["analyst"]).post(f"/units/{unit.pk}/verify/").status_code == 403
    assert client_for(world.users["owner_a"]).get("/verifikasi/").status_code == 403
    assert client_for(world.users["analyst"]).get("/verifikasi/").status_code == 403
    unit.refresh_from_db()
    assert unit.verification == Verification.UNVERIFIED


def test_an_officer_of_another_kecamatan_gets_404_and_changes_nothing(world: World) -> None:
    unit = world.unit_a_rangkasbitung
    client = client_for(world.users["officer_bayah"])
    assert client.post(f"/units/{unit.pk}/verify/").status_code == 404
    response = client.post(f"/units/{unit.pk}/edit/", unit_edit_post(unit, business_name="X"))
    assert response.status_code == 404
    unit.refresh_from_db()
    assert (unit.business_name, unit.verification) == ("Anyaman Omar", Verification.UNVERIFIED)


def test_an_owner_cannot_edit_another_owners_unit(world: World) -> None:
    unit = world.unit_b_rangkasbitung
    response = client_for(world.users["owner_a"]).post(
        f"/units/{unit.pk}/edit/", unit_edit_post(unit, business_name="X")
    )
    assert response.status_code == 404
    assert Unit.objects.get(pk=unit.pk).business_name == "Anyaman Olga"


def test_anonymous_writes_go_to_the_login_page_and_change_nothing(world: World) -> None:
    from django.test import Client

    unit = world.unit_a_rangkasbitung
    before = Unit.objects.filter(pk=unit.pk).values().get()
    client = Client()
    for url in (f"/units/{unit.pk}/edit/", f"/units/{unit.pk}/verify/", "/units/new/"):
        response = client.post(url, unit_edit_post(unit, business_name="Anonim"))
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/")
    assert Unit.objects.filter(pk=unit.pk).values().get() == before
    assert not Unit.objects.filter(business_name="Anonim").exists()
