"""Access to the SIINas pages: the worklist (scoped, everyone signed in), recording a unit's
status (its staff only), the list import (staff), the target (admins), the extract (staff
who see units by area or all)."""

from __future__ import annotations

from typing import Any

from sentra.core.actors import SystemActor
from sentra.siinas.models import SiinasStatus, SiinasTarget
from tests.access.spec import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, World, every


def extend_world(world: World) -> None:
    from sentra.registry.models import YearlyReport
    from sentra.registry.services import ReportData, report_record

    for unit in (world.unit_a_rangkasbitung, world.unit_b_rangkasbitung, world.unit_b_bayah):
        if not YearlyReport.objects.filter(unit=unit, year=2018).exists():
            report_record(
                actor=SystemActor("test"), unit=unit, data=ReportData(year=2018, workers_male=1)
            )


def _statuses(w: World) -> Any:
    return list(SiinasStatus.objects.order_by("pk").values())


# The market's koperasi and partner see no unit records: nothing to record or extract.
NO_UNITS = {"koperasi": FORBIDDEN, "partner": FORBIDDEN}
STAFF = every(
    OK, anonymous=LOGIN, analyst=FORBIDDEN, owner_a=FORBIDDEN, owner_b=FORBIDDEN, **NO_UNITS
)
EXTRACT = every(OK, anonymous=LOGIN, owner_a=FORBIDDEN, owner_b=FORBIDDEN, **NO_UNITS)
# Recording owner A's unit in Rangkasbitung: its staff only; outside the scope 404.
RECORD_A = {
    "anonymous": LOGIN,
    "admin": OK,
    "analyst": FORBIDDEN,
    "officer_rangkasbitung": OK,
    "officer_bayah": NOT_FOUND,
    "owner_a": FORBIDDEN,
    "owner_b": NOT_FOUND,
    "koperasi": NOT_FOUND,
    "partner": NOT_FOUND,
}

CASES = [
    Case("siinas:worklist", lambda w: "/siinas/", every(OK, anonymous=LOGIN)),
    Case(
        "siinas:worklist",
        lambda w: "/siinas/?year=2018&status=belum&page=2",
        every(OK, anonymous=LOGIN),
        label="filtered",
    ),
    Case("siinas:import", lambda w: "/siinas/impor/", STAFF),
    Case(
        "siinas:import",
        lambda w: "/siinas/impor/",
        STAFF,  # no file: the form comes back with its error
        method="POST",
        data=lambda w: {"year": 2018},
        snapshot=_statuses,
        label="no file",
    ),
    Case(
        "siinas:target",
        lambda w: "/siinas/target/",
        every(FORBIDDEN, anonymous=LOGIN, admin=302),
        method="POST",
        data=lambda w: {"year": 2018, "units": 10},
        snapshot=lambda w: list(SiinasTarget.objects.values()),
    ),
    Case("siinas:extract", lambda w: "/siinas/ekstrak-2018.xlsx", EXTRACT),
    Case(
        "siinas:extract",
        lambda w: "/siinas/ekstrak-1999.xlsx",
        every(NOT_FOUND, anonymous=LOGIN, owner_a=FORBIDDEN, owner_b=FORBIDDEN, **NO_UNITS),
        label="a year without data",
    ),
    Case(
        "siinas:unit_record",
        lambda w: f"/siinas/unit/{w.unit_a_rangkasbitung.pk}/",
        RECORD_A,
    ),
    Case(
        "siinas:unit_record",
        lambda w: f"/siinas/unit/{w.unit_a_rangkasbitung.pk}/",
        {k: 302 if v == OK else v for k, v in RECORD_A.items()},
        method="POST",
        data=lambda w: {"year": 2018, "receipt_number": "SIINAS-2018-1"},
        snapshot=_statuses,
    ),
]
