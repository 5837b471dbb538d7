"""Access to the JSON API (/api/v1/): every operation × persona, called with each persona's
own bearer token (read and write scope); anonymous calls carry no token. The API follows
the web's policy: outside the scope 404, visible but not changeable 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.registry.models import Unit, YearlyReport
from tests.access.spec import (
    FORBIDDEN,
    NOT_FOUND,
    OK,
    PERSONAS,
    UNAUTHORIZED,
    Case,
    World,
    every,
)


def extend_world(world: World) -> None:
    """A token of each scope for every persona, a 2018 report per unit and a program."""
    from sentra.api.services import api_token_create
    from sentra.programs.services import workflow
    from sentra.programs.services.programs import ProgramData, program_create
    from sentra.registry.services import ReportData, report_record

    tokens: dict[str, dict[str, str]] = {"read": {}, "write": {}}
    for scope in tokens:
        for persona in PERSONAS[1:]:
            issued = api_token_create(
                actor=SystemActor("test"), user=world.users[persona], name="matrix", scope=scope
            )
            tokens[scope][persona] = issued.raw
    world.extra["api_tokens"] = tokens
    for unit in (world.unit_a_rangkasbitung, world.unit_b_rangkasbitung, world.unit_b_bayah):
        if not YearlyReport.objects.filter(unit=unit, year=2018).exists():
            report_record(
                actor=SystemActor("test"), unit=unit, data=ReportData(year=2018, workers_male=1)
            )
    program = program_create(
        actor=SystemActor("test"),
        data=ProgramData(
            kind="pendampingan",
            name="Pendampingan API",
            code="PDP-API",
            fiscal_year=2018,
            funding_source="apbd_kab",
            status="seleksi",
        ),
    )
    workflow.participation_propose(
        actor=SystemActor("test"), program=program, unit=world.unit_b_bayah
    )
    world.extra["api_program"] = program


def api(status: int, **overrides: int) -> dict[str, int]:
    """Every token persona gets `status`; anonymous 401 unless overridden."""
    return every(status, anonymous=UNAUTHORIZED, **overrides)


# The market's koperasi and partner see no unit records (their lists are empty).
NO_UNITS = {"koperasi": NOT_FOUND, "partner": NOT_FOUND}
# Who sees A's unit in Rangkasbitung, B's in Rangkasbitung and B's in Bayah.
SEES = {
    "a": api(OK, officer_bayah=NOT_FOUND, owner_b=NOT_FOUND, **NO_UNITS),
    "b": api(OK, officer_bayah=NOT_FOUND, owner_a=NOT_FOUND, **NO_UNITS),
    "bayah": api(OK, officer_rangkasbitung=NOT_FOUND, owner_a=NOT_FOUND, **NO_UNITS),
}
# Who may change them (analysts see but may not: 403).
CHANGES = {key: {**value, "analyst": FORBIDDEN} for key, value in SEES.items()}
PICK: dict[str, Callable[[World], Unit]] = {
    "a": lambda w: w.unit_a_rangkasbitung,
    "b": lambda w: w.unit_b_rangkasbitung,
    "bayah": lambda w: w.unit_b_bayah,
}
READ_ONLY_TOKEN = api(FORBIDDEN)  # a read token never writes, whoever holds it


def _if_match_unit(pick: Callable[[World], Unit]) -> Callable[[World], dict[str, str]]:
    def headers(w: World) -> dict[str, str]:
        version = Unit.objects.get(pk=pick(w).pk).version
        return {"If-Match": f'"v{version}-{"0" * 16}"'}

    return headers


def _if_match_report(pick: Callable[[World], Unit]) -> Callable[[World], dict[str, str]]:
    def headers(w: World) -> dict[str, str]:
        version = YearlyReport.objects.get(unit=pick(w), year=2018).version
        return {"If-Match": f'"v{version}-{"0" * 16}"'}

    return headers


def _unit_row(pick: Callable[[World], Unit]) -> Callable[[World], Any]:
    return lambda w: Unit.objects.filter(pk=pick(w).pk).values().get()


def _report_row(pick: Callable[[World], Unit]) -> Callable[[World], Any]:
    return lambda w: list(YearlyReport.objects.filter(unit=pick(w)).values())


def reveals(w: World) -> Any:
    return AuditLog.objects.filter(action__startswith="person.reveal").count()


CASES: list[Case] = [
    Case("api:openapi-json", lambda w: "/api/v1/openapi.json", every(OK), api=True),
    Case("api:openapi-view", lambda w: "/api/v1/docs/", every(OK), api=True),
    # /api/v1/ redirects to the documentation (Ninja's own root pattern is shadowed by it).
    Case("api:api-root", lambda w: "/api/v1/", every(302), api=True),
    Case("api_home", lambda w: "/api/v1/", every(302), api=True),
    Case("api_not_found", lambda w: "/api/v2/units/", every(NOT_FOUND), api=True),
    Case("api:unit_list", lambda w: "/api/v1/units/", api(OK), api=True),
    Case(
        "api:unit_list",
        lambda w: "/api/v1/units/?kecamatan=36.02.14&year=2018&q=anyaman",
        # As on /units/, an officer's kecamatan filter offers only their own kecamatan.
        api(OK, officer_bayah=422),
        api=True,
        label="filtered",
    ),
    Case("api:owner_list", lambda w: "/api/v1/owners/", api(OK), api=True),
    Case("api:report_list", lambda w: "/api/v1/reports/?year=2018", api(OK), api=True),
    Case("api:program_list", lambda w: "/api/v1/programs/", api(OK), api=True),
    Case(
        "api:program_detail",
        lambda w: f"/api/v1/programs/{w.extra['api_program'].pk}/",
        api(OK, owner_a=NOT_FOUND, owner_b=NOT_FOUND, **NO_UNITS),
        api=True,
    ),
    Case("api:participation_list", lambda w: "/api/v1/participations/", api(OK), api=True),
    Case("api:statistics", lambda w: "/api/v1/statistics/", every(OK), api=True),
    Case(
        "api:statistics",
        lambda w: "/api/v1/statistics/?region=36.02.03&year=2018",
        api(
            OK,
            officer_rangkasbitung=FORBIDDEN,
            owner_a=FORBIDDEN,
            owner_b=FORBIDDEN,
            koperasi=FORBIDDEN,
            partner=FORBIDDEN,
        ),
        api=True,
        label="a kecamatan",
    ),
    Case("api:siinas_list", lambda w: "/api/v1/siinas/?year=2018", api(OK), api=True),
    Case(
        "api:unit_detail",
        lambda w: "/api/v1/units/999999/",
        api(NOT_FOUND),
        api=True,
        label="missing",
    ),
]

for _key, _pick in PICK.items():
    CASES += [
        Case(
            "api:unit_detail",
            (lambda p: lambda w: f"/api/v1/units/{p(w).pk}/")(_pick),
            SEES[_key],
            api=True,
            label=_key,
        ),
        Case(
            "api:unit_update",
            (lambda p: lambda w: f"/api/v1/units/{p(w).pk}/")(_pick),
            CHANGES[_key],
            method="PATCH",
            data=(
                lambda p: lambda w: {"kampung": f"Kampung {Unit.objects.get(pk=p(w).pk).version}"}
            )(_pick),
            headers=_if_match_unit(_pick),
            snapshot=_unit_row(_pick),
            api=True,
            label=_key,
        ),
        Case(
            "api:unit_update",
            (lambda p: lambda w: f"/api/v1/units/{p(w).pk}/")(_pick),
            READ_ONLY_TOKEN,
            method="PATCH",
            data=lambda w: {"kampung": "Dibaca saja"},
            headers=_if_match_unit(_pick),
            snapshot=_unit_row(_pick),
            api=True,
            token_scope="read",
            label=f"{_key} read token",
        ),
        Case(
            "api:report_detail",
            (lambda p: lambda w: f"/api/v1/units/{p(w).pk}/reports/2018/")(_pick),
            SEES[_key],
            api=True,
            label=_key,
        ),
        Case(
            "api:report_update",
            (lambda p: lambda w: f"/api/v1/units/{p(w).pk}/reports/2018/")(_pick),
            CHANGES[_key],
            method="PATCH",
            data=lambda w: {"workers_female": 4},
            headers=_if_match_report(_pick),
            snapshot=_report_row(_pick),
            api=True,
            label=_key,
        ),
        Case(
            "api:report_update",
            (lambda p: lambda w: f"/api/v1/units/{p(w).pk}/reports/2018/")(_pick),
            READ_ONLY_TOKEN,
            method="PATCH",
            data=lambda w: {"workers_female": 4},
            headers=_if_match_report(_pick),
            snapshot=_report_row(_pick),
            api=True,
            token_scope="read",
            label=f"{_key} read token",
        ),
        Case(
            "api:owner_detail",
            (lambda p: lambda w: f"/api/v1/owners/{p(w).owner_id}/")(_pick),
            # Person B owns units in both kecamatan: both officers see B.
            api(OK, owner_b=NOT_FOUND, officer_bayah=NOT_FOUND, **NO_UNITS)
            if _key == "a"
            else api(OK, owner_a=NOT_FOUND, **NO_UNITS),
            api=True,
            label=f"owner of {_key}",
        ),
    ]

CASES += [
    Case(
        "api:owner_detail",
        lambda w: f"/api/v1/owners/{w.unit_a_rangkasbitung.owner_id}/?reveal=nik",
        api(OK, analyst=FORBIDDEN, officer_bayah=NOT_FOUND, owner_b=NOT_FOUND, **NO_UNITS),
        snapshot=reveals,
        api=True,
        label="reveal nik of a",
    ),
    Case(
        "api:owner_detail",
        lambda w: f"/api/v1/owners/{w.unit_b_bayah.owner_id}/?reveal=phone",
        api(OK, analyst=FORBIDDEN, owner_a=NOT_FOUND, **NO_UNITS),
        snapshot=reveals,
        api=True,
        label="reveal phone of b",
    ),
]
