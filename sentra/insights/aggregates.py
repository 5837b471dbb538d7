"""The one computation behind every figure: cells of year × kecamatan × commodity.

`raw_cells` computes them with group-by queries over the registry; `stored_cells` reads the
same cells from the pre-aggregated tables. Every page, report and file sums these cells, so
the figures cannot disagree; tests check that both sources give equal cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Length

from sentra.insights.models import (
    StatsAreaCell,
    StatsAreaCertCell,
    StatsAreaExportCell,
    StatsCell,
    StatsCertCell,
    StatsExportCell,
    StatsState,
)
from sentra.regions.codes import inside
from sentra.regions.codes import within as within_region
from sentra.registry.models import (
    Certificate,
    CertificateStatus,
    ExportDestination,
    MarketReach,
    Sex,
    Unit,
    Verification,
    YearlyReport,
)

Key = tuple[int, str, int]  # year, kecamatan (or region) code, commodity id

# The grain of a cell set: the length of its region codes (province 2, regency 5, kecamatan 8).
GRAIN_LENGTH = {1: 2, 2: 5, 3: 8}


@dataclass
class Cell:
    """The figures of a year × region × commodity. `kecamatan` holds the region's code: a
    kecamatan for the office's cells, a regency or province for regional roll-ups."""

    year: int
    kecamatan: str
    commodity: int
    units: int = 0
    units_new: int = 0
    units_closed: int = 0
    workers_male: int = 0
    workers_female: int = 0
    women_owned: int = 0
    exporting: int = 0
    reach_local: int = 0
    reach_regional: int = 0
    reach_national: int = 0
    export_value_usd: int = 0
    production_value: int = 0
    investment: int = 0
    without_nib: int = 0
    unverified: int = 0

    @property
    def key(self) -> Key:
        return (self.year, self.kecamatan, self.commodity)

    @property
    def workers(self) -> int:
        return self.workers_male + self.workers_female


MEASURES = tuple(f.name for f in fields(Cell) if f.name not in {"year", "kecamatan", "commodity"})


@dataclass(frozen=True)
class CertCell:
    year: int
    kecamatan: str
    commodity: int
    kind_code: str
    units: int


@dataclass(frozen=True)
class ExportCell:
    year: int
    kecamatan: str
    commodity: int
    country: str
    units: int
    value_usd: int


@dataclass
class CellSet:
    """The cells of some years, for the part of the registry a reader looks at."""

    cells: list[Cell] = field(default_factory=list)
    certs: list[CertCell] = field(default_factory=list)
    exports: list[ExportCell] = field(default_factory=list)
    source: str = "raw"

    def of_year(self, year: int) -> list[Cell]:
        return [c for c in self.cells if c.year == year]

    def total(self, year: int) -> Cell:
        out = Cell(year=year, kecamatan="", commodity=0)
        for cell in self.of_year(year):
            for name in MEASURES:
                setattr(out, name, getattr(out, name) + getattr(cell, name))
        return out

    def rolled_up(self, length: int) -> CellSet:
        """The same figures summed to the regions whose codes are the first `length`
        characters of the cells' (a province 2, a regency 5)."""
        cells: dict[Key, Cell] = {}
        for c in self.cells:
            key = (c.year, c.kecamatan[:length], c.commodity)
            into = cells.setdefault(key, Cell(year=key[0], kecamatan=key[1], commodity=key[2]))
            for name in MEASURES:
                setattr(into, name, getattr(into, name) + getattr(c, name))
        certs: dict[tuple[int, str, int, str], int] = {}
        for cc in self.certs:
            k = (cc.year, cc.kecamatan[:length], cc.commodity, cc.kind_code)
            certs[k] = certs.get(k, 0) + cc.units
        exports: dict[tuple[int, str, int, str], list[int]] = {}
        for e in self.exports:
            k = (e.year, e.kecamatan[:length], e.commodity, e.country)
            acc = exports.setdefault(k, [0, 0])
            acc[0] += e.units
            acc[1] += e.value_usd
        return CellSet(
            cells=list(cells.values()),
            certs=[CertCell(*k, units=n) for k, n in certs.items()],
            exports=[ExportCell(*k, units=u, value_usd=v) for k, (u, v) in exports.items()],
            source=self.source,
        )

    def comparable(self) -> tuple[list[dict[str, Any]], list[CertCell], list[ExportCell]]:
        """Sorted plain rows without empty cells, for comparing two sources."""
        cells = sorted(
            (asdict(c) for c in self.cells if any(getattr(c, m) for m in MEASURES)),
            key=lambda r: (r["year"], r["kecamatan"], r["commodity"]),
        )
        return cells, sorted(self.certs, key=repr), sorted(self.exports, key=repr)


