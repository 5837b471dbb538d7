"""Dashboard panels built from the figures: drill-down links, map tiles, chart data,
the rupiah panel and the programs section."""

from __future__ import annotations

import logging
from dataclasses import asdict, is_dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sentra.core.formats import format_percent, format_signed
from sentra.core.numbers import format_number
from sentra.insights.aggregates import CellSet
from sentra.insights.models import KecamatanBoundary
from sentra.insights.rates import correlation_wording, pearson, yearly_average_rates
from sentra.insights.tilemap import LEBAK_TILES, Tile, tile_map_svg

logger = logging.getLogger(__name__)


def _unit_list_url(**params: Any) -> str:
    """The unit list filtered by the agreed GET parameters ("" until the list exists)."""
    try:
        base = reverse("registry:unit_list")
    except NoReverseMatch:
        return ""
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return base + "?" + urlencode(query)


def add_links(
    figures: dict[str, Any], *, enabled: bool = True, region: str | None = None
) -> dict[str, Any]:
    """Every staff figure drills down to the units behind it (no links when not enabled,
    as on the public page); a region's figures to the units of that region, its rows to
    the units of each region one level down."""
    y = figures["year"]
    p = figures["previous_year"]

    def unit_list_url(**params: Any) -> str:
        if region is not None:
            params.setdefault("region", region)
        return _unit_list_url(**params) if enabled else ""

    area = "region" if region is not None else "kecamatan"

    figures["links"] = {
        "units": unit_list_url(year=y),
        "units_previous_year": unit_list_url(year=p),
        "units_new": unit_list_url(year=y, change="new"),
        "units_closed": unit_list_url(year=y, change="closed"),
        "women_owned": unit_list_url(year=y, women=1),
        "exporting": unit_list_url(year=y, export=1),
    }
    for row in figures["by_kecamatan"]:
        row["link"] = unit_list_url(year=y, **{area: row["code"]})
        row["link_women"] = unit_list_url(year=y, women=1, **{area: row["code"]})
        row["link_export"] = unit_list_url(year=y, export=1, **{area: row["code"]})
    for row in figures["by_commodity"]:
        row["link"] = unit_list_url(year=y, commodity=row["code"])
        row["link_women"] = unit_list_url(year=y, commodity=row["code"], women=1)
        row["link_export"] = unit_list_url(year=y, commodity=row["code"], export=1)
    for row in figures["certificates"]:
        row["link"] = unit_list_url(year=y, cert=row["code"])
    for row in figures["reach"]:
        row["link"] = unit_list_url(year=y, reach=row["code"])
    for row in figures["destinations"]:
        row["link"] = unit_list_url(year=y, country=row["country"])
    return figures


MAP_MEASURES: dict[str, str] = {
    "units": "Unit IKM",
    "workers": "Tenaga kerja",
    "women_share": "Persentase unit milik perempuan",
    "exporting": "Unit pengekspor",
    "change": "Perubahan jumlah unit",
}


def measure_labels() -> dict[str, str]:
    return {
        "units": _("Unit IKM"),
        "workers": _("Tenaga kerja"),
        "women_share": _("Persentase unit milik perempuan"),
        "exporting": _("Unit pengekspor"),
        "change": _("Perubahan jumlah unit"),
    }


def measure_value(row: dict[str, Any], measure: str) -> float | None:
    if measure == "women_share":
        return 100.0 * row["women_owned"] / row["units"] if row["units"] else None
    if measure == "change":
        return float(row["units"] - row["units_prev"])
    return float(row[measure])


def measure_text(value: float | None, measure: str) -> str:
    if value is None:
        return "–"
    if measure == "women_share":
        return format_percent(value)
    text = format_number(abs(round(value)))
    if measure == "change" and value > 0:
        return "+" + text
    if value < 0:
        return "−" + text
    return text


def map_svg(figures: dict[str, Any], measure: str, *, links: bool) -> Any:
    """The tile map of the kecamatan shown (None when none of them has a tile: the tiles
    are drawn for Lebak only)."""
    if not any(row["code"] in LEBAK_TILES for row in figures["by_kecamatan"]):
        return None
    tiles = []
    for row in figures["by_kecamatan"]:
        value = measure_value(row, measure)
        tiles.append(
            Tile(
                code=row["code"],
                name=row["name"],
                value=value,
                label=measure_text(value, measure),
                href=row.get("link", "") if links else "",
            )
        )
    title = _("Peta petak kecamatan: %(measure)s, %(year)s") % {
        "measure": measure_labels()[measure],
        "year": figures["year"],
    }
    return tile_map_svg(
        tiles,
        title=title,
        fmt=(lambda v: measure_text(v, measure)),
    )


def boundary_geojson(figures: dict[str, Any], measure: str) -> dict[str, Any] | None:
    """A FeatureCollection of loaded boundaries with the measure in the properties."""
    rows = {row["code"]: row for row in figures["by_kecamatan"]}
    features = []
    for boundary in KecamatanBoundary.objects.filter(kecamatan_id__in=list(rows)):
        row = rows[boundary.kecamatan_id]
        value = measure_value(row, measure)
        features.append(
            {
                "type": "Feature",
                "geometry": boundary.geometry,
                "properties": {
                    "code": row["code"],
                    "name": row["name"],
                    "value": value,
                    "label": measure_text(value, measure),
                    "href": row.get("link", ""),
                },
            }
        )
    if not features:
        return None
    return {"type": "FeatureCollection", "features": features}


