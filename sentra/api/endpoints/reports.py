"""Yearly reports (laporan tahunan): the list per unit and year, one report, its update."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

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
from sentra.api.schemas import MAX_ID, ReportOut, ReportPage, ReportPatch
from sentra.registry.forms import ReportForm, report_initial
from sentra.registry.models import YearlyReport
from sentra.registry.selectors import report_list_for_user
from sentra.registry.services import ConflictError, report_update, unit_mark_unverified
from sentra.registry.views.edit_access import Writer, unit_for_write

router = Router(tags=["reports"])


class ReportQuery(Schema):
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="Unit id")
    year: int | None = Field(None, ge=1900, le=2100)
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _reports(user: Any) -> QuerySet[YearlyReport]:
    return (
        report_list_for_user(user=user)
        .select_related("unit")
        .prefetch_related("export_destinations")
    )


def report_dict(report: YearlyReport) -> dict[str, Any]:
    return ReportOut.model_validate(
        {
            "id": report.pk,
            "unit_id": report.unit_id,
            "unit_code": report.unit.code,
            "year": report.year,
            "is_active": report.is_active,
            "workers_male": report.workers_male,
            "workers_female": report.workers_female,
            "investment": report.investment,
            "production_value": report.production_value,
            "capacity": report.capacity,
            "capacity_unit": report.capacity_unit,
            "raw_materials": report.raw_materials,
            "market_reach": report.market_reach,
            "export_value_usd": report.export_value_usd,
            "export_countries": sorted(d.country for d in report.export_destinations.all()),
            "version": report.version,
            "updated_at": report.updated_at,
        }
    ).model_dump(mode="json")


@router.get("/reports/", response={200: ReportPage, **READ}, url_name="report_list")
def report_list(request: HttpRequest, query: Query[ReportQuery]) -> HttpResponse:
    """Yearly reports of the units the token's user may see, by unit and/or year."""
    only_params(request, ReportQuery)
    reports = _reports(request.user)
    if query.unit is not None:
        reports = reports.filter(unit_id=query.unit)
    if query.year is not None:
        reports = reports.filter(year=query.year)

    def serialize(rows: Iterable[YearlyReport]) -> list[dict[str, Any]]:
        return [report_dict(r) for r in rows]

    body = cursor_page(
        request, reports, limit=query.limit, cursor=query.cursor, serialize=serialize
    )
    return json_response(request, body)


UnitId = Path(..., ge=1, le=MAX_ID)
Year = Path(..., ge=1900, le=2100)


def _report_detail(request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
    report = _reports(request.user).filter(unit_id=unit_id, year=year).first()
    if report is None:
        raise ApiProblem(status=404, code="not_found", detail=_("Laporan tahunan tidak ditemukan."))
    return json_response(request, report_dict(report), version=report.version)


@router.get(
    "/units/{unit_id}/reports/{year}/",
    response={200: ReportOut, **READ},
    url_name="report_detail",
)
def report_detail(request: HttpRequest, unit_id: int = UnitId, year: int = Year) -> HttpResponse:
    """A unit's report for a year; its ETag carries the version to send back as If-Match."""
    only_params(request)
    return _report_detail(request, unit_id, year)


@router.patch(
    "/units/{unit_id}/reports/{year}/",
    response={200: ReportOut, **WRITE},
    url_name="report_update",
    openapi_extra={
        "parameters": [
            {
                "in": "header",
                "name": "If-Match",
                "required": True,
                "schema": {"type": "string", "pattern": IF_MATCH_PATTERN},
                "description": "The ETag of the report as you read it.",
            }
        ]
    },
)
def report_patch(
    request: HttpRequest, payload: ReportPatch, unit_id: int = UnitId, year: int = Year
) -> HttpResponse:
    """Change a yearly report. Needs a write token and If-Match; an owner's change sends the
    unit back to the verification queue, as on the web."""
    only_params(request)
    caller: Caller = request.auth  # type: ignore[attr-defined]
    require_write(caller)
    unit, writer = unit_for_write(request.user, unit_id)
    report = YearlyReport.objects.filter(unit=unit, year=year).first()
    if report is None:
        raise ApiProblem(status=404, code="not_found", detail=_("Laporan tahunan tidak ditemukan."))
    version = expected_version(request)
    data: dict[str, Any] = {k: ("" if v is None else v) for k, v in report_initial(report).items()}
    for name, value in payload.model_dump(exclude_unset=True).items():
        if name == "export_countries":
            value = ", ".join(value or [])
        data[name] = "" if value is None else value
    form = ReportForm(data, fixed_year=year)
    if not form.is_valid():
        raise form_problem(form, prefix="body")
    try:
        with transaction.atomic():
            report_update(
                actor=request.user,
                report=report,
                expected_version=version,
                data=form.report_data(),
            )
            if writer is Writer.OWNER:
                unit_mark_unverified(actor=request.user, unit=unit)
    except ConflictError:
        current = _report_detail(request, unit_id, year)
        raise ApiProblem(
            status=412,
            code="version_conflict",
            detail=_(
                "Laporan ini sudah diubah orang lain sejak Anda membacanya; baca lagi, lalu "
                "kirim ulang dengan ETag yang baru."
            ),
            headers={"ETag": current["ETag"]},
        ) from None
    except ValidationError as exc:
        raise validation_problem(
            [{**e, "field": f"body.{e['field']}"} for e in django_errors(exc)]
        ) from None
    return _report_detail(request, unit_id, year)
