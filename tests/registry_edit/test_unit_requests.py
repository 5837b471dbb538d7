"""Units for owners outside an officer's kecamatan wait for an admin; nothing tells the
officer whether a NIK is registered elsewhere, and the owner stays out of reach until then."""

from __future__ import annotations

import pytest

from sentra.core.models import AuditLog
from sentra.registry.models import RequestStatus, Unit, UnitRequest
from sentra.registry.services.requests import OPEN_REQUESTS_PER_OFFICER
from tests.access.spec import World
from tests.registry_edit.conftest import client_for
from tests.registry_edit.forms_data import unit_create_post

pytestmark = pytest.mark.django_db

OLGA_NIK = "3602144202850002"  # owner B: units in Rangkasbitung and Bayah
UNKNOWN_NIK = "3602145507900004"


def _only_in_bayah(world: World) -> None:
    """Make owner B's units all lie in Bayah (as in the adversarial test)."""
    Unit.objects.filter(pk=world.unit_b_rangkasbitung.pk).delete()


def test_an_officer_cannot_reach_an_owner_outside_their_kecamatan_by_entering_a_unit(
    world: World,
) -> None:
    _only_in_bayah(world)
    olga = world.unit_b_bayah.owner
    client = client_for(world.users["officer_rangkasbitung"])
    units = Unit.objects.count()
    response = client.post(
        "/units/new/",
        unit_create_post(owner_nik=OLGA_NIK, owner_name="Siapa Saja", business_name="Probe"),
    )
    assert response.status_code == 202
    assert "Menunggu konfirmasi admin" in response.content.decode()
    assert Unit.objects.count() == units
    assert client.get(f"/people/{olga.pk}/").status_code == 404
    assert client.post(f"/people/{olga.pk}/reveal/", {"field": "nik"}).status_code == 404
    request = UnitRequest.objects.get()
    assert (request.person, request.status) == (olga, RequestStatus.OPEN)
    assert request.kecamatan_id == "36.02.14"


def test_the_unit_form_does_not_tell_whether_a_nik_is_registered_elsewhere(
    world: World,
) -> None:
    _only_in_bayah(world)
    client = client_for(world.users["officer_rangkasbitung"])
    known = client.post("/units/new/", unit_create_post(owner_nik=OLGA_NIK, owner_name=""))
    unknown = client.post("/units/new/", unit_create_post(owner_nik=UNKNOWN_NIK, owner_name=""))
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors
    assert "belum terdaftar" not in known.content.decode()


def test_a_nik_of_an_owner_in_the_officers_area_needs_no_name_and_no_admin(
    world: World,
) -> None:
    client = client_for(world.users["officer_rangkasbitung"])  # owner B has a unit here
    response = client.post(
        "/units/new/", unit_create_post(owner_nik=OLGA_NIK, owner_name="", business_name="Gula B")
    )
    assert response.status_code == 302
    assert Unit.objects.get(business_name="Gula B").owner == world.unit_b_bayah.owner
    assert not UnitRequest.objects.exists()


def test_an_admin_confirms_the_unit_and_then_the_officer_sees_the_owner(world: World) -> None:
    _only_in_bayah(world)
    officer = client_for(world.users["officer_rangkasbitung"])
    officer.post(
        "/units/new/",
        unit_create_post(owner_nik=OLGA_NIK, owner_name="Olga", business_name="Bilik Olga Baru"),
    )
    request = UnitRequest.objects.get()
    admin = client_for(world.users["admin"])
    listing = admin.get("/permintaan/").content.decode()
    assert "Bilik Olga Baru" in listing
    detail = admin.get(f"/permintaan/unit/{request.pk}/").content.decode()
    assert "3602••••••••0002" in detail and OLGA_NIK not in detail
    response = admin.post(f"/permintaan/unit/{request.pk}/", {"action": "approve"})
    assert response.status_code == 302
    unit = Unit.objects.get(business_name="Bilik Olga Baru")
    assert (unit.owner, unit.kecamatan_id) == (world.unit_b_bayah.owner, "36.02.14")
    request.refresh_from_db()
    assert (request.status, request.unit, request.decided_by) == (
        RequestStatus.DONE,
        unit,
        world.users["admin"],
    )
    assert officer.get(f"/people/{unit.owner_id}/").status_code == 200
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"unit_request.create", "unit_request.approve", "unit.register"} <= actions


def test_a_rejected_request_needs_a_reason_and_registers_nothing(world: World) -> None:
    _only_in_bayah(world)
    client_for(world.users["officer_rangkasbitung"]).post(
        "/units/new/", unit_create_post(owner_nik=OLGA_NIK, business_name="Ditolak")
    )
    request = UnitRequest.objects.get()
    admin = client_for(world.users["admin"])
    page = admin.post(f"/permintaan/unit/{request.pk}/", {"action": "reject", "note": ""})
    assert "Tuliskan alasan penolakan." in page.content.decode()
    admin.post(f"/permintaan/unit/{request.pk}/", {"action": "reject", "note": "Bukan pemiliknya"})
    request.refresh_from_db()
    assert request.status == RequestStatus.REJECTED
    assert not Unit.objects.filter(business_name="Ditolak").exists()
    again = admin.post(f"/permintaan/unit/{request.pk}/", {"action": "approve"})
    assert "sudah diputuskan" in again.content.decode()


def test_an_officer_may_keep_only_a_few_requests_open(world: World) -> None:
    _only_in_bayah(world)
    client = client_for(world.users["officer_rangkasbitung"])
    for i in range(OPEN_REQUESTS_PER_OFFICER):
        response = client.post(
            "/units/new/", unit_create_post(owner_nik=OLGA_NIK, business_name=f"Coba {i}")
        )
        assert response.status_code == 202
    refused = client.post("/units/new/", unit_create_post(owner_nik=OLGA_NIK, business_name="X"))
    assert refused.status_code == 200
    assert "menunggu konfirmasi admin" in refused.content.decode()
    assert UnitRequest.objects.count() == OPEN_REQUESTS_PER_OFFICER
