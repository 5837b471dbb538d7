"""Keeping the pre-aggregated tables in step with the registry.

`stats_refresh` rebuilds them (after bulk loads such as the demo or an import);
`stats_on_registry_change` is the registry's change hook (settings
SENTRA_REPORT_CHANGE_HOOKS): after a unit, report or certificate write commits it recomputes
only the cells the changed units were and are counted in.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import asdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sentra.core.actors import Actor, SystemActor
from sentra.core.audit import audit_record
from sentra.insights.aggregates import CellSet, raw_cells, stats_ready
from sentra.insights.models import (
    StatsCell,
    StatsCertCell,
    StatsExportCell,
    StatsState,
    StatsUnitKey,
)
from sentra.registry.models import Unit, YearlyReport

logger = logging.getLogger(__name__)
BATCH = 2000
FULL_REFRESH_ABOVE = 500  # changed units beyond which one full rebuild beats per-cell work


def _write(cellset: CellSet) -> int:
    StatsCell.objects.bulk_create(
        [
            StatsCell(
                **{k: v for k, v in asdict(c).items() if k not in {"kecamatan", "commodity"}},
                kecamatan_id=c.kecamatan,
                commodity_id=c.commodity,
            )
            for c in cellset.cells
        ],
        batch_size=BATCH,
    )
    StatsCertCell.objects.bulk_create(
        [
            StatsCertCell(
                year=c.year,
                kecamatan_id=c.kecamatan,
                commodity_id=c.commodity,
                kind_code=c.kind_code,
                units=c.units,
            )
            for c in cellset.certs
        ],
        batch_size=BATCH,
    )
    StatsExportCell.objects.bulk_create(
        [
            StatsExportCell(
                year=c.year,
                kecamatan_id=c.kecamatan,
                commodity_id=c.commodity,
                country=c.country,
                units=c.units,
                value_usd=c.value_usd,
            )
            for c in cellset.exports
        ],
        batch_size=BATCH,
    )
    return len(cellset.cells)


def stats_refresh(*, year: int | None = None, actor: Actor | None = None) -> int:
    """Rebuild the pre-aggregated tables (all years, or one year and the next, whose
    new/closed counts depend on it). Returns the number of cells written."""
    with transaction.atomic():
        if year is None:
            for model in (StatsCell, StatsCertCell, StatsExportCell, StatsUnitKey):
                model.objects.all().delete()
            cellset = raw_cells()
            StatsUnitKey.objects.bulk_create(
                [
                    StatsUnitKey(unit_id=pk, kecamatan_id=kec, commodity_id=com)
                    for pk, kec, com in Unit.objects.values_list(
                        "pk", "kecamatan_id", "commodity_id"
                    )
                ],
                batch_size=BATCH,
            )
        else:
            years = [year, year + 1]
            for model in (StatsCell, StatsCertCell, StatsExportCell):
                model.objects.filter(year__in=years).delete()
            cellset = raw_cells(years=years)
        written = _write(cellset)
        total = StatsCell.objects.count()
        StatsState.objects.update_or_create(
            pk=1, defaults={"refreshed_at": timezone.now(), "cells": total}
        )
        audit_record(
            actor=actor,
            action="stats.refresh",
            object_type="insights.statscell",
            summary=f"year {year or 'all'}: {written} cells",
        )
    return written


def stats_invalidate() -> None:
    """Mark the tables stale (readers use raw queries until the next full refresh)."""
    StatsState.objects.filter(pk=1).delete()


def _known_years(changed_years: set[int]) -> list[int]:
    """The data years, without scanning every report: the stored years, corrected for the
    years the changed units have reports in (a year may appear or lose its last unit)."""
    years = set(StatsCell.objects.order_by().values_list("year", flat=True).distinct())
    for year in changed_years:
        if YearlyReport.objects.filter(year=year, is_active=True).exists():
            years.add(year)
        else:
            years.discard(year)
    return sorted(years)


def stats_units_changed(*, unit_ids: Iterable[int]) -> int:
    """Recompute the cells the given units were counted in and are counted in now."""
    ids = sorted(set(unit_ids))
    if not ids or not stats_ready():
        return 0
    if len(ids) > FULL_REFRESH_ABOVE:  # a bulk load (an import): rebuilding is cheaper
        return stats_refresh(actor=SystemActor("stats hook"))
    with transaction.atomic():
        old = set(
            StatsUnitKey.objects.filter(unit_id__in=ids).values_list("kecamatan_id", "commodity_id")
        )
        current = list(
            Unit.objects.filter(pk__in=ids).values_list("pk", "kecamatan_id", "commodity_id")
        )
        pairs = old | {(kec, com) for _, kec, com in current}
        report_years = set(
            YearlyReport.objects.filter(unit_id__in=ids).values_list("year", flat=True)
        )
        stored = set(StatsCell.objects.order_by().values_list("year", flat=True).distinct())
        known = _known_years(report_years | {y + 1 for y in report_years})
        years = sorted(({*report_years} | {y + 1 for y in report_years}) & set(known))
        # A year that lost its last active report disappears from the data years: drop it.
        gone = sorted(stored - set(known))
        for model in (StatsCell, StatsCertCell, StatsExportCell):
            model.objects.filter(year__in=gone).delete()
        fresh = sorted(set(years) - stored)
        if fresh:
            # A year seen for the first time: every cell of it (closures too) is new.
            for model in (StatsCell, StatsCertCell, StatsExportCell):
                model.objects.filter(year__in=fresh).delete()
            _write(raw_cells(years=fresh, known_years=known))
            years = [y for y in years if y not in fresh]
        written = 0
        if pairs and years:
            where = Q(pk__in=[])
            for kec, com in pairs:
                where |= Q(kecamatan_id=kec, commodity_id=com)
            for model in (StatsCell, StatsCertCell, StatsExportCell):
                model.objects.filter(where, year__in=years).delete()
            written = _write(raw_cells(years=years, pairs=pairs, known_years=known))
        StatsUnitKey.objects.filter(unit_id__in=ids).delete()
        StatsUnitKey.objects.bulk_create(
            [
                StatsUnitKey(unit_id=pk, kecamatan_id=kec, commodity_id=com)
                for pk, kec, com in current
            ]
        )
        StatsState.objects.filter(pk=1).update(refreshed_at=timezone.now())
    return written


def stats_on_registry_change(*, unit_ids: Iterable[int]) -> None:
    """The registry's change hook: runs after the registry's transaction committed."""
    stats_units_changed(unit_ids=unit_ids)