def chart_data(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        "year": figures["year"],
        "previousYear": figures["previous_year"],
        "kecamatan": {
            "labels": [r["name"] for r in figures["by_kecamatan"]],
            "units": [r["units"] for r in figures["by_kecamatan"]],
            "unitsPrev": [r["units_prev"] for r in figures["by_kecamatan"]],
        },
        "commodity": {
            "labels": [r["name"] for r in figures["by_commodity"]],
            "units": [r["units"] for r in figures["by_commodity"]],
            "unitsPrev": [r["units_prev"] for r in figures["by_commodity"]],
        },
        "sex": {
            "labels": [_("Laki-laki"), _("Perempuan")],
            "now": [figures["workers_male"], figures["workers_female"]],
            "before": [
                figures["workers_male_previous_year"],
                figures["workers_female_previous_year"],
            ],
        },
    }


def rates_panel(cs: CellSet) -> dict[str, Any]:
    """Exports and production value beside the yearly-average rate, with Pearson's r."""
    rates = yearly_average_rates()
    years = sorted({c.year for c in cs.cells})
    rows: list[dict[str, Any]] = []
    for year in years:
        total = cs.total(year)
        rows.append(
            {
                "year": year,
                "rate": rates.get(year),
                "export_value_usd": total.export_value_usd,
                "production_value": total.production_value,
            }
        )
    paired = [r for r in rows if r["rate"] is not None]
    xs = [float(r["rate"]) for r in paired]
    r_exports = pearson(xs, [float(r["export_value_usd"]) for r in paired])
    r_production = pearson(xs, [float(r["production_value"]) for r in paired])
    n = len(paired)
    return {
        "rows": rows,
        "n": n,
        "has_rates": bool(rates),
        "r_exports": r_exports,
        "r_production": r_production,
        "wording_exports": correlation_wording(r_exports, n),
        "wording_production": correlation_wording(r_production, n),
        "chart": {
            "labels": [str(r["year"]) for r in rows],
            "rate": [r["rate"] for r in rows],
            "exports": [r["export_value_usd"] for r in rows],
            "production": [r["production_value"] for r in rows],
            "exportsLabel": _("Nilai ekspor (USD)"),
            "rateLabel": _("Kurs (Rp per USD)"),
        },
    }


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return value


def _outcome_labels() -> dict[str, str]:
    return {
        "workers": _("Tenaga kerja (orang/unit)"),
        "production_value": _("Nilai produksi (Rp/unit)"),
        "survival": _("Bertahan aktif (porsi)"),
    }


def _effect(value: float | None) -> str:
    """A difference in differences as text, with its sign: +1,5 / −0,33."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return format_signed(value)
    return format_signed(value, len(f"{abs(value):.4f}".rstrip("0").split(".")[1]))


def program_section(*, year: int, region_code: str | None = None) -> dict[str, Any]:
    """Program reach and measured effect from the programs app, as tables with readable
    headers: kinds by name, effects with their 95% confidence interval (never raw keys)."""
    try:
        from sentra.programs.models import ProgramKind
        from sentra.programs.selectors import program_impact_list, program_reach
    except ImportError:
        return {
            "available": False,
            "note": _("Data program pembinaan belum tersedia di sistem ini."),
        }
    try:
        reach = program_reach(year=year, region_code=region_code)
        impact = program_impact_list(
            year=year, region_code=region_code or settings.SENTRA_HOME_REGION
        )
    except Exception:  # a fault in the programs app must not take the dashboard down
        logger.exception("program figures unavailable")
        return {"available": False, "note": _("Data program pembinaan tidak dapat dibaca.")}
    kinds = dict(ProgramKind.choices)
    labels = _outcome_labels()
    impact_rows: list[list[Any]] = []
    for item in impact:
        for key, outcome in item["outcomes"].items():
            low, high = outcome.get("ci_low"), outcome.get("ci_high")
            interval = (
                _("%(low)s s.d. %(high)s") % {"low": _effect(low), "high": _effect(high)}
                if low is not None and high is not None
                else "–"
            )
            impact_rows.append(
                [
                    f"{item['code']} · {item['name']}",
                    labels.get(key, key),
                    item["recipients"],
                    item["comparison_units"],
                    _effect(outcome["difference_in_differences"]),
                    interval,
                ]
            )
    return {
        "available": True,
        "reach": {
            "headers": [_("Ukuran"), _("Nilai")],
            "rows": [
                [_("Program"), reach["programs"]],
                [_("Unit terjangkau"), reach["participants"]],
            ],
        },
        "by_kind": {
            "headers": [_("Jenis program"), _("Program"), _("Unit terjangkau")],
            "rows": [
                [str(kinds.get(r["kind"], r["label"])), r["programs"], r["units"]]
                for r in reach["by_kind"]
            ],
        },
        "impact": {
            "headers": [
                _("Program"),
                _("Ukuran"),
                _("Penerima (unit)"),
                _("Pembanding (unit)"),
                _("Selisih ganda"),
                _("Selang kepercayaan 95%"),
            ],
            "rows": impact_rows,
        },
        "raw_reach": reach,
        "raw_impact": impact,
    }
