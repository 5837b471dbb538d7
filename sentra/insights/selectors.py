"""Headline statistics: the one source of the figures the office quotes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _

from sentra.core.numbers import format_number_id
from sentra.regions.models import Region, RegionLevel
from sentra.registry.models import Commodity, ExportDestination, MarketReach, YearlyReport


def round_for_statement(value: int) -> int:
    """ "sekitar 33.000 orang": round to a figure a person would say aloud."""
    if value >= 10_000:
        return round(value, -3)
    if value >= 1_000:
        return round(value, -2)
    return value


@dataclass(frozen=True)
class RegionFilter:
    region: Region

    def reports(self) -> Q:
        code = self.region.code
        if self.region.level == RegionLevel.VILLAGE:
            return Q(unit__desa_id=code)
        if self.region.level == RegionLevel.DISTRICT:
            return Q(unit__kecamatan_id=code)
        return Q(unit__kecamatan__code__startswith=code + ".")


def latest_year() -> int | None:
    year: int | None = YearlyReport.objects.filter(is_active=True).aggregate(y=Max("year"))["y"]
    return year


def _kecamatan_of(region: Region) -> list[Region]:
    if region.level == RegionLevel.DISTRICT:
        return [region]
    if region.level == RegionLevel.VILLAGE:
        return list(Region.objects.filter(code=region.parent_id))
    return list(
        Region.objects.filter(level=RegionLevel.DISTRICT, code__startswith=region.code + ".")
    )


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


def headline_stats(*, year: int, region_code: str | None = None) -> dict[str, Any]:
    """The headline figures for a year and region, in the `sentra stats` JSON contract."""
    region = Region.objects.get(code=region_code or settings.SENTRA_HOME_REGION)
    where = RegionFilter(region).reports()
    active = YearlyReport.objects.filter(where, is_active=True)
    this_year = active.filter(year=year)
    totals = this_year.aggregate(
        units=Count("id"),
        male=Sum("workers_male", default=0),
        female=Sum("workers_female", default=0),
        exporting=Count("id", filter=Q(market_reach=MarketReach.EXPORT)),
    )
    units_previous_year = active.filter(year=year - 1).count()

    by_commodity_rows = {
        row["unit__commodity_id"]: row
        for row in this_year.values("unit__commodity_id").annotate(
            units=Count("id"), male=Sum("workers_male"), female=Sum("workers_female")
        )
    }
    by_commodity = []
    for commodity in Commodity.objects.all():
        row = by_commodity_rows.pop(commodity.pk, None)
        by_commodity.append(
            {
                "code": commodity.code,
                "name": commodity.name,
                "units": row["units"] if row else 0,
                "workers": (row["male"] + row["female"]) if row else 0,
            }
        )

    by_kecamatan_rows = {
        row["unit__kecamatan_id"]: row
        for row in this_year.values("unit__kecamatan_id").annotate(
            units=Count("id"), male=Sum("workers_male"), female=Sum("workers_female")
        )
    }
    by_kecamatan = []
    for kecamatan in _kecamatan_of(region):
        kec_row = by_kecamatan_rows.get(kecamatan.code)
        by_kecamatan.append(
            {
                "code": kecamatan.code,
                "name": kecamatan.name,
                "units": kec_row["units"] if kec_row else 0,
                "workers": (kec_row["male"] + kec_row["female"]) if kec_row else 0,
            }
        )

    destinations = (
        ExportDestination.objects.filter(
            report__in=this_year.filter(market_reach=MarketReach.EXPORT)
        )
        .values("country")
        .annotate(units=Count("report__unit", distinct=True))
        .order_by("-units", "country")
    )
    workers = totals["male"] + totals["female"]
    return {
        "year": year,
        "region": {"code": region.code, "name": region.name},
        "units": totals["units"],
        "units_previous_year": units_previous_year,
        "workers": workers,
        "workers_male": totals["male"],
        "workers_female": totals["female"],
        "by_commodity": by_commodity,
        "by_kecamatan": by_kecamatan,
        "exporting_units": totals["exporting"],
        "export_destinations": [
            {"country": row["country"], "units": row["units"]} for row in destinations
        ],
        "statement": statement_sentence(
            region=region,
            units=totals["units"],
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
