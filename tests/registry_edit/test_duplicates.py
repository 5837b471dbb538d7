"""The likely-duplicate warning: same NIB, or same owner NIK with a similar business name."""

from __future__ import annotations

import pytest

from sentra.core.actors import SystemActor
from sentra.registry.models import Unit
from sentra.registry.services import UnitData, unit_update
from sentra.registry.views.edit_duplicates import names_similar
from tests.access.spec import World
from tests.registry_edit.conftest import client_for
from tests.registry_edit.forms_data import unit_create_post

pytestmark = pytest.mark.django_db

NIB = "1234567890123"


def _give_nib(unit: Unit, nib: str) -> None:
    unit_update(
        actor=SystemActor("test"),
        unit=unit,
        expected_version=unit.version,
        data=UnitData(
            business_name=unit.business_name,
            commodity=unit.commodity,
            desa_code=unit.desa_id,
            nib=nib,
        ),
    )


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("CV. Anyaman Omar", "anyaman omar", True),
        ("Anyaman Omar", "Anyaman Omar Jaya", True),
        ("Anyaman Omar", "Anyaman Omer", True),
        ("Anyaman Omar", "Gula Aren Omar", False),
        ("", "Anyaman", False),
    ],
)
def test_business_names_are_compared_after_normalising(a: str, b: str, similar: bool) -> None:
    assert names_similar(a, b) is similar


def test_the_same_nib_shows_a_warning_and_saves_nothing(world: World) -> None:
    _give_nib(world.unit_b_rangkasbitung, NIB)
    client = client_for(world.users["officer_rangkasbitung"])
    before = Unit.objects.count()
    response = client.post("/units/new/", unit_create_post(nib=NIB, business_name="Lain Sama"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mungkin duplikat." in html
    assert "Anyaman Olga" in html
    assert 'name="save_anyway"' in html
    assert Unit.objects.count() == before


def test_save_anyway_saves_despite_the_warning(world: World) -> None:
    _give_nib(world.unit_b_rangkasbitung, NIB)
    client = client_for(world.users["officer_rangkasbitung"])
    response = client.post(
        "/units/new/", unit_create_post(nib=NIB, business_name="Lain Sama", save_anyway="on")
    )
    assert response.status_code == 302
    assert Unit.objects.filter(nib=NIB).count() == 2


def test_the_same_nik_with_a_similar_name_is_a_likely_duplicate(world: World) -> None:
    client = client_for(world.users["officer_rangkasbitung"])
    response = client.post(
        "/units/new/",
        unit_create_post(owner_nik="3602140101800001", business_name="UD Anyaman Omar"),
    )
    assert "Mungkin duplikat." in response.content.decode()
    assert not Unit.objects.filter(business_name="UD Anyaman Omar").exists()


def test_the_same_nik_with_a_different_business_is_no_duplicate(world: World) -> None:
    client = client_for(world.users["officer_rangkasbitung"])
    response = client.post(
        "/units/new/",
        unit_create_post(owner_nik="3602140101800001", business_name="Gula Aren Sejahtera"),
    )
    assert response.status_code == 302


def test_a_duplicate_outside_the_officers_area_is_mentioned_without_details(
    world: World,
) -> None:
    _give_nib(world.unit_b_bayah, NIB)
    client = client_for(world.users["officer_rangkasbitung"])
    response = client.post("/units/new/", unit_create_post(nib=NIB))
    html = response.content.decode()
    assert "Ada unit serupa di luar wilayah Anda." in html
    assert "Bilik Olga Bayah" not in html
    assert "Bayah" not in html.split("Mungkin duplikat.")[1].split("</div>")[0]


def test_editing_a_unit_to_another_units_nib_warns(world: World) -> None:
    from tests.registry_edit.forms_data import unit_edit_post

    _give_nib(world.unit_b_rangkasbitung, NIB)
    unit = world.unit_a_rangkasbitung
    client = client_for(world.users["officer_rangkasbitung"])
    response = client.post(f"/units/{unit.pk}/edit/", unit_edit_post(unit, nib=NIB))
    assert response.status_code == 200
    assert "Mungkin duplikat." in response.content.decode()
    unit.refresh_from_db()
    assert unit.nib == ""
