"""The unit search at scale: names through trigram indexes (pg_trgm on PostgreSQL, FTS5 on
SQLite), near names for a typo, exact NIB and unit-code lookups, and the region filter inside
the reader's area. Runs on both engines."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from sentra.core.actors import SystemActor
from sentra.regions.models import Region, RegionLevel
from sentra.regions.services import region_load
from sentra.registry.models import Commodity, Unit
from sentra.registry.search import similarity
from sentra.registry.services import PersonData, UnitData, person_register, unit_register
from sentra.registry.services.units import unit_update
from tests.registry_web.data import Registry

pytestmark = pytest.mark.django_db


def _names(response: Any) -> list[str]:
    return [u.business_name for u in response.context["units"]]


def test_a_word_of_the_name_finds_the_unit_and_an_owner_name_finds_their_units(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    client = client_for(ana_analyst)
    assert _names(client.get("/units/", {"q": "pasir ona"})) == ["CV. Bambu Pasir Ona"]
    assert _names(client.get("/units/", {"q": "aminah"})) == ["UD Batik Rangkas"]
    assert not client.get("/units/", {"q": "pasir ona"}).context["search"].similar


def test_a_typo_shows_the_near_names_and_says_so(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    response = client_for(ana_analyst).get("/units/", {"q": "bambu pasri ona"})
    assert _names(response)[0] == "CV. Bambu Pasir Ona"
    assert response.context["search"].similar
    assert "berikut nama yang mirip" in response.content.decode()


def test_a_word_far_from_every_name_finds_nothing(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    response = client_for(ana_analyst).get("/units/", {"q": "xylofon"})
    assert _names(response) == []
    assert not response.context["search"].similar


def test_a_nib_and_a_unit_code_find_exactly_their_unit(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    client = client_for(ana_analyst)
    assert _names(client.get("/units/", {"q": "9120009876543"})) == ["UD Batik Rangkas"]
    code = registry.gula.code
    assert _names(client.get("/units/", {"q": code})) == ["Gula Aren Bayah"]
    number = str(int(code[-7:]))  # "IKM-3602-0000003" is also found as "3"
    assert "Gula Aren Bayah" in _names(client.get("/units/", {"q": number}))


def test_the_search_follows_a_renamed_unit(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    unit = Unit.objects.get(pk=registry.batik.pk)
    data = UnitData(
        business_name="UD Tenun Rangkas",
        commodity=unit.commodity,
        desa_code=unit.desa_id,
        nib=unit.nib,
    )
    unit_update(actor=SystemActor("test"), unit=unit, expected_version=unit.version, data=data)
    client = client_for(ana_analyst)
    assert _names(client.get("/units/", {"q": "tenun"})) == ["UD Tenun Rangkas"]
    assert _names(client.get("/units/", {"q": "batik"})) == []


def test_near_names_are_measured_by_shared_trigrams() -> None:
    assert similarity("pasir", "bambu pasir ona") == 1.0
    assert 0.5 <= similarity("pasri", "bambu pasir ona") < 1.0
    assert similarity("xylofon", "bambu pasir ona") == 0.0


def _pandeglang_unit() -> Unit:
    region_load(actor=SystemActor("test"), region="36.01")
    desa = Region.objects.filter(code__startswith="36.01.", level=RegionLevel.VILLAGE).first()
    assert desa is not None
    owner = person_register(
        actor=SystemActor("test"), data=PersonData(nik="3601014101800001", name="Euis Pandeglang")
    )
    return unit_register(
        actor=SystemActor("test"),
        owner=owner,
        data=UnitData(
            business_name="Emping Melinjo Pandeglang",
            commodity=Commodity.objects.get(code="anyaman"),
            desa_code=desa.code,
        ),
    )


@override_settings(SENTRA_HOME_REGION="36")
def test_the_region_filter_lists_a_regency_of_a_provincial_deployment(
    registry: Registry, client_for: Any, alice_admin: Any
) -> None:
    _pandeglang_unit()
    client = client_for(alice_admin)
    assert _names(client.get("/units/", {"region": "36.01"})) == ["Emping Melinjo Pandeglang"]
    assert len(_names(client.get("/units/", {"region": "36"}))) == 5
    assert len(_names(client.get("/units/", {"region": "36.02.03"}))) == 2  # Bayah


def test_an_officer_may_not_list_a_region_outside_their_kecamatan(
    registry: Registry, client_for: Any, bayu_officer_bayah: Any
) -> None:
    client = client_for(bayu_officer_bayah)
    outside = client.get("/units/", {"region": "36.02.14"})
    assert _names(outside) == []
    assert "di luar cakupan Anda" in outside.content.decode()
    assert _names(client.get("/units/", {"region": "36.02"})) == []
    assert len(_names(client.get("/units/", {"region": "36.02.03"}))) == 2


@override_settings(SENTRA_HOME_REGION="36.02")
def test_a_region_outside_the_deployment_is_refused_even_to_an_admin(
    registry: Registry, client_for: Any, alice_admin: Any
) -> None:
    client = client_for(alice_admin)
    for code in ("32", "ID", "36.01", "36.02.99", "not-a-code"):
        response = client.get("/units/", {"region": code})
        assert _names(response) == [], code
        assert not response.context["form"].is_valid(), code
