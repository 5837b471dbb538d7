"""The owner's own page: their units' figures by year, certificates with their expiry, what
officers decided about their changes, programs received, and the place kept for inquiries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sentra.core.actors import SystemActor
from sentra.registry.models import CertificateKind, OwnerNotice
from sentra.registry.services import ReportData, certificate_add, report_record, unit_return
from tests.access.spec import World
from tests.registry_edit.conftest import client_for

pytestmark = pytest.mark.django_db


def test_an_owner_sees_their_units_figures_by_year_and_nothing_of_other_owners(
    world: World,
) -> None:
    unit = world.unit_a_rangkasbitung
    for year, workers, value in ((2017, 2, 15_000_000), (2018, 3, 21_500_000)):
        report_record(
            actor=SystemActor("test"),
            unit=unit,
            data=ReportData(year=year, workers_female=workers, production_value=value),
        )
    response = client_for(world.users["owner_a"]).get("/usaha-saya/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anyaman Omar" in html and "21.500.000" in html and "15.000.000" in html
    assert "Olga" not in html
    assert 'id="owner-inquiries"' in html  # the market app's panel goes here
    assert "Program yang diterima" in html


def test_certificates_show_their_expiry_and_warn_before_it(world: World) -> None:
    unit = world.unit_a_rangkasbitung
    today = timezone.localdate()
    for code, expires in (
        ("halal", today + timedelta(days=30)),
        ("pirt", today - timedelta(days=1)),
    ):
        certificate_add(
            actor=SystemActor("test"),
            unit=unit,
            kind=CertificateKind.objects.get(code=code),
            number=f"NO-{code}",
            issued_on=today - timedelta(days=400),
            expires_on=expires,
        )
    html = client_for(world.users["owner_a"]).get("/usaha-saya/").content.decode()
    assert "berakhir dalam 90 hari" in html
    assert "kedaluwarsa" in html


def test_a_returned_change_reaches_the_owner_with_its_reason_until_marked_read(
    world: World,
) -> None:
    unit = world.unit_a_rangkasbitung
    unit_return(
        actor=world.users["officer_rangkasbitung"], unit=unit, reason="Alamat kurang lengkap."
    )
    owner = client_for(world.users["owner_a"])
    html = owner.get("/usaha-saya/").content.decode()
    assert "Petugas rudi mengembalikan perubahan data Anyaman Omar" in html
    assert "Alamat kurang lengkap." in html
    assert "1 baru" in html
    assert owner.post("/usaha-saya/pemberitahuan/").status_code == 302
    assert OwnerNotice.objects.get(unit=unit).read_at is not None
    assert "1 baru" not in owner.get("/usaha-saya/").content.decode()
    # The other owner is told nothing about it.
    assert (
        "Alamat kurang lengkap."
        not in client_for(world.users["owner_b"]).get("/usaha-saya/").content.decode()
    )


def test_an_owner_opening_the_dashboard_lands_on_their_own_page(world: World) -> None:
    response = client_for(world.users["owner_a"]).get("/dashboard/")
    assert (response.status_code, response["Location"]) == (302, "/usaha-saya/")
    assert client_for(world.users["officer_rangkasbitung"]).get("/usaha-saya/").status_code == 403