def data_years() -> list[int]:
    """Years with at least one active yearly report anywhere, oldest first: read from the
    roll-ups when they are ready (a few rows), else from the registry."""
    if stats_ready():
        return sorted(StatsAreaCell.objects.order_by().values_list("year", flat=True).distinct())
    return raw_data_years()


def raw_data_years() -> list[int]:
    """`data_years` from the registry itself (every report: for rebuilds)."""
    return sorted(
        YearlyReport.objects.filter(is_active=True)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )


def _unit_filter(
    prefix: str,
    units: QuerySet[Unit] | None,
    kecamatan: Iterable[str] | None,
    unit_ids: list[int] | None = None,
) -> Q:
    q = Q()
    if units is not None:
        q &= Q(**{f"{prefix}__in": units.values("pk")})
    if kecamatan is not None:
        q &= Q(**{f"{prefix}__kecamatan_id__in": sorted(kecamatan)})
    if unit_ids is not None:
        q &= Q(**{f"{prefix}_id__in": unit_ids})
    return q


def _units_of_pairs(pairs: Iterable[tuple[str, int]]) -> list[int]:
    """The ids of units in some (kecamatan, commodity) cells, through the unit index. A list,
    not a subquery, so that each following query starts from these units' rows."""
    either = Q(pk__in=[])
    for kec, com in sorted(pairs):
        either |= Q(kecamatan_id=kec, commodity_id=com)
    return list(Unit.objects.filter(either).values_list("pk", flat=True))


