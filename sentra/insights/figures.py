"""Dashboard figures for a year against the previous one, summed from the cells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from sentra.accounts.scope import Scope
from sentra.insights.aggregates import CellSet, cells_for, region_cellset
from sentra.regions.codes import COUNTRY
from sentra.regions.models import Region, RegionLevel
from sentra.regions.selectors import kecamatan_list, region_ancestors, region_children
from sentra.registry.models import CertificateKind, Commodity, MarketReach
from sentra.registry.selectors import unit_list_for_user

SUPPRESS_BELOW = 3  # public figures about fewer units than this are not shown


@dataclass(frozen=True)
class View:
    """Which part of the registry a dashboard shows: every kecamatan, some, or own units;
    or a region (the country, a province, a regency or a kecamatan) with its figures one
    level down, read from the regional pre-aggregates."""

    kecamatan: frozenset[str] | None  # None: every kecamatan
    own_units_of: Any = None  # an owner: only their units (raw queries)
    region: str | None = None  # a region's code: read at the next level down

    @property
    def is_everything(self) -> bool:
        return self.kecamatan is None and self.own_units_of is None


def view_for(s: Scope, user: Any = None, *, region: str | None = None) -> View:
    """The view of a reader: `region` when one was chosen (the caller checked that the
    reader may read it), else the reader's whole area. A deployment for a province or the
    country, and a regional analyst with one region, read by region."""
    if region is not None:
        return View(kecamatan=None, region=region)
    home = settings.SENTRA_HOME_REGION
    if s.everything or s.is_public:
        return View(kecamatan=None, region=home if _above_regency(home) else None)
    if s.kecamatan_codes:
        return View(kecamatan=frozenset(s.kecamatan_codes))
    if len(s.region_codes) == 1:
        return View(kecamatan=None, region=next(iter(s.region_codes)))
    return View(kecamatan=None, own_units_of=user)


def _above_regency(code: str) -> bool:
    return code == COUNTRY or "." not in code


def grain_below(code: str) -> int:
    """The grain a region's dashboard is read at: provinces for the country, regencies for a
    province, kecamatan for a regency or a kecamatan."""
    if code == COUNTRY:
        return 1
    return 2 if "." not in code else 3


def view_cells(view: View, years: list[int]) -> CellSet:
    if view.region is not None:
        return region_cellset(code=view.region, years=years, grain=grain_below(view.region))
    if view.own_units_of is not None:
        return cells_for(years=years, units=unit_list_for_user(user=view.own_units_of))
    codes = view.kecamatan
    if codes is None:
        codes = frozenset(kecamatan_list().values_list("code", flat=True))
    return cells_for(years=years, kecamatan=codes)


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


GROUP_FIELDS = (
    "units units_prev workers workers_male workers_female women_owned exporting "
    "export_value_usd production_value units_new units_closed"
).split()


def _empty_row() -> dict[str, int]:
    return dict.fromkeys(GROUP_FIELDS, 0)


def _group(cs: CellSet, year: int, attr: str) -> dict[Any, dict[str, int]]:
    out: dict[Any, dict[str, int]] = {}
    for cell in cs.cells:
        if cell.year not in (year, year - 1):
            continue
        row = out.setdefault(getattr(cell, attr), _empty_row())
        if cell.year == year - 1:
            row["units_prev"] += cell.units
            continue
        row["units"] += cell.units
        row["workers"] += cell.workers
        row["workers_male"] += cell.workers_male
        row["workers_female"] += cell.workers_female
        row["women_owned"] += cell.women_owned
        row["exporting"] += cell.exporting
        row["export_value_usd"] += cell.export_value_usd
        row["production_value"] += cell.production_value
        row["units_new"] += cell.units_new
        row["units_closed"] += cell.units_closed
    return out


def dashboard_figures(*, cs: CellSet, year: int, view: View) -> dict[str, Any]:
    """Every figure of the dashboard (and of the public page, the report and the map)."""
    now, before = cs.total(year), cs.total(year - 1)
    area = _area(view.region)
    kecamatan: list[Region] = area["children"] if area else list(kecamatan_list())
    by_kec = _group(cs, year, "kecamatan")
    if view.kecamatan is not None:
        kecamatan = [k for k in kecamatan if k.code in view.kecamatan]
    elif view.own_units_of is not None:
        kecamatan = [k for k in kecamatan if k.code in by_kec]
    empty = _empty_row()
    by_com = _group(cs, year, "commodity")
    commodities = list(Commodity.objects.all())
    kinds = list(CertificateKind.objects.all())
    cert_units: dict[str, int] = {}
    for c in cs.certs:
        if c.year == year:
            cert_units[c.kind_code] = cert_units.get(c.kind_code, 0) + c.units
    countries: dict[str, list[int]] = {}
    for e in cs.exports:
        if e.year == year:
            acc = countries.setdefault(e.country, [0, 0])
            acc[0] += e.units
            acc[1] += e.value_usd
    reach_units = {
        MarketReach.LOCAL: now.reach_local,
        MarketReach.REGIONAL: now.reach_regional,
        MarketReach.NATIONAL: now.reach_national,
        MarketReach.EXPORT: now.exporting,
    }
    return {
        "year": year,
        "previous_year": year - 1,
        "home_region": settings.SENTRA_HOME_REGION,
        "region": area["region"] if area else None,
        "ancestors": area["ancestors"] if area else [],
        "area_label": area["label"] if area else _("Kecamatan"),
        "units": now.units,
        "units_previous_year": before.units,
        "units_new": now.units_new,
        "units_closed": now.units_closed,
        "units_net": now.units - before.units,
        "workers": now.workers,
        "workers_male": now.workers_male,
        "workers_female": now.workers_female,
        "workers_previous_year": before.workers,
        "workers_male_previous_year": before.workers_male,
        "workers_female_previous_year": before.workers_female,
        "women_owned": now.women_owned,
        "women_owned_share": _share(now.women_owned, now.units),
        "exporting_units": now.exporting,
        "exporting_units_previous_year": before.exporting,
        "export_value_usd": now.export_value_usd,
        "export_value_usd_previous_year": before.export_value_usd,
        "production_value": now.production_value,
        "production_value_previous_year": before.production_value,
        "without_nib": now.without_nib,
        "unverified": now.unverified,
        "by_kecamatan": [
            {"code": k.code, "name": k.name, **by_kec.get(k.code, empty)} for k in kecamatan
        ],
        "by_commodity": [
            {"code": c.code, "name": c.name, "id": c.pk, **by_com.get(c.pk, empty)}
            for c in commodities
        ],
        "certificates": [
            {
                "code": k.code,
                "name": k.name,
                "units": cert_units.get(k.code, 0),
                "share": _share(cert_units.get(k.code, 0), now.units),
            }
            for k in kinds
        ],
        "reach": [
            {"code": code.value, "name": str(code.label), "units": reach_units[code]}
            for code in MarketReach
        ],
        "destinations": [
            {"country": country, "units": units, "value_usd": value}
            for country, (units, value) in sorted(
                countries.items(), key=lambda item: (-item[1][0], item[0])
            )
        ],
    }


def _area(code: str | None) -> dict[str, Any] | None:
    """The shown region, its ancestors (for the way back up) and the regions its figures are
    given for: itself for a kecamatan, else the regions one level down."""
    if code is None:
        return None
    region = Region.objects.get(code=code)
    if region.level >= RegionLevel.DISTRICT:
        children, label = [region], _("Kecamatan")
    else:
        children = list(region_children(region).order_by("code"))
        label = {
            RegionLevel.COUNTRY: _("Provinsi"),
            RegionLevel.PROVINCE: _("Kabupaten/kota"),
        }.get(RegionLevel(region.level), _("Kecamatan"))
    return {
        "region": {"code": region.code, "name": region.label},
        "ancestors": [{"code": r.code, "name": r.label} for r in region_ancestors(region)],
        "children": children,
        "label": label,
    }


def public_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """The public version: export values of fewer than 3 units are not shown."""
    out = dict(figures)
    out["destinations"] = [
        {**row, "value_usd": row["value_usd"] if row["units"] >= SUPPRESS_BELOW else None}
        for row in figures["destinations"]
    ]
    return out
