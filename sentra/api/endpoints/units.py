"""Units: the filtered list (the same filters as /units/), a unit, and its business update."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from sentra.accounts.scope import scope
from sentra.api.auth import Caller, require_write
from sentra.api.common import READ, WRITE, form_problem
from sentra.api.http import (
    DEFAULT_LIMIT,
    IF_MATCH_PATTERN,
    MAX_LIMIT,
    cursor_page,
    expected_version,
    json_response,
    only_params,
)
from sentra.api.problems import ApiProblem, django_errors, validation_problem
from sentra.api.schemas import MAX_ID, UnitOut, UnitPage, UnitPatch
from sentra.registry.filters import UnitSearch, text_is_personal, unit_search
from sentra.registry.forms import UnitForm, unit_initial
from sentra.registry.models import Commodity, LegalForm, Unit
from sentra.registry.services import ConflictError, unit_owner_update, unit_update
from sentra.registry.views.edit_access import Writer, unit_for_write

router = Router(tags=["units"])

FILTERS = (
    "q kecamatan desa commodity kbli status year reach cert women export country change"
).split()


class UnitFilters(Schema):
    """The /units/ filters. Values taken from reference data (kecamatan, desa, commodity,
    certificate kind, a year with reports) answer 422 naming the filter when unknown."""

    q: str | None = Field(None, max_length=100, description="Business name, owner name or NIB")
    kecamatan: str | None = Field(
        None, pattern=r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$", description="Kemendagri kecamatan code"
    )
    desa: str | None = Field(
        None,
        pattern=r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$",
        description="Kemendagri desa code",
    )
    commodity: str | None = Field(None, max_length=32, description="Commodity code")
    kbli: str | None = Field(None, pattern=r"^[0-9]{5}$")
    status: Literal["aktif", "tidak_aktif", "tutup", "pindah"] | None = None
    year: int | None = Field(
        None, ge=1900, le=2100, description="Units active in the year (default: the latest)"
    )
    reach: Literal["lokal", "regional", "nasional", "ekspor"] | None = None
    cert: str | None = Field(None, max_length=16, description="Certificate kind code")
    women: Literal["1"] | None = Field(None, description="1: women-owned units")
    export: Literal["1"] | None = Field(None, description="1: exporting units")
    country: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="Export destination (ISO alpha-2)"
    )
    change: Literal["new", "closed"] | None = Field(None, description="New or closed in the year")
    cursor: str | None = Field(None, max_length=500, description="From the `next` link")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _search(request: HttpRequest, filters: UnitFilters) -> UnitSearch:
    params = QueryDict(mutable=True)
    for name in FILTERS:
        value = getattr(filters, name)
        if value is not None and value != "":
            params[name] = str(value)
    if text_is_personal(params.get("q", "")):
        raise ApiProblem(
            status=400,
            code="personal_search",
            detail=_(
                "Pencarian dengan NIK atau nomor telepon tidak tersedia. Cari dengan nama "
                "usaha, nama pemilik atau NIB."
            ),
            errors=[{"field": "query.q", "code": "personal", "message": _("Tidak tersedia.")}],
        )
    search = unit_search(user=request.user, params=params)
    if not search.form.is_valid():
        raise form_problem(search.form, prefix="query")
    return search


def unit_dict(unit: Unit, year: int | None) -> dict[str, Any]:
    figures = None
    if year is not None and getattr(unit, "year_market_reach", None) is not None:
        figures = {
            "workers": unit.year_workers,  # type: ignore[attr-defined]
            "production_value": unit.year_production_value,  # type: ignore[attr-defined]
            "market_reach": unit.year_market_reach,  # type: ignore[attr-defined]
        }
    return UnitOut.model_validate(
        {
            "id": unit.pk,
            "code": unit.code,
            "business_name": unit.business_name,
            "owner": {"id": unit.owner_id, "name": unit.owner.name},
            "nib": unit.nib,
            "legal_form": unit.legal_form.code if unit.legal_form else None,
            "kbli": unit.kbli,
            "kbli_version": unit.kbli_version,
            "commodity": {"code": unit.commodity.code, "name": unit.commodity.name},
            "desa": {"code": unit.desa_id, "name": unit.desa.name},
            "kecamatan": {"code": unit.kecamatan_id, "name": unit.kecamatan.name},
            "kampung": unit.kampung,
            "rt": unit.rt,
            "rw": unit.rw,
            "address": unit.address,
            "latitude": float(unit.latitude) if unit.latitude is not None else None,
            "longitude": float(unit.longitude) if unit.longitude is not None else None,
            "year_established": unit.year_established,
            "status": unit.status,
            "verification": unit.verification,
            "data_source": unit.data_source,
            "version": unit.version,
            "updated_at": unit.updated_at,
            "year": year,
            "year_figures": figures,
        }
    ).model_dump(mode="json")


def _unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    search = unit_search(user=request.user, params=QueryDict())
    unit = search.queryset.filter(pk=unit_id).first()
    if unit is None:
        raise ApiProblem(status=404, code="not_found", detail=_("Unit tidak ditemukan."))
    return json_response(request, unit_dict(unit, search.year), version=unit.version)


@router.get("/units/", response={200: UnitPage, **READ}, url_name="unit_list")
def unit_list(request: HttpRequest, filters: Query[UnitFilters]) -> HttpResponse:
    """Units the token's user may see, filtered like the /units/ page, ordered by id."""
    only_params(request, UnitFilters)
    search = _search(request, filters)

    def serialize(units: Iterable[Unit]) -> list[dict[str, Any]]:
        return [unit_dict(u, search.year) for u in units]

    page = cursor_page(
        request, search.queryset, limit=filters.limit, cursor=filters.cursor, serialize=serialize
    )
    return json_response(request, page)