def raw_cells(
    *,
    years: Iterable[int] | None = None,
    units: QuerySet[Unit] | None = None,
    kecamatan: Iterable[str] | None = None,
    pairs: Iterable[tuple[str, int]] | None = None,
    known_years: list[int] | None = None,
) -> CellSet:
    """Cells computed directly from the registry (group-by over yearly reports), for some
    years and some units: a queryset, kecamatan codes or (kecamatan, commodity) pairs."""
    unit_ids = _units_of_pairs(pairs) if pairs is not None else None
    all_years = known_years if known_years is not None else data_years()
    wanted = sorted(set(years) & set(all_years)) if years is not None else all_years
    result: dict[Key, Cell] = {}
    if not wanted:
        return CellSet(source="raw")

    def cell(year: int, kec: str, com: int) -> Cell:
        key = (year, kec, com)
        if key not in result:
            result[key] = Cell(year=year, kecamatan=kec, commodity=com)
        return result[key]

    where = _unit_filter("unit", units, kecamatan, unit_ids)
    active = YearlyReport.objects.filter(where, is_active=True)
    # For a few units (incremental updates) the years are filtered in Python: a year condition
    # in SQL would lead SQLite's planner to walk every report of the year instead of these
    # units' few reports.
    by_year = unit_ids is None
    closing_years = [y - 1 for y in wanted]
    if not by_year:
        wanted_q = closing_q = Q()
    else:
        wanted_q, closing_q = Q(year__in=wanted), Q(year__in=closing_years)
    previous = YearlyReport.objects.filter(
        unit_id=OuterRef("unit_id"), year=OuterRef("year") - 1, is_active=True
    )
    following = YearlyReport.objects.filter(
        unit_id=OuterRef("unit_id"), year=OuterRef("year") + 1, is_active=True
    )
    rows = (
        active.filter(wanted_q)
        .values("year", "unit__kecamatan_id", "unit__commodity_id")
        .annotate(
            units=Count("id"),
            units_new=Count("id", filter=~Exists(previous)),
            workers_male=Sum("workers_male"),
            workers_female=Sum("workers_female"),
            women_owned=Count("id", filter=Q(unit__owner__sex=Sex.FEMALE)),
            exporting=Count("id", filter=Q(market_reach=MarketReach.EXPORT)),
            reach_local=Count("id", filter=Q(market_reach=MarketReach.LOCAL)),
            reach_regional=Count("id", filter=Q(market_reach=MarketReach.REGIONAL)),
            reach_national=Count("id", filter=Q(market_reach=MarketReach.NATIONAL)),
            export_value_usd=Sum("export_value_usd"),
            production_value=Sum("production_value"),
            investment=Sum("investment"),
            without_nib=Count("id", filter=Q(unit__nib="")),
            unverified=Count("id", filter=~Q(unit__verification=Verification.VERIFIED)),
        )
        .order_by()
    )
    for row in rows:
        values: dict[str, Any] = dict(row)
        if values["year"] not in wanted:
            continue
        c = cell(values["year"], values["unit__kecamatan_id"], values["unit__commodity_id"])
        for name in MEASURES:
            if name in values:
                setattr(c, name, values[name] or 0)
    # Closed in Y: active in Y-1 and not in Y (only for years that have data).
    closing = (
        active.filter(closing_q)
        .exclude(Exists(following))
        .values("year", "unit__kecamatan_id", "unit__commodity_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for closed in closing:
        if closed["year"] not in closing_years:
            continue
        cell(
            closed["year"] + 1, closed["unit__kecamatan_id"], closed["unit__commodity_id"]
        ).units_closed = closed["n"]

    certs = (
        Certificate.objects.filter(
            _unit_filter("unit", units, kecamatan, unit_ids),
            status=CertificateStatus.ACTIVE,
            unit__reports__is_active=True,
            **({"unit__reports__year__in": wanted} if by_year else {}),
        )
        .values("unit__reports__year", "unit__kecamatan_id", "unit__commodity_id", "kind__code")
        .annotate(n=Count("unit_id", distinct=True))
        .order_by()
    )
    exports = (
        ExportDestination.objects.filter(
            _unit_filter("report__unit", units, kecamatan, unit_ids),
            report__is_active=True,
            report__market_reach=MarketReach.EXPORT,
            **({"report__year__in": wanted} if by_year else {}),
        )
        .values(
            "report__year", "report__unit__kecamatan_id", "report__unit__commodity_id", "country"
        )
        .annotate(n=Count("report__unit_id", distinct=True), value=Sum("value_usd"))
        .order_by()
    )
    return CellSet(
        cells=list(result.values()),
        certs=[
            CertCell(
                year=r["unit__reports__year"],
                kecamatan=r["unit__kecamatan_id"],
                commodity=r["unit__commodity_id"],
                kind_code=r["kind__code"],
                units=r["n"],
            )
            for r in certs
            if r["unit__reports__year"] in wanted
        ],
        exports=[
            ExportCell(
                year=r["report__year"],
                kecamatan=r["report__unit__kecamatan_id"],
                commodity=r["report__unit__commodity_id"],
                country=r["country"],
                units=r["n"],
                value_usd=r["value"] or 0,
            )
            for r in exports
            if r["report__year"] in wanted
        ],
        source="raw",
    )


def stored_cells(
    *,
    years: Iterable[int] | None = None,
    kecamatan: Iterable[str] | None = None,
    within: str | None = None,
) -> CellSet:
    """The same cells read from the pre-aggregated tables (some kecamatan, or every
    kecamatan of the region `within`: a kecamatan itself or those inside a larger region)."""
    q = Q()
    if years is not None:
        q &= Q(year__in=sorted(set(years)))
    if kecamatan is not None:
        q &= Q(kecamatan_id__in=sorted(kecamatan))
    if within is not None:
        q &= within_region(within, "kecamatan__code")
    cells = [
        Cell(
            year=row["year"],
            kecamatan=row["kecamatan_id"],
            commodity=row["commodity_id"],
            **{name: row[name] for name in MEASURES},
        )
        for row in StatsCell.objects.filter(q).values(
            "year", "kecamatan_id", "commodity_id", *MEASURES
        )
    ]
    certs = [
        CertCell(
            year=r["year"],
            kecamatan=r["kecamatan_id"],
            commodity=r["commodity_id"],
            kind_code=r["kind_code"],
            units=r["units"],
        )
        for r in StatsCertCell.objects.filter(q).values(
            "year", "kecamatan_id", "commodity_id", "kind_code", "units"
        )
    ]
    exports = [
        ExportCell(
            year=r["year"],
            kecamatan=r["kecamatan_id"],
            commodity=r["commodity_id"],
            country=r["country"],
            units=r["units"],
            value_usd=r["value_usd"],
        )
        for r in StatsExportCell.objects.filter(q).values(
            "year", "kecamatan_id", "commodity_id", "country", "units", "value_usd"
        )
    ]
    return CellSet(cells=cells, certs=certs, exports=exports, source="stored")


def stats_ready() -> bool:
    """True when the pre-aggregated tables are complete and kept in step."""
    return StatsState.objects.filter(pk=1).exists()


def cells_for(
    *,
    years: Iterable[int],
    kecamatan: Iterable[str] | None = None,
    units: QuerySet[Unit] | None = None,
) -> CellSet:
    """The cells a page needs: from the stored table when it is ready and the question is
    by kecamatan; from the registry for a narrower set of units (an owner's, a desa's)."""
    if units is None and stats_ready():
        return stored_cells(years=years, kecamatan=kecamatan)
    return raw_cells(years=years, kecamatan=kecamatan, units=units)


def stored_area_cells(*, years: Iterable[int], within: str, length: int) -> CellSet:
    """Roll-ups read from the regional tables: the provinces (`length` 2) or regencies (5)
    inside the region `within` (the country "ID" for every province)."""
    q = Q(year__in=sorted(set(years))) & inside(within, "area__code")
    cells = [
        Cell(
            year=row["year"],
            kecamatan=row["area_id"],
            commodity=row["commodity_id"],
            **{name: row[name] for name in MEASURES},
        )
        for row in StatsAreaCell.objects.annotate(n=Length("area_id"))
        .filter(q, n=length)
        .values("year", "area_id", "commodity_id", *MEASURES)
    ]
    certs = [
        CertCell(r["year"], r["area_id"], r["commodity_id"], r["kind_code"], r["units"])
        for r in StatsAreaCertCell.objects.annotate(n=Length("area_id"))
        .filter(q, n=length)
        .values("year", "area_id", "commodity_id", "kind_code", "units")
    ]
    exports = [
        ExportCell(
            r["year"], r["area_id"], r["commodity_id"], r["country"], r["units"], r["value_usd"]
        )
        for r in StatsAreaExportCell.objects.annotate(n=Length("area_id"))
        .filter(q, n=length)
        .values("year", "area_id", "commodity_id", "country", "units", "value_usd")
    ]
    return CellSet(cells=cells, certs=certs, exports=exports, source="stored")


def region_cellset(*, code: str, years: Iterable[int], grain: int) -> CellSet:
    """The cells of region `code` at a grain: one per province (grain 1), regency (2) or
    kecamatan (3) inside it, × commodity. From the stored tables when they are ready, else
    computed from the registry and summed up."""
    years = sorted(set(years))
    length = GRAIN_LENGTH[grain]
    if stats_ready():
        if grain == 3:
            return stored_cells(years=years, within=code)
        return stored_area_cells(years=years, within=code, length=length)
    units = Unit.objects.filter(within_region(code, "kecamatan__code"))
    cs = raw_cells(years=years, units=units)
    return cs if grain == 3 else cs.rolled_up(length)
