"""Loading the Kemendagri regions shipped with Sentra (idn-area-data 4.0.1)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog, ReferenceDataset
from sentra.regions.models import Region, RegionLevel
from sentra.regions.selectors import desa_list, kecamatan_list
from sentra.regions.services import region_load
from tests.conftest import BAYAH, RANGKASBITUNG, RANGKASBITUNG_TIMUR

pytestmark = pytest.mark.django_db

LEBAK = "36.02"


def _count(level: RegionLevel, within: str = LEBAK) -> int:
    return Region.objects.filter(level=level, code__startswith=within + ".").count()


class TestLoadingLebak:
    def test_it_loads_the_28_kecamatan_and_345_desa_and_kelurahan_of_lebak(self) -> None:
        loaded = region_load(actor=SystemActor("test"), region=LEBAK)

        assert _count(RegionLevel.DISTRICT) == 28
        assert _count(RegionLevel.VILLAGE) == 345
        assert loaded == 1 + 1 + 1 + 28 + 345  # the country, Banten, Lebak, kecamatan, desa

    def test_it_loads_the_ancestors_and_nothing_outside_lebak(self) -> None:
        region_load(actor=SystemActor("test"), region=LEBAK)

        assert Region.objects.get(code="36").level == RegionLevel.PROVINCE
        lebak = Region.objects.get(code=LEBAK)
        assert (lebak.name, lebak.level, lebak.parent_id) == (
            "Kabupaten Lebak",
            RegionLevel.REGENCY,
            "36",
        )
        assert Region.objects.count() == 376  # with the country row
        assert not Region.objects.filter(code__startswith="36.01").exists()
        assert not Region.objects.filter(code__startswith="32").exists()

    def test_rangkasbitung_timur_is_a_desa_of_rangkasbitung(self) -> None:
        region_load(actor=SystemActor("test"), region=LEBAK)

        desa = Region.objects.get(code=RANGKASBITUNG_TIMUR)
        assert desa.name == "Rangkasbitung Timur"
        assert desa.level == RegionLevel.VILLAGE
        assert desa.parent_id == RANGKASBITUNG
        assert desa.parent is not None
        assert desa.parent.name == "Rangkasbitung"
        assert desa.match_name == "rangkasbitungtimur"
        assert not desa.is_kelurahan
        assert desa.label == "Desa Rangkasbitung Timur"

    def test_a_1xxx_village_is_a_kelurahan(self) -> None:
        region_load(actor=SystemActor("test"), region=LEBAK)

        kelurahan = Region.objects.get(code="36.02.14.1012")
        assert kelurahan.name == "Muara Ciujung Timur"
        assert kelurahan.is_kelurahan
        assert kelurahan.label == "Kelurahan Muara Ciujung Timur"
        assert Region.objects.get(code=RANGKASBITUNG).label == "Kecamatan Rangkasbitung"

    def test_every_region_hangs_under_a_parent_one_level_up(self) -> None:
        region_load(actor=SystemActor("test"), region=LEBAK)

        for region in Region.objects.filter(level__gt=RegionLevel.PROVINCE).select_related(
            "parent"
        ):
            assert region.parent is not None, region.code
            assert region.parent.level == region.level - 1, region.code
            assert region.code.startswith(region.parent.code + "."), region.code

    def test_loading_twice_is_idempotent(self) -> None:
        first = region_load(actor=SystemActor("test"), region=LEBAK)
        names = dict(Region.objects.values_list("code", "name"))

        second = region_load(actor=SystemActor("test"), region=LEBAK)

        assert first == second
        assert _count(RegionLevel.DISTRICT) == 28
        assert _count(RegionLevel.VILLAGE) == 345
        assert dict(Region.objects.values_list("code", "name")) == names

    def test_reloading_restores_a_name_changed_in_the_database(self) -> None:
        region_load(actor=SystemActor("test"), region=LEBAK)
        Region.objects.filter(code=RANGKASBITUNG_TIMUR).update(name="Typo", match_name="typo")

        region_load(actor=SystemActor("test"), region=LEBAK)

        desa = Region.objects.get(code=RANGKASBITUNG_TIMUR)
        assert (desa.name, desa.match_name) == ("Rangkasbitung Timur", "rangkasbitungtimur")

    def test_it_records_the_source_version_and_licence(self) -> None:
        region_load(actor=SystemActor("test"), region=LEBAK)
        region_load(actor=SystemActor("test"), region=LEBAK)

        dataset = ReferenceDataset.objects.get(name="regions")
        assert dataset.version == "4.0.1"
        assert "idn-area-data" in dataset.source
        assert dataset.licence == "ODbL 1.0"
        assert dataset.rows == 376

    def test_every_load_is_audited(self) -> None:
        region_load(actor=SystemActor("test"), region=LEBAK)
        region_load(actor=SystemActor("test"), region=LEBAK)

        rows = AuditLog.objects.filter(action="regions.load")
        assert rows.count() == 2
        assert all(row.actor_label == "test" and row.actor is None for row in rows)
        assert all("376 regions" in row.summary for row in rows)

    def test_loading_one_kecamatan_brings_its_ancestors_and_villages_only(self) -> None:
        region_load(actor=SystemActor("test"), region=BAYAH)

        assert set(
            Region.objects.exclude(level=RegionLevel.VILLAGE).values_list("code", flat=True)
        ) == {"ID", "36", LEBAK, BAYAH}
        assert (
            _count(RegionLevel.VILLAGE, within=BAYAH)
            == Region.objects.filter(level=RegionLevel.VILLAGE).count()
        )
        assert Region.objects.get(code="36.02.03.2002").name == "Sawarna"

    def test_the_selectors_list_the_home_regions_kecamatan_and_desa(self) -> None:
        region_load(actor=SystemActor("test"), region=LEBAK)
        region_load(
            actor=SystemActor("test"), region="36.01.01"
        )  # a neighbour's kecamatan stays out

        assert kecamatan_list().count() == 28
        assert desa_list().count() == 345
        assert desa_list(within=RANGKASBITUNG).filter(code=RANGKASBITUNG_TIMUR).exists()


class TestLoadRegionsCommand:
    def _run(self, *args: str) -> str:
        out = StringIO()
        call_command("load_regions", *args, stdout=out)
        return out.getvalue()

    def test_it_loads_the_home_region_by_default(self, settings: Any) -> None:
        settings.SENTRA_HOME_REGION = LEBAK

        output = self._run()

        assert "376" in output
        assert _count(RegionLevel.VILLAGE) == 345

    def test_it_loads_one_region_when_asked(self) -> None:
        self._run("--region", RANGKASBITUNG)

        assert Region.objects.filter(code=RANGKASBITUNG_TIMUR).exists()
        assert not Region.objects.filter(code=BAYAH).exists()

    @pytest.mark.parametrize("code", ["36-02", "99.01"])
    def test_it_refuses_an_invalid_region_code_without_loading_anything(self, code: str) -> None:
        with pytest.raises(CommandError):
            self._run("--region", code)

        assert not Region.objects.exists()

    def test_it_loads_all_of_indonesia(self) -> None:
        self._run("--all")

        counts = {level: Region.objects.filter(level=level).count() for level in RegionLevel}
        assert counts == {
            RegionLevel.COUNTRY: 1,
            RegionLevel.PROVINCE: 38,
            RegionLevel.REGENCY: 514,
            RegionLevel.DISTRICT: 7285,
            RegionLevel.VILLAGE: 83762,
        }
        assert ReferenceDataset.objects.get(name="regions").rows == 1 + 38 + 514 + 7285 + 83762
        # Every name can be matched: none reduces to an empty match name. Kecamatan "Kota"
        # in Kota Kediri used to.
        assert not Region.objects.filter(match_name="").exists()
        assert Region.objects.get(code="35.71.02").match_name == "kota"