UnitId = Path(..., ge=1, le=MAX_ID)


@router.get("/units/{unit_id}/", response={200: UnitOut, **READ}, url_name="unit_detail")
def unit_detail(request: HttpRequest, unit_id: int = UnitId) -> HttpResponse:
    """One unit; its ETag carries the version to send back as If-Match."""
    only_params(request)
    return _unit_detail(request, unit_id)


def _code_to_pk(model: Any, code: str | None, field: str) -> Any:
    if code is None or code == "":
        return None
    pk = model.objects.filter(code=code).values_list("pk", flat=True).first()
    if pk is None:
        raise validation_problem(
            [
                {
                    "field": f"body.{field}",
                    "code": "unknown",
                    "message": _("Kode %(code)s tidak dikenal.") % {"code": code[:32]},
                }
            ]
        )
    return pk


@router.patch(
    "/units/{unit_id}/",
    response={200: UnitOut, **WRITE},
    url_name="unit_update",
    openapi_extra={
        "parameters": [
            {
                "in": "header",
                "name": "If-Match",
                "required": True,
                "schema": {"type": "string", "pattern": IF_MATCH_PATTERN},
                "description": "The ETag of the unit as you read it.",
            }
        ]
    },
)
def unit_patch(request: HttpRequest, payload: UnitPatch, unit_id: int = UnitId) -> HttpResponse:
    """Change business fields. Needs a write token and If-Match; an owner's change goes back
    to the officers' verification queue, as on the web."""
    only_params(request)
    caller: Caller = request.auth  # type: ignore[attr-defined]
    require_write(caller)
    unit, writer = unit_for_write(request.user, unit_id)
    version = expected_version(request)
    changes = payload.model_dump(exclude_unset=True)
    data = {k: ("" if v is None else v) for k, v in unit_initial(unit).items()}
    for name, value in changes.items():
        if name == "commodity":
            value = _code_to_pk(Commodity, value, "commodity")
        elif name == "legal_form":
            value = _code_to_pk(LegalForm, value, "legal_form")
        data[name] = "" if value is None else value
    form = UnitForm(data, scope=scope(request.user), keep_desa=unit.desa)
    if not form.is_valid():
        raise form_problem(form, prefix="body")
    update = unit_owner_update if writer is Writer.OWNER else unit_update
    try:
        update(
            actor=request.user,
            unit=unit,
            expected_version=version,
            data=form.unit_data(data_source=unit.data_source),
        )
    except ConflictError:
        current = _unit_detail(request, unit_id)
        raise ApiProblem(
            status=412,
            code="version_conflict",
            detail=_(
                "Unit ini sudah diubah orang lain sejak Anda membacanya; baca lagi, lalu "
                "kirim ulang dengan ETag yang baru."
            ),
            headers={"ETag": current["ETag"]},
        ) from None
    except ValidationError as exc:
        raise validation_problem(
            [{**e, "field": f"body.{e['field']}"} for e in django_errors(exc)]
        ) from None
    return _unit_detail(request, unit_id)
