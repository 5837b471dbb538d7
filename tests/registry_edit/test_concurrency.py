"""Two simultaneous edits of one record: exactly one succeeds, the other gets ConflictError.
Real threads with their own database connections (SQLite IMMEDIATE + WAL, or PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from sentra.core.actors import SystemActor
from sentra.registry.models import Unit, YearlyReport
from sentra.registry.services import (
    ConflictError,
    ReportData,
    UnitData,
    report_record,
    report_update,
    unit_update,
)
from tests.access.spec import World


def _race(work: Callable[[int], Any], n: int = 2) -> list[str]:
    barrier = threading.Barrier(n)
    results: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            work(i)
            outcome = "ok"
        except ConflictError:
            outcome = "conflict"
        except Exception as exc:  # any other failure is reported in the assertion
            outcome = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return sorted(results)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_unit_edits_one_succeeds_one_conflicts(world: World) -> None:
    pk = world.unit_a_rangkasbitung.pk

    def edit(i: int) -> None:
        unit = Unit.objects.get(pk=pk)
        unit_update(
            actor=SystemActor("test"),
            unit=unit,
            expected_version=1,
            data=UnitData(
                business_name=f"Editor {i}", commodity=unit.commodity, desa_code=unit.desa_id
            ),
        )

    assert _race(edit) == ["conflict", "ok"]
    unit = Unit.objects.get(pk=pk)
    assert unit.version == 2
    assert unit.business_name in {"Editor 0", "Editor 1"}


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_yearly_record_edits_one_succeeds_one_conflicts(world: World) -> None:
    report = report_record(
        actor=SystemActor("test"), unit=world.unit_a_rangkasbitung, data=ReportData(year=2018)
    )

    def edit(i: int) -> None:
        report_update(
            actor=SystemActor("test"),
            report=YearlyReport.objects.get(pk=report.pk),
            expected_version=1,
            data=ReportData(year=2018, workers_male=10 + i),
        )

    assert _race(edit) == ["conflict", "ok"]
    report.refresh_from_db()
    assert report.version == 2
    assert report.workers_male in {10, 11}
