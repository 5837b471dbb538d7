"""Development programs and participations (read only), as the web shows them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from sentra.api.common import READ
from sentra.api.http import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, json_response, only_params
from sentra.api.problems import ApiProblem
from sentra.api.schemas import MAX_ID, ParticipationOut, ParticipationPage, ProgramOut, ProgramPage
from sentra.programs.models import Participation, Program
from sentra.programs.selectors import (
    participation_list_for_user,
    program_get_for_user,
    program_list_for_user,
)

router = Router(tags=["programs"])


class ProgramQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2100, description="Fiscal year")
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class ParticipationQuery(Schema):
    program: int | None = Field(None, ge=1, le=MAX_ID, description="Program id")
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="Unit id")
    year: int | None = Field(None, ge=1900, le=2100, description="The program's fiscal year")
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def program_dict(program: Program) -> dict[str, Any]:
    return ProgramOut.model_validate(
        {
            "id": program.pk,
            "code": program.code,
            "name": program.name,
            "kind": program.kind,
            "fiscal_year": program.fiscal_year,
            "funding_source": program.funding_source,
            "budget_ceiling": program.budget_ceiling,
            "realised_spending": program.realised_spending,
            "quota": program.quota,
            "starts_on": program.starts_on,
            "ends_on": program.ends_on,
            "place": program.place,
            "target_kind": program.target_kind,
            "status": program.status,
        }
    ).model_dump(mode="json")


@router.get("/programs/", response={200: ProgramPage, **READ}, url_name="program_list")
def program_list(request: HttpRequest, query: Query[ProgramQuery]) -> HttpResponse:
    """The office's programs (staff see them; others get an empty list, as on the web)."""
    only_params(request, ProgramQuery)
    programs = program_list_for_user(user=request.user)
    if query.year is not None:
        programs = programs.filter(fiscal_year=query.year)

    def serialize(rows: Iterable[Program]) -> list[dict[str, Any]]:
        return [program_dict(p) for p in rows]

    body = cursor_page(
        request, programs, limit=query.limit, cursor=query.cursor, serialize=serialize
    )
    return json_response(request, body)


@router.get(
    "/programs/{program_id}/", response={200: ProgramOut, **READ}, url_name="program_detail"
)
def program_detail(
    request: HttpRequest, program_id: int = Path(..., ge=1, le=MAX_ID)
) -> HttpResponse:
    """A program (staff only; others 404, as on the web)."""
    only_params(request)
    try:
        program = program_get_for_user(user=request.user, pk=program_id)
    except Http404:
        raise ApiProblem(
            status=404, code="not_found", detail=_("Program tidak ditemukan.")
        ) from None
    return json_response(request, program_dict(program))


def participation_dict(p: Participation) -> dict[str, Any]:
    return ParticipationOut.model_validate(
        {
            "id": p.pk,
            "program_id": p.program_id,
            "program_code": p.program.code,
            "unit_id": p.unit_id,
            "unit_code": p.unit.code if p.unit is not None else None,
            "cluster_id": p.cluster_id,
            "cluster_name": p.cluster.name if p.cluster is not None else None,
            "stage": p.stage,
            "delivered_on": p.delivered_on,
        }
    ).model_dump(mode="json")


@router.get(
    "/participations/",
    response={200: ParticipationPage, **READ},
    url_name="participation_list",
)
def participation_list(request: HttpRequest, query: Query[ParticipationQuery]) -> HttpResponse:
    """Participations whose unit (or group) the token's user may see: staff by their scope,
    an owner those of their own units (as the unit page's programs panel shows)."""
    only_params(request, ParticipationQuery)
    rows = participation_list_for_user(user=request.user).select_related(
        "program", "unit", "cluster"
    )
    if query.program is not None:
        rows = rows.filter(program_id=query.program)
    if query.unit is not None:
        rows = rows.filter(unit_id=query.unit)
    if query.year is not None:
        rows = rows.filter(program__fiscal_year=query.year)

    def serialize(items: Iterable[Participation]) -> list[dict[str, Any]]:
        return [participation_dict(p) for p in items]

    body = cursor_page(request, rows, limit=query.limit, cursor=query.cursor, serialize=serialize)
    return json_response(request, body)
