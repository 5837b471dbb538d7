"""A small crafted registry and program helpers for the programs tests."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.programs.models import Program
from sentra.programs.services.programs import ProgramData, program_create
from sentra.registry.models import Commodity, Unit
from sentra.registry.services import (
    PersonData,
    ReportData,
    UnitData,
    person_register,
    report_record,
    unit_register,
)

RANGKAS_DESA = "36.02.14.2017"
RANGKAS_DESA_2 = "36.02.14.1002"
BAYAH_DESA = "36.02.03.2001"
_serial = count(1)


def make_unit(
    name: str,
    *,
    desa: str = RANGKAS_DESA,
    commodity: str = "batik-lebak",
    reports: dict[int, tuple[int, int] | None] | None = None,
    female: bool = False,
    nib: str = "",
    kbli: str = "",
) -> Unit:
    """A unit with yearly reports {year: (workers, production value) or None = inactive}."""
    serial = next(_serial)
    day = 41 if female else 1
    nik = f"360214{day:02d}0185{serial:04d}"
    owner = person_register(
        actor=SystemActor("test"), data=PersonData(nik=nik, name=f"Pemilik {name}")
    )
    unit = unit_register(
        actor=SystemActor("test"),
        owner=owner,
        data=UnitData(
            business_name=name,
            commodity=Commodity.objects.get(code=commodity),
            desa_code=desa,
            nib=nib,
            kbli=kbli,
        ),
    )
    for year, facts in (reports or {}).items():
        if facts is None:
            report_record(
                actor=SystemActor("test"), unit=unit, data=ReportData(year=year, is_active=False)
            )
        else:
            workers, value = facts
            report_record(
                actor=SystemActor("test"),
                unit=unit,
                data=ReportData(year=year, workers_male=workers, production_value=value),
            )
    return unit


def make_program(
    code: str = "PLT-2017-01",
    *,
    kind: str = "pelatihan",
    year: int = 2017,
    criteria: dict[str, Any] | None = None,
    quota: int = 0,
    target_kind: str = "unit",
) -> Program:
    return program_create(
        actor=SystemActor("test"),
        data=ProgramData(
            kind=kind,
            name=f"Program {code}",
            code=code,
            fiscal_year=year,
            funding_source="apbd_kab",
            budget_ceiling=100_000_000,
            realised_spending=80_000_000,
            quota=quota,
            criteria=criteria or {},
            target_kind=target_kind,
            status="seleksi",
        ),
    )


@pytest.fixture
def batik_unit(reference: None) -> Unit:
    return make_unit("Batik Rangkas", reports={2016: (3, 30_000_000), 2017: (4, 40_000_000)})


@pytest.fixture
def bayah_unit(reference: None) -> Unit:
    return make_unit(
        "Batik Bayah", desa=BAYAH_DESA, reports={2016: (2, 20_000_000), 2017: (2, 22_000_000)}
    )
