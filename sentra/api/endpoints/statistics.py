"""Statistics: the figures and JSON keys of `sentra stats`, from the same selector."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from sentra.accounts.scope import scope
from sentra.api.auth import api_caller
from sentra.api.common import READ
from sentra.api.http import json_response, only_params
from sentra.api.problems import ApiProblem
from sentra.api.schemas import Statistics
from sentra.insights.selectors import headline_stats, latest_year
from sentra.regions.models import Region

router = Router(tags=["statistics"])


class StatsQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2100, description="Default: the latest with data")
    region: str | None = Field(
        None,
        pattern=r"^(ID|[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?)$",
        description="Kemendagri code, or ID for the whole country (default: the home region)",
    )


def _may_see_region(request: HttpRequest, region: Region) -> bool:
    """The home region's figures are public (the home page shows them); another region's are
    for users whose scope covers it: everything inside the home region for those who see all
    units, inside their regions for regional analysts, their kecamatan for officers."""
    if region.code == settings.SENTRA_HOME_REGION:
        return True
    return scope(request.user).covers_region(region.code, settings.SENTRA_HOME_REGION)


@router.get(
    "/statistics/",
    response={200: Statistics, **READ},
    url_name="statistics",
    auth=None,
    openapi_extra={"security": [{}, {"TokenAuth": []}]},
)
def statistics(request: HttpRequest, query: Query[StatsQuery]) -> HttpResponse:
    """The headline figures (`sentra stats --format json`). Anyone may read the home
    region's; another region needs a token whose user sees it."""
    api_caller(request, required=False)
    only_params(request, StatsQuery)
    code = query.region or settings.SENTRA_HOME_REGION
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ApiProblem(status=404, code="not_found", detail=_("Wilayah tidak ditemukan."))
    if not _may_see_region(request, region):
        if not request.user.is_authenticated:
            raise ApiProblem(
                status=401,
                code="token_missing",
                detail=_("Angka wilayah ini memerlukan token API."),
                headers={"WWW-Authenticate": 'Bearer realm="sentra"'},
            )
        raise ApiProblem(
            status=403, code="forbidden", detail=_("Anda tidak berwenang melihat wilayah ini.")
        )
    year = query.year or latest_year()
    if year is None:
        raise ApiProblem(status=404, code="no_data", detail=_("Belum ada laporan tahunan."))
    return json_response(request, headline_stats(year=year, region_code=region.code))
