"""Headline statistics: the one source of the figures the office quotes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from sentra.core.numbers import format_number_id
from sentra.insights.aggregates import (
    CellSet,
    data_years,
    raw_cells,
    region_cellset,
    stats_ready,
)
from sentra.insights.models import StatsCell
from sentra.regions.codes import inside
from sentra.regions.models import Region, RegionLevel
from sentra.regions.selectors import kecamatan_list, region_children
from sentra.registry.models import Commodity, Unit, YearlyReport


def round_for_statement(value: int) -> int:
    """ "sekitar 33.000 orang": round to a figure a person would say aloud."""
    if value >= 10_000:
        return round(value, -3)
    if value >= 1_000:
        return round(value, -2)
    return value


def latest_year() -> int | None:
    years = data_years()
    return years[-1] if years else None


def child_grain(region: Region) -> int:
    """The level of the regions one step below `region` that its cells are read at:
    provinces for the country, regencies for a province, kecamatan for a regency; a
    kecamatan's own cells for a kecamatan."""
    return min(max(int(region.level) + 1, 1), 3)


def _kecamatan_of(region: Region) -> list[Region]:
    if region.level == RegionLevel.DISTRICT:
        return [region]
    if region.level == RegionLevel.VILLAGE:
        return list(Region.objects.filter(code=region.parent_id))
    return list(kecamatan_list(within=region.code).order_by("code"))


def statement_sentence(
    *, region: Region, units: int, units_previous_year: int, workers: int
) -> str:
    place = "" if region.code == settings.SENTRA_HOME_REGION else f" di {region.label}"
    parts = [f"Jumlah industri kecil{place} tercatat {format_number_id(units)} unit"]
    if units_previous_year:
        parts.append(f" dari sebelumnya {format_number_id(units_previous_year)} unit usaha")
    parts.append(
        f" dengan menyerap tenaga kerja sekitar "
        f"{format_number_id(round_for_statement(workers))} orang."
    )
    return "".join(parts)


def region_cells(*, region: Region, years: list[int]) -> CellSet:
    """The cells of a region, one per region one level down × commodity (stored or raw);
    raw for a single desa."""
    if region.level == RegionLevel.VILLAGE:
        return raw_cells(years=years, units=Unit.objects.filter(desa_id=region.code))
    return region_cellset(code=region.code, years=years, grain=child_grain(region))


def _kecamatan_totals(region: Region, year: int) -> dict[str, list[int]]:
    """Units and workers of every kecamatan inside a province or the country, grouped in
    the database (thousands of kecamatan: not summed here cell by cell)."""
    if stats_ready():
        rows = (
            StatsCell.objects.filter(inside(region.code, "kecamatan__code"), year=year)
            .values("kecamatan_id")
            .annotate(u=Sum("units"), m=Sum("workers_male"), f=Sum("workers_female"))
            .order_by()
        )
        return {r["kecamatan_id"]: [r["u"], r["m"] + r["f"]] for r in rows}
    cs = raw_cells(years=[year], units=Unit.objects.filter(inside(region.code, "kecamatan__code")))
    out: dict[str, list[int]] = {}
    for cell in cs.of_year(year):
        acc = out.setdefault(cell.kecamatan, [0, 0])
        acc[0] += cell.units
        acc[1] += cell.workers
    return out


def _desa_totals(region: Region, year: int) -> dict[str, list[int]]:
    """Units and workers per desa of one kecamatan, from its few hundred reports."""
    rows = (
        YearlyReport.objects.filter(year=year, is_active=True, unit__kecamatan_id=region.code)
        .values("unit__desa_id")
        .annotate(u=Count("id"), m=Sum("workers_male"), f=Sum("workers_female"))
        .order_by()
    )
    return {r["unit__desa_id"]: [r["u"], r["m"] + r["f"]] for r in rows}


def _rows(regions: list[Region], totals: dict[str, list[int]]) -> list[dict[str, Any]]:
    return [
        {
            "code": r.code,
            "name": r.name,
            "units": totals.get(r.code, [0, 0])[0],
            "workers": totals.get(r.code, [0, 0])[1],
        }
        for r in regions
    ]


