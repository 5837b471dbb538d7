"""The headline figures: `headline_stats`, `sentra stats` and the quoted statement."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from sentra.core.actors import SystemActor
from sentra.insights.selectors import headline_stats, round_for_statement, statement_sentence
from sentra.regions.models import Region
from sentra.registry.models import Commodity
from sentra.registry.services import (
    PersonData,
    ReportData,
    UnitData,
    person_register,
    report_record,
    unit_register,
)

pytestmark = pytest.mark.django_db

TOP_KEYS = {
    "year",
    "region",
    "units",
    "units_previous_year",
    "workers",
    "workers_male",
    "workers_female",
    "by_commodity",
    "by_kecamatan",
    "by_region",
    "exporting_units",
    "export_destinations",
    "statement",
}


def _unit(nik: str, name: str, desa: str, commodity: str, reports: dict[int, Any]) -> None:
    owner = person_register(
        actor=SystemActor("test"), data=PersonData(nik=nik, name=f"Pemilik {name}")
    )
    unit = unit_register(
        actor=SystemActor("test"),
        owner=owner,
        data=UnitData(
            business_name=name, commodity=Commodity.objects.get(code=commodity), desa_code=desa
        ),
    )
    for year, report in reports.items():
        report_record(actor=SystemActor("test"), unit=unit, data=ReportData(year=year, **report))


@pytest.fixture
def small_registry(reference: None) -> None:
    """Three units in Rangkasbitung and Bayah; one closes in 2018, one opens in 2018."""
    _unit(
        "3602140101800001",
        "Anyaman Pasir Ona",
        "36.02.14.2017",
        "anyaman",
        {
            2017: {"workers_male": 2, "workers_female": 3},
            2018: {
                "workers_male": 3,
                "workers_female": 4,
                "market_reach": "ekspor",
                "export_countries": ("GB", "DE"),
            },
        },
    )
    _unit(
        "3602034505750002",
        "Gula Aren Bayah",
        "36.02.03.2001",
        "gula-aren",
        {2017: {"workers_female": 2}, 2018: {"is_active": False, "workers_female": 0}},
    )
    _unit(
        "3602141203900003",
        "Batik Rangkas",
        "36.02.14.1002",
        "batik-lebak",
        {
            2018: {
                "workers_male": 1,
                "workers_female": 5,
                "market_reach": "ekspor",
                "export_countries": ("DE",),
            }
        },
    )


def test_stats_count_units_with_an_active_report_in_the_year(small_registry: None) -> None:
    stats = headline_stats(year=2018)
    assert set(stats) == TOP_KEYS
    assert stats["units"] == 2
    assert stats["units_previous_year"] == 2
    assert (stats["workers"], stats["workers_male"], stats["workers_female"]) == (13, 4, 9)
    assert stats["exporting_units"] == 2
    assert stats["export_destinations"] == [
        {"country": "DE", "units": 2},
        {"country": "GB", "units": 1},
    ]
    assert stats["region"] == {"code": "36.02", "name": Region.objects.get(code="36.02").name}


def test_stats_lists_every_kecamatan_and_commodity_and_they_add_up(small_registry: None) -> None:
    stats = headline_stats(year=2018)
    assert len(stats["by_kecamatan"]) == 28
    assert len(stats["by_commodity"]) == 11  # the ten and "Belum diklasifikasi" (issue 10)
    for key in ("by_kecamatan", "by_commodity"):
        assert sum(row["units"] for row in stats[key]) == stats["units"]
        assert sum(row["workers"] for row in stats[key]) == stats["workers"]
    rangkas = next(r for r in stats["by_kecamatan"] if r["code"] == "36.02.14")
    assert rangkas == {"code": "36.02.14", "name": "Rangkasbitung", "units": 2, "workers": 13}


def test_stats_for_a_kecamatan_count_only_its_units(small_registry: None) -> None:
    stats = headline_stats(year=2017, region_code="36.02.03")
    assert stats["units"] == 1
    assert stats["workers"] == 2
    assert [r["code"] for r in stats["by_kecamatan"]] == ["36.02.03"]
    assert stats["statement"].startswith("Jumlah industri kecil di Kecamatan Bayah tercatat 1 unit")


def test_statement_uses_indonesian_number_formatting() -> None:
    region = Region(code="36.02", name="Kabupaten Lebak", level=2)
    assert statement_sentence(
        region=region, units=16000, units_previous_year=15372, workers=32987
    ) == (
        "Jumlah industri kecil tercatat 16.000 unit dari sebelumnya 15.372 unit usaha "
        "dengan menyerap tenaga kerja sekitar 33.000 orang."
    )


@pytest.mark.parametrize(
    ("workers", "said"), [(32987, 33000), (33499, 33000), (1234, 1200), (87, 87)]
)
def test_worker_count_is_rounded_as_a_person_would_say_it(workers: int, said: int) -> None:
    assert round_for_statement(workers) == said


def test_stats_command_prints_the_json_contract(small_registry: None) -> None:
    out = StringIO()
    call_command("stats", "--year", "2018", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == TOP_KEYS
    assert data["units"] == 2
    assert data == json.loads(json.dumps(headline_stats(year=2018)))


def test_stats_command_prints_an_indonesian_table(small_registry: None) -> None:
    out = StringIO()
    call_command("stats", "--year", "2018", "--format", "table", stdout=out)
    text = out.getvalue()
    assert "Unit tahun sebelumnya" in text
    assert "Rangkasbitung" in text
    assert text.rstrip().endswith("orang.")


def test_stats_command_refuses_a_malformed_region_code(small_registry: None) -> None:
    with pytest.raises(CommandError, match="format Kemendagri"):
        call_command("stats", "--year", "2018", "--region", "3602")


def test_stats_command_refuses_a_region_that_is_not_loaded(small_registry: None) -> None:
    with pytest.raises(CommandError, match="belum dimuat"):
        call_command("stats", "--year", "2018", "--region", "32.01")


@pytest.mark.parametrize(
    ("language", "whole", "decimal"), [("id", "16.000", "37,8"), ("en", "16,000", "37.8")]
)
def test_numbers_follow_the_interface_language_but_the_statement_stays_indonesian(
    language: str, whole: str, decimal: str
) -> None:
    from django.utils import translation

    from sentra.core.numbers import format_number

    with translation.override(language):
        assert format_number(16000) == whole
        assert format_number(37.84, 1) == decimal
        region = Region(code="36.02", name="Kabupaten Lebak", level=2)
        assert "16.000 unit" in statement_sentence(
            region=region, units=16000, units_previous_year=0, workers=10
        )
