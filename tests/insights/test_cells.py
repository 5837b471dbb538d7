"""The pre-aggregated cells equal the raw group-by, and stay so after every kind of write."""

from __future__ import annotations

from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.insights.aggregates import raw_cells, stats_ready, stored_cells
from sentra.insights.refresh import stats_invalidate, stats_refresh
from sentra.insights.selectors import headline_stats
from sentra.registry.models import CertificateKind, Commodity
from sentra.registry.services import (
    ReportData,
    UnitData,
    certificate_add,
    report_record,
    unit_update,
)
from tests.insights.conftest import make_unit

pytestmark = pytest.mark.django_db


def assert_in_step() -> None:
    assert stored_cells().comparable() == raw_cells().comparable()


def test_raw_cells_count_new_and_closed_units_per_cell(crafted: dict[str, Any]) -> None:
    cs = raw_cells()
    total = cs.total(2018)
    assert (total.units, total.units_new, total.units_closed) == (5, 2, 2)
    assert cs.total(2017).units == 5
    assert total.units - cs.total(2017).units == total.units_new - total.units_closed
    assert total.women_owned == 2
    assert total.exporting == 3
    assert total.export_value_usd == 1500
    assert (total.reach_national, total.reach_regional) == (1, 0)


def test_refresh_stores_exactly_the_raw_cells(crafted: dict[str, Any]) -> None:
    assert not stats_ready()
    stats_refresh()
    assert stats_ready()
    assert_in_step()


def test_headline_stats_are_equal_from_both_sources_for_every_year(
    crafted: dict[str, Any],
) -> None:
    raw = {y: headline_stats(year=y) for y in (2016, 2017, 2018)}
    stats_refresh()
    for year in (2016, 2017, 2018):
        assert headline_stats(year=year) == raw[year]
        for region in ("36.02.14", "36.02.03", "36.02.14.2017"):
            stats_invalidate()
            before = headline_stats(year=year, region_code=region)
            stats_refresh()
            assert headline_stats(year=year, region_code=region) == before


def test_cells_stay_in_step_after_each_kind_of_write(
    crafted: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    stats_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        new = make_unit(
            "3602140404800008", "Kerajinan Baru", "36.02.14.2017", "kerajinan-tangan", {}
        )
    assert_in_step()
    with django_capture_on_commit_callbacks(execute=True):
        report_record(
            actor=SystemActor("test"), unit=new, data=ReportData(year=2018, workers_female=7)
        )
    assert_in_step()
    assert stored_cells().total(2018).units == 6
    with django_capture_on_commit_callbacks(execute=True):
        unit = crafted["ona"]
        unit_update(
            actor=SystemActor("test"),
            unit=unit,
            expected_version=unit.version,
            data=UnitData(
                business_name=unit.business_name,
                commodity=Commodity.objects.get(code="mebel"),
                desa_code="36.02.03.2001",
            ),
        )
    assert_in_step()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_add(
            actor=SystemActor("test"),
            unit=new,
            kind=CertificateKind.objects.order_by("-pk").first(),
        )
    assert_in_step()
    with django_capture_on_commit_callbacks(execute=True):
        report_record(
            actor=SystemActor("test"),
            unit=crafted["bilik"],
            data=ReportData(year=2018, is_active=False),
        )
    assert_in_step()


def test_a_new_year_gets_every_closure(
    crafted: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    stats_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        report_record(actor=SystemActor("test"), unit=crafted["bilik"], data=ReportData(year=2019))
    assert_in_step()
    assert stored_cells().total(2019).units_closed == 4


def test_a_change_of_many_units_recomputes_only_their_cells(crafted: dict[str, Any]) -> None:
    from sentra.insights import refresh
    from sentra.insights.models import StatsCell
    from sentra.registry.models import YearlyReport

    stats_refresh()
    batik, ona = crafted["batik"], crafted["ona"]
    theirs = {(batik.kecamatan_id, batik.commodity_id), (ona.kecamatan_id, ona.commodity_id)}
    untouched = {
        c.pk for c in StatsCell.objects.all() if (c.kecamatan_id, c.commodity_id) not in theirs
    }
    assert untouched
    YearlyReport.objects.filter(unit=batik).update(workers_male=40)  # a bulk write
    refresh.stats_on_registry_change(unit_ids=[batik.pk, ona.pk])
    assert_in_step()
    # The other cells were not rebuilt: the same rows are still there.
    assert untouched <= set(StatsCell.objects.values_list("pk", flat=True))
