"""Keeping the pre-aggregated tables in step with the registry.

`stats_refresh` rebuilds them inside the database (`INSERT … SELECT … GROUP BY`, see
`cellsql`), for every year or one; `stats_on_registry_change` is the registry's change hook
(settings SENTRA_REPORT_CHANGE_HOOKS): after a unit, report or certificate write commits it
recomputes only the cells the changed units were and are counted in, and the regional
roll-ups above them — however many units an import changed, never everything.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from sentra.core.actors import Actor
from sentra.core.audit import audit_record
from sentra.core.bulk import one_of
from sentra.insights import cellsql
from sentra.insights.aggregates import raw_data_years, stats_ready
from sentra.insights.models import (
    StatsAreaCell,
    StatsAreaCertCell,
    StatsAreaExportCell,
    StatsCell,
    StatsCertCell,
    StatsExportCell,
    StatsState,
    StatsUnitKey,
)
from sentra.registry.models import Unit, YearlyReport

logger = logging.getLogger(__name__)
TABLES = (
    StatsCell,
    StatsCertCell,
    StatsExportCell,
    StatsAreaCell,
    StatsAreaCertCell,
    StatsAreaExportCell,
    StatsUnitKey,
)


def _empty_all() -> None:
    with connection.cursor() as cursor:
        for model in TABLES:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a model's table


def _mark_ready() -> None:
    StatsState.objects.update_or_create(
        pk=1, defaults={"refreshed_at": timezone.now(), "cells": StatsCell.objects.count()}
    )


def stats_refresh(*, year: int | None = None, actor: Actor | None = None) -> int:
    """Rebuild the pre-aggregated tables (all years, or one year and the next, whose
    new/closed counts depend on it), in SQL. Returns the number of kecamatan cells written."""
    with transaction.atomic():
        years = raw_data_years()
        if year is None:
            _empty_all()
            written = cellsql.cells_insert(years=years)
            cellsql.areas_rebuild(years=years)
            cellsql.unit_keys_write()
        else:
            touched = [year, year + 1]
            cellsql.cells_delete(years=touched)
            written = cellsql.cells_insert(years=[y for y in touched if y in years])
            cellsql.areas_rebuild(years=touched)
        _mark_ready()
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


def _stored_years() -> set[int]:
    return set(StatsAreaCell.objects.order_by().values_list("year", flat=True).distinct())


def _known_years(stored: set[int], changed_years: set[int]) -> list[int]:
    """The data years, without scanning every report: the stored years, corrected for the
    years the changed units have reports in (a year may appear or lose its last unit)."""
    years = set(stored)
    for year in changed_years:
        if YearlyReport.objects.filter(year=year, is_active=True).exists():
            years.add(year)
        else:
            years.discard(year)
    return sorted(years)


def stats_units_changed(*, unit_ids: Iterable[int]) -> int:
    """Recompute the cells the given units were counted in and are counted in now, and the
    roll-ups of their regency and province. Returns the kecamatan cells written."""
    ids = sorted(set(unit_ids))
    if not ids or not stats_ready():
        return 0
    with transaction.atomic():
        pairs = cellsql.pairs_of_units(ids)
        report_years = cellsql.report_years_of_units(ids)
        stored = _stored_years()
        changed = report_years | {y + 1 for y in report_years}
        known = _known_years(stored, changed)
        if Unit.objects.filter(pk__in=one_of(ids, integers=True)).count() < len(ids):
            changed |= stored  # a unit was deleted: its reports no longer say its years
        years = sorted(changed & set(known))
        # A year that lost its last active report disappears from the data years.
        gone = sorted(stored - set(known))
        if gone:
            cellsql.cells_delete(years=gone)
            cellsql.areas_rebuild(years=gone)
        fresh = sorted(set(years) - stored)
        if fresh:
            # A year seen for the first time: every cell of it (closures too) is new.
            cellsql.cells_delete(years=fresh)
            cellsql.cells_insert(years=fresh)
            cellsql.areas_rebuild(years=fresh)
            years = [y for y in years if y not in fresh]
        written = 0
        if pairs and years:
            cellsql.cells_delete(years=years, pairs=pairs)
            written = cellsql.cells_insert(years=years, pairs=pairs)
            cellsql.areas_rebuild(years=years, areas=cellsql.areas_of(k for k, _ in pairs))
        cellsql.unit_keys_write(unit_ids=ids)
        StatsState.objects.filter(pk=1).update(refreshed_at=timezone.now())
    return written


def stats_on_registry_change(*, unit_ids: Iterable[int]) -> None:
    """The registry's change hook: runs after the registry's transaction committed."""
    stats_units_changed(unit_ids=unit_ids)
