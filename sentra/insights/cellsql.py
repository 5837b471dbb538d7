"""The statistics cells computed inside the database: `INSERT … SELECT … GROUP BY` over the
registry, for every cell, for some years, or for the (kecamatan, commodity) cells a few units
sit in; and the regional roll-ups summed from them.

`aggregates.raw_cells` computes the same cells in Python through the ORM (the reference the
tests compare with); this module writes them without building a Python object per unit, so
that a full rebuild at millions of units is one statement per table and an import's update
touches only its own cells. The SQL is plain enough for SQLite and PostgreSQL alike; lists
travel as one parameter (an array on PostgreSQL, a JSON text on SQLite).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

from sentra.insights.aggregates import MEASURES
from sentra.insights.models import (
    StatsAreaCell,
    StatsAreaCertCell,
    StatsAreaExportCell,
    StatsCell,
    StatsCertCell,
    StatsExportCell,
    StatsUnitKey,
)
from sentra.registry.models import (
    Certificate,
    CertificateKind,
    CertificateStatus,
    ExportDestination,
    MarketReach,
    Person,
    Sex,
    Unit,
    Verification,
    YearlyReport,
)

# Region codes: the first 5 characters of a kecamatan code name its regency, 2 its province.
AREA_LENGTHS = (5, 2)


def _t(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _pg() -> bool:
    return connection.vendor == "postgresql"


def ints_in(expression: str, values: Iterable[int]) -> tuple[str, list[Any]]:
    """`expression IN (values)` with the values as one parameter."""
    items = sorted({int(v) for v in values})
    if _pg():
        return f"{expression} = ANY(%s::bigint[])", [items]
    return f"{expression} IN (SELECT value FROM json_each(%s))", [json.dumps(items)]  # noqa: S608


def texts_in(expression: str, values: Iterable[str]) -> tuple[str, list[Any]]:
    items = sorted({str(v) for v in values})
    if _pg():
        return f"{expression} = ANY(%s::text[])", [items]
    return f"{expression} IN (SELECT value FROM json_each(%s))", [json.dumps(items)]  # noqa: S608


def pairs_in(kecamatan: str, commodity: str, pairs: Iterable[tuple[str, int]]) -> tuple[str, list]:
    """`(kecamatan, commodity) IN (pairs)` with the pairs as one or two parameters."""
    items = sorted({(str(k), int(c)) for k, c in pairs})
    if _pg():
        return (
            f"({kecamatan}, {commodity}) IN "  # noqa: S608 - column names from this module
            "(SELECT k, c FROM unnest(%s::text[], %s::bigint[]) AS p(k, c))",
            [[k for k, _ in items], [c for _, c in items]],
        )
    return (
        f"({kecamatan}, {commodity}) IN (SELECT json_extract(value, '$[0]'), "  # noqa: S608
        "json_extract(value, '$[1]') FROM json_each(%s))",
        [json.dumps(items)],
    )


def _execute(sql: str, params: Sequence[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _where(parts: list[tuple[str, list[Any]]]) -> tuple[str, list[Any]]:
    sql = " AND ".join(p for p, _ in parts) or "1 = 1"
    params = [v for _, values in parts for v in values]
    return sql, params


def _unit_conditions(
    years: Sequence[int], pairs: Iterable[tuple[str, int]] | None, year_column: str = "r.year"
) -> list[tuple[str, list[Any]]]:
    parts = [ints_in(year_column, years)]
    if pairs is not None:
        parts.append(pairs_in("u.kecamatan_id", "u.commodity_id", pairs))
    return parts


def cells_insert(*, years: Sequence[int], pairs: Iterable[tuple[str, int]] | None = None) -> int:
    """Insert the cells (kecamatan × commodity) of `years` (data years only), for every unit
    or for the units of some cells. The caller deleted the cells first. Returns cells."""
    if not years:
        return 0
    pairs = list(pairs) if pairs is not None else None
    if pairs is not None and not pairs:
        return 0
    r, u, o = _t(YearlyReport), _t(Unit), _t(Person)
    measures = {
        "units": "COUNT(*)",
        "units_new": "SUM(CASE WHEN p.id IS NULL THEN 1 ELSE 0 END)",
        "units_closed": "0",
        "workers_male": "SUM(r.workers_male)",
        "workers_female": "SUM(r.workers_female)",
        "women_owned": "SUM(CASE WHEN o.sex = %s THEN 1 ELSE 0 END)",
        "exporting": "SUM(CASE WHEN r.market_reach = %s THEN 1 ELSE 0 END)",
        "reach_local": "SUM(CASE WHEN r.market_reach = %s THEN 1 ELSE 0 END)",
        "reach_regional": "SUM(CASE WHEN r.market_reach = %s THEN 1 ELSE 0 END)",
        "reach_national": "SUM(CASE WHEN r.market_reach = %s THEN 1 ELSE 0 END)",
        "export_value_usd": "SUM(r.export_value_usd)",
        "production_value": "SUM(r.production_value)",
        "investment": "SUM(r.investment)",
        "without_nib": "SUM(CASE WHEN u.nib = '' THEN 1 ELSE 0 END)",
        "unverified": "SUM(CASE WHEN u.verification <> %s THEN 1 ELSE 0 END)",
    }
    assert tuple(measures) == MEASURES
    select_params: list[Any] = [
        Sex.FEMALE,
        MarketReach.EXPORT,
        MarketReach.LOCAL,
        MarketReach.REGIONAL,
        MarketReach.NATIONAL,
        Verification.VERIFIED,
    ]
    where, params = _where(_unit_conditions(years, pairs))
    columns = ", ".join(["year", "kecamatan_id", "commodity_id", *MEASURES])
    # Identifiers come from the models; every value is a parameter.
    sql = (
        f"INSERT INTO {_t(StatsCell)} ({columns}) "  # noqa: S608
        f"SELECT r.year, u.kecamatan_id, u.commodity_id, {', '.join(measures.values())} "
        f"FROM {r} r JOIN {u} u ON u.id = r.unit_id JOIN {o} o ON o.id = u.owner_id "
        f"LEFT JOIN {r} p ON p.unit_id = r.unit_id AND p.year = r.year - 1 "
        f"AND p.is_active = %s "
        f"WHERE r.is_active = %s AND {where} "
        f"GROUP BY r.year, u.kecamatan_id, u.commodity_id"
    )
    written = _execute(sql, [*select_params, True, True, *params])
    # Closed in Y: active in Y-1 and not active in Y; a cell may hold only closures.
    where, params = _where(_unit_conditions([y - 1 for y in years], pairs))
    others = [m for m in MEASURES if m != "units_closed"]
    sql = (
        f"INSERT INTO {_t(StatsCell)} ({columns}) "  # noqa: S608
        f"SELECT r.year + 1, u.kecamatan_id, u.commodity_id, "
        f"{', '.join('COUNT(*)' if m == 'units_closed' else '0' for m in MEASURES)} "
        f"FROM {r} r JOIN {u} u ON u.id = r.unit_id "
        f"LEFT JOIN {r} f ON f.unit_id = r.unit_id AND f.year = r.year + 1 "
        f"AND f.is_active = %s "
        f"WHERE r.is_active = %s AND f.id IS NULL AND {where} "
        f"GROUP BY r.year, u.kecamatan_id, u.commodity_id "
        f"ON CONFLICT (year, kecamatan_id, commodity_id) "
        f"DO UPDATE SET units_closed = excluded.units_closed"
    )
    assert others  # the conflict keeps the other measures of the active units' row
    _execute(sql, [True, True, *params])
    _certs_insert(years, pairs)
    _exports_insert(years, pairs)
    return written


def _certs_insert(years: Sequence[int], pairs: list[tuple[str, int]] | None) -> None:
    c, k, u, r = _t(Certificate), _t(CertificateKind), _t(Unit), _t(YearlyReport)
    where, params = _where(_unit_conditions(years, pairs))
    sql = (
        f"INSERT INTO {_t(StatsCertCell)} "  # noqa: S608
        f"(year, kecamatan_id, commodity_id, kind_code, units) "
        f"SELECT r.year, u.kecamatan_id, u.commodity_id, k.code, COUNT(DISTINCT c.unit_id) "
        f"FROM {c} c JOIN {k} k ON k.id = c.kind_id JOIN {u} u ON u.id = c.unit_id "
        f"JOIN {r} r ON r.unit_id = c.unit_id AND r.is_active = %s "
        f"WHERE c.status = %s AND {where} "
        f"GROUP BY r.year, u.kecamatan_id, u.commodity_id, k.code"
    )
    _execute(sql, [True, CertificateStatus.ACTIVE, *params])


def _exports_insert(years: Sequence[int], pairs: list[tuple[str, int]] | None) -> None:
    d, r, u = _t(ExportDestination), _t(YearlyReport), _t(Unit)
    where, params = _where(_unit_conditions(years, pairs))
    sql = (
        f"INSERT INTO {_t(StatsExportCell)} "  # noqa: S608
        f"(year, kecamatan_id, commodity_id, country, units, value_usd) "
        f"SELECT r.year, u.kecamatan_id, u.commodity_id, d.country, "
        f"COUNT(DISTINCT r.unit_id), COALESCE(SUM(d.value_usd), 0) "
        f"FROM {d} d JOIN {r} r ON r.id = d.report_id JOIN {u} u ON u.id = r.unit_id "
        f"WHERE r.is_active = %s AND r.market_reach = %s AND {where} "
        f"GROUP BY r.year, u.kecamatan_id, u.commodity_id, d.country"
    )
    _execute(sql, [True, MarketReach.EXPORT, *params])


def cells_delete(*, years: Sequence[int], pairs: Iterable[tuple[str, int]] | None = None) -> None:
    """Delete the kecamatan cells of `years` (of some cells only, with `pairs`)."""
    if not years:
        return
    parts = [ints_in("year", years)]
    if pairs is not None:
        parts.append(pairs_in("kecamatan_id", "commodity_id", pairs))
    where, params = _where(parts)
    for model in (StatsCell, StatsCertCell, StatsExportCell):
        _execute(f"DELETE FROM {_t(model)} WHERE {where}", params)  # noqa: S608


def areas_of(kecamatan: Iterable[str]) -> set[str]:
    """The regency and province codes containing these kecamatan."""
    return {code[:n] for code in kecamatan for n in AREA_LENGTHS}


def areas_rebuild(*, years: Sequence[int], areas: Iterable[str] | None = None) -> int:
    """Recompute the roll-ups of `years` from the kecamatan cells: every province and
    regency, or only `areas` (codes of either level). Returns the roll-up cells written."""
    if not years:
        return 0
    wanted = sorted(set(areas)) if areas is not None else None
    if wanted is not None and not wanted:
        return 0
    parts = [ints_in("year", years)]
    if wanted is not None:
        parts.append(texts_in("area_id", wanted))
    where, params = _where(parts)
    for model in (StatsAreaCell, StatsAreaCertCell, StatsAreaExportCell):
        _execute(f"DELETE FROM {_t(model)} WHERE {where}", params)  # noqa: S608
    written = 0
    sums = ", ".join(f"SUM({m})" for m in MEASURES)
    for length in AREA_LENGTHS:
        area = f"substr(kecamatan_id, 1, {length})"
        parts = [ints_in("year", years)]
        if wanted is not None:
            parts.append(texts_in(area, [a for a in wanted if len(a) == length]))
        where, params = _where(parts)
        written += _execute(
            f"INSERT INTO {_t(StatsAreaCell)} "  # noqa: S608
            f"(year, area_id, commodity_id, {', '.join(MEASURES)}) "
            f"SELECT year, {area}, commodity_id, {sums} FROM {_t(StatsCell)} "
            f"WHERE {where} GROUP BY year, {area}, commodity_id",
            params,
        )
        _execute(
            f"INSERT INTO {_t(StatsAreaCertCell)} "  # noqa: S608
            f"(year, area_id, commodity_id, kind_code, units) "
            f"SELECT year, {area}, commodity_id, kind_code, SUM(units) "
            f"FROM {_t(StatsCertCell)} WHERE {where} "
            f"GROUP BY year, {area}, commodity_id, kind_code",
            params,
        )
        _execute(
            f"INSERT INTO {_t(StatsAreaExportCell)} "  # noqa: S608
            f"(year, area_id, commodity_id, country, units, value_usd) "
            f"SELECT year, {area}, commodity_id, country, SUM(units), SUM(value_usd) "
            f"FROM {_t(StatsExportCell)} WHERE {where} "
            f"GROUP BY year, {area}, commodity_id, country",
            params,
        )
    return written


def unit_keys_write(*, unit_ids: Iterable[int] | None = None) -> None:
    """Record the cell key each unit is counted under now (every unit, or some)."""
    keys, units = _t(StatsUnitKey), _t(Unit)
    params: list[Any]
    if unit_ids is None:
        _execute(f"DELETE FROM {keys}", [])  # noqa: S608
        where, params = "1 = 1", []
    else:
        where, params = ints_in("id", unit_ids)
        condition, ids = ints_in("unit_id", unit_ids)
        _execute(f"DELETE FROM {keys} WHERE {condition}", ids)  # noqa: S608
    _execute(
        f"INSERT INTO {keys} (unit_id, kecamatan_id, commodity_id) "  # noqa: S608
        f"SELECT id, kecamatan_id, commodity_id FROM {units} WHERE {where}",
        params,
    )


def pairs_of_units(unit_ids: Sequence[int]) -> set[tuple[str, int]]:
    """The cells the units were last counted in (StatsUnitKey) and are in now."""
    found: set[tuple[str, int]] = set()
    for model, column in ((StatsUnitKey, "unit_id"), (Unit, "id")):
        condition, params = ints_in(column, unit_ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT kecamatan_id, commodity_id FROM {_t(model)} "  # noqa: S608
                f"WHERE {condition}",
                params,
            )
            found |= {(str(k), int(c)) for k, c in cursor.fetchall()}
    return found


def report_years_of_units(unit_ids: Sequence[int]) -> set[int]:
    condition, params = ints_in("unit_id", unit_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT year FROM {_t(YearlyReport)} WHERE {condition}",  # noqa: S608
            params,
        )
        return {int(row[0]) for row in cursor.fetchall()}
