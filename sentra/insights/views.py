"""Statistics pages: the home page, the staff dashboard, the public figures and open data."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sentra.accounts.scope import Capability, Scope, scope
from sentra.insights.aggregates import CellSet, data_years
from sentra.insights.figures import dashboard_figures, public_figures, view_cells, view_for
from sentra.insights.panels import (
    add_links,
    boundary_geojson,
    chart_data,
    map_svg,
    measure_labels,
    program_section,
    rates_panel,
)
from sentra.insights.selectors import (
    headline_stats,
    latest_year,
    statement_sentence,
    unit_points,
)
from sentra.market.figures import market_figures
from sentra.market.rules import figures_kecamatan, reads_market_figures
from sentra.regions.codes import COUNTRY, contains_code
from sentra.regions.models import Region
from sentra.siinas.rules import can_extract
from sentra.siinas.selectors import siinas_progress


def market_panel(*, user: Any, year: int) -> dict[str, Any] | None:
    """The market's figures for the dashboard, within the reader's kecamatan (issue 11)."""
    if not reads_market_figures(user):
        return None
    return market_figures(year=year, kecamatan=figures_kecamatan(user))


def home(request: HttpRequest) -> HttpResponse:
    year = latest_year()
    home_region = settings.SENTRA_HOME_REGION
    wide = home_region == COUNTRY or "." not in home_region
    # A province or the country: its regencies or provinces instead of every kecamatan.
    stats = headline_stats(year=year, with_kecamatan=not wide) if year is not None else None
    return render(
        request,
        "insights/home.html",
        {"stats": stats, "previous_year": year - 1 if year else None},
    )


def _year(request: HttpRequest, years: list[int]) -> int | None:
    """The year asked for (`?year=`), or the latest with data."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[-1] if years else None


def _measure(request: HttpRequest) -> str:
    measure = request.GET.get("measure", "units")
    return measure if measure in measure_labels() else "units"


# A region a dashboard can show: the country, a province, a regency or a kecamatan.
_REGION = re.compile(r"ID|[0-9]{2}(\.[0-9]{2}(\.[0-9]{2})?)?")


def _region(request: HttpRequest, s: Scope, *, public: bool) -> str | None:
    """The region asked for (`?region=`), when the reader may read its figures: anything
    inside the deployment's home region on the public page, inside the reader's area on
    the dashboard. Anything else is not found (as units outside a reader's area are)."""
    raw = request.GET.get("region", "")
    if not raw:
        return None
    home = settings.SENTRA_HOME_REGION
    roots = (home,) if public else s.region_roots(home)
    if (
        not _REGION.fullmatch(raw)
        or not any(contains_code(root, raw) for root in roots)
        or (raw != COUNTRY and not Region.objects.filter(code=raw).exists())
    ):
        raise Http404
    return raw


def _statement(figures: dict[str, Any], region: str | None) -> dict[str, Any]:
    """The office's sentence and its numbers, from the figures already summed."""
    place = Region.objects.get(code=region or settings.SENTRA_HOME_REGION)
    numbers = {k: figures[k] for k in ("units", "units_previous_year", "workers")}
    return {**numbers, "statement": statement_sentence(region=place, **numbers)}


def _page(request: HttpRequest, *, public: bool) -> dict[str, Any]:
    s = scope(None if public else request.user)
    region = region_asked = _region(request, s, public=public)
    years = data_years()
    year = _year(request, years)
    measure = _measure(request)
    context: dict[str, Any] = {
        "years": list(reversed(years)),
        "year": year,
        "measure": measure,
        "measures": measure_labels(),
        "measure_label": measure_labels()[measure],
        "public": public,
    }
    if year is None:
        return context
    view = view_for(s, request.user, region=region)
    cs: CellSet = view_cells(view, years)
    figures = dashboard_figures(cs=cs, year=year, view=view)
    if public:
        figures = public_figures(figures)
    figures = add_links(figures, enabled=not public, region=view.region)
    context.update(
        figures=figures,
        map_svg=map_svg(figures, measure, links=not public),
        geojson=boundary_geojson(figures, measure),
        charts=chart_data(figures),
        rates=rates_panel(cs),
        view=view,
        stats=_statement(figures, view.region) if view.is_everything else None,
    )
    if not public:
        context["points"] = unit_points(user=request.user)
        region = view.region if view.region not in (None, COUNTRY) else None
        if view.kecamatan is not None and len(view.kecamatan) == 1:
            region = next(iter(view.kecamatan))
        # The programs' reach and impact estimates (one comparison group per program) are
        # shown for a regency or narrower: a province's or the country's dozens of programs
        # would each be estimated on every request (docs/scale.md).
        wide = view.region is not None and (view.region == COUNTRY or "." not in view.region)
        if (view.is_everything or region is not None) and not wide:
            context["programs"] = program_section(year=year, region_code=region)
        context["market"] = market_panel(user=request.user, year=year)
        # The units of the year in the reader's whole area are the dashboard's own total
        # (unless a narrower region was chosen): no second count over the registry.
        whole = bool(s.kecamatan_codes) or (
            view.region is not None and (not s.everything or view.region == COUNTRY)
        )
        known = figures["units"] if whole and region_asked is None else None
        context["siinas"] = siinas_progress(user=request.user, year=year, units_in_year=known)
        context["siinas_extract"] = can_extract(request.user)
    return context


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Staff dashboard: the chosen year against the previous one, within the user's scope."""
    s = scope(request.user)
    if s.can(Capability.VIEW_OWN_PAGE) and not s.can(Capability.VIEW_DASHBOARD):
        # An owner's figures are their own units: their page, not a regency dashboard.
        return redirect("registry:owner_home")
    if not s.can(Capability.VIEW_DASHBOARD):
        raise PermissionDenied
    context = _page(request, public=False)
    return render(request, "insights/dashboard.html", context)


def public_stats(request: HttpRequest) -> HttpResponse:
    """Public figures: aggregates only, no personal data and no drill-down."""
    return render(request, "insights/public_stats.html", _page(request, public=True))