def headline_stats(
    *, year: int, region_code: str | None = None, with_kecamatan: bool = True
) -> dict[str, Any]:
    """The headline figures for a year and region, in the `sentra stats` JSON contract:
    `by_kecamatan` lists every kecamatan of the region, `by_region` the regions one level
    down (provinces of the country, regencies of a province, kecamatan of a regency, desa of
    a kecamatan; none below a desa). Without `with_kecamatan`, `by_kecamatan` is left empty
    (a country's 7,000 kecamatan are no page's table)."""
    region = Region.objects.get(code=region_code or settings.SENTRA_HOME_REGION)
    cs = region_cells(region=region, years=[year, year - 1])
    now = cs.total(year)
    units_previous_year = cs.total(year - 1).units

    by_commodity_rows: dict[int, list[int]] = {}
    by_area_rows: dict[str, list[int]] = {}
    for cell in cs.of_year(year):
        for acc in (
            by_commodity_rows.setdefault(cell.commodity, [0, 0]),
            by_area_rows.setdefault(cell.kecamatan, [0, 0]),
        ):
            acc[0] += cell.units
            acc[1] += cell.workers
    by_commodity = [
        {
            "code": commodity.code,
            "name": commodity.name,
            "units": by_commodity_rows.get(commodity.pk, [0, 0])[0],
            "workers": by_commodity_rows.get(commodity.pk, [0, 0])[1],
        }
        for commodity in Commodity.objects.all()
    ]
    kecamatan = _kecamatan_of(region) if with_kecamatan else []
    if not with_kecamatan:
        kecamatan_totals: dict[str, list[int]] = {}
    elif region.level in (RegionLevel.REGENCY, RegionLevel.DISTRICT):
        kecamatan_totals = by_area_rows
    elif region.level == RegionLevel.VILLAGE:
        kecamatan_totals = {region.parent_id or "": [now.units, now.workers]}
    else:
        kecamatan_totals = _kecamatan_totals(region, year)
    if region.level == RegionLevel.DISTRICT:
        by_region = _rows(
            list(region_children(region).order_by("code")), _desa_totals(region, year)
        )
    elif region.level == RegionLevel.VILLAGE:
        by_region = []
    else:
        by_region = _rows(list(region_children(region).order_by("code")), by_area_rows)
    by_country: dict[str, int] = {}
    for export in cs.exports:
        if export.year == year:
            by_country[export.country] = by_country.get(export.country, 0) + export.units
    destinations = sorted(by_country.items(), key=lambda item: (-item[1], item[0]))
    workers = now.workers
    return {
        "year": year,
        "region": {"code": region.code, "name": region.name},
        "units": now.units,
        "units_previous_year": units_previous_year,
        "workers": workers,
        "workers_male": now.workers_male,
        "workers_female": now.workers_female,
        "by_commodity": by_commodity,
        "by_kecamatan": _rows(kecamatan, kecamatan_totals),
        "by_region": by_region,
        "exporting_units": now.exporting,
        "export_destinations": [
            {"country": country, "units": units} for country, units in destinations
        ],
        "statement": statement_sentence(
            region=region,
            units=now.units,
            units_previous_year=units_previous_year,
            workers=workers,
        ),
    }


def stats_table(stats: dict[str, Any]) -> str:
    """The same figures as a plain-text table in the interface language."""
    n = format_number_id
    lines = [
        _("Statistik IKM %(region)s tahun %(year)s")
        % {"region": stats["region"]["name"], "year": stats["year"]},
        "",
        f"{_('Unit IKM'):<32}{n(stats['units']):>12}",
        f"{_('Unit tahun sebelumnya'):<32}{n(stats['units_previous_year']):>12}",
        f"{_('Tenaga kerja'):<32}{n(stats['workers']):>12}",
        f"{_('  laki-laki'):<32}{n(stats['workers_male']):>12}",
        f"{_('  perempuan'):<32}{n(stats['workers_female']):>12}",
        f"{_('Unit pengekspor'):<32}{n(stats['exporting_units']):>12}",
        "",
    ]
    for title, key in ((_("Komoditas"), "by_commodity"), (_("Kecamatan"), "by_kecamatan")):
        lines.append(f"{title:<32}{_('Unit'):>12}{_('Tenaga kerja'):>14}")
        for row in stats[key]:
            lines.append(f"{row['name']:<32}{n(row['units']):>12}{n(row['workers']):>14}")
        lines.append("")
    lines.append(f"{_('Negara tujuan ekspor'):<32}{_('Unit'):>12}")
    for row in stats["export_destinations"]:
        lines.append(f"{row['country']:<32}{n(row['units']):>12}")
    lines += ["", stats["statement"]]
    return "\n".join(lines)


MAX_POINTS = 5000


def unit_points(*, user: Any) -> list[list[Any]]:
    """[latitude, longitude, business name, unit page] of the units with GPS coordinates
    (KoboToolbox/ODK surveys) the user may see, for the staff map; never on public pages."""
    from django.urls import reverse

    from sentra.registry.selectors import unit_list_for_user

    rows = (
        unit_list_for_user(user=user)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values_list("pk", "latitude", "longitude", "business_name")[:MAX_POINTS]
    )
    return [
        [float(lat or 0), float(lon or 0), name, reverse("registry:unit_detail", args=[pk])]
        for pk, lat, lon, name in rows
    ]
