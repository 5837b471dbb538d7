"""The unit importer: check → read → parse → match → (write) → report. Used by
`sentra import-units` and the upload pages."""

from __future__ import annotations

import os
import socket
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.accounts.scope import Actor, Capability, Scope, scope
from sentra.core.audit import audit_record
from sentra.exchange.limits import ImportRefused, Limits
from sentra.exchange.match import CommodityIndex, RegionIndex
from sentra.exchange.models import ImportRun, RunSource, RunStatus
from sentra.exchange.plan import plan_rows
from sentra.exchange.read import read_table
from sentra.exchange.rows import Context, ParsedRow, is_blank, parse_row
from sentra.exchange.runs import run_fail, run_finish, run_reap_stale, run_start
from sentra.exchange.write import plans_write
from sentra.registry.services import known_kbli_codes

STATUSES = ("created", "updated", "unchanged", "rejected", "skipped")
PAUSE_HOOK = "SENTRA_TEST_PAUSE_BEFORE_COMMIT"  # tests only: sleep inside the write transaction


@dataclass
class ImportResult:
    report: dict[str, Any]
    run: ImportRun

    @property
    def exit_code(self) -> int:
        return 3 if self.report["rejected"] else 0


def import_scope(actor: Actor | None) -> Scope:
    """Who may import, as the permission policy says: admins everything, officers their
    kecamatan, the command line without --as (a SystemActor) acts for the office. Owners,
    analysts and the public may not."""
    s = scope(actor)
    if s.can(Capability.IMPORT_UNITS):
        return s
    raise ImportRefused("not_allowed", _("Pengguna ini tidak berwenang mengimpor data unit."))


def _report_row(parsed: ParsedRow, status: str, unit: int | None) -> dict[str, Any]:
    return {
        "row": parsed.row,
        "status": status,
        "unit": unit,
        "issues": [issue.as_dict() for issue in parsed.issues],
    }


def _pause_for_tests() -> None:
    seconds = os.environ.get(PAUSE_HOOK)
    if seconds:
        print("SENTRA_PAUSED_BEFORE_COMMIT", file=sys.stderr, flush=True)
        time.sleep(float(seconds))


def import_file(
    *,
    actor: Any,
    path: Path,
    file_name: str,
    sheet: str | None = None,
    year: int | None = None,
    dry_run: bool = False,
    atomic: bool = False,
    limits: Limits | None = None,
    run: ImportRun | None = None,
    source: str = RunSource.CLI,
    preview: bool = False,
) -> ImportResult:
    """Import (or, with dry_run, preview) a file. Raises ImportRefused for an unusable file,
    after recording the run as failed."""
    user_scope = import_scope(actor)
    year = year or timezone.localdate().year
    run_reap_stale()
    if run is None:
        run = run_start(
            actor=actor,
            source=source,
            file_name=file_name,
            year=year,
            sheet=sheet or "",
            dry_run=dry_run,
            atomic=atomic,
        )
    else:
        ImportRun.objects.filter(pk=run.pk).update(
            status=RunStatus.RUNNING, dry_run=dry_run, pid=os.getpid(), host=socket.gethostname()
        )
    try:
        report = _import(
            actor,
            user_scope,
            path,
            file_name,
            sheet,
            year,
            dry_run,
            atomic,
            limits or Limits.from_settings(),
            run,
        )
    except ImportRefused as refused:
        run_fail(run=run, code=refused.code, message=refused.message)
        raise
    except BaseException as exc:
        run_fail(run=run, code="crash", message=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    run_finish(run=run, report=report, status=RunStatus.PREVIEW if preview else RunStatus.DONE)
    return ImportResult(report=report, run=run)


def _import(
    actor: Any,
    user_scope: Scope,
    path: Path,
    file_name: str,
    sheet: str | None,
    year: int,
    dry_run: bool,
    atomic: bool,
    limits: Limits,
    run: ImportRun,
) -> dict[str, Any]:
    table = read_table(path, name=file_name, sheet=sheet, limits=limits)
    ctx = Context(
        regions=RegionIndex.load(),
        commodities=CommodityIndex.load(),
        kbli_known=known_kbli_codes(),
        scope=user_scope,
        latest_year=timezone.localdate().year,
    )
    parsed_rows = [
        parse_row(number, cells, table.columns, ctx, table.labels)
        for number, cells in table.rows
        if not is_blank(cells)
    ]
    # Matching and writing share one transaction: on SQLite (IMMEDIATE transactions) a second
    # import of the same rows waits and then finds the units this one created. A dry run only
    # reads, and takes no write lock.
    with nullcontext() if dry_run else transaction.atomic():
        plans, statuses = plan_rows(parsed_rows, ctx=ctx, year=year)
        rejected = sum(1 for p in parsed_rows if not p.skipped and p.row not in statuses)
        units = {row: plan.unit.pk for row, plan in plans.items() if plan.unit is not None}
        if not dry_run and not (atomic and rejected):
            units = plans_write(actor=actor, plans=list(plans.values()), year=year, run_id=run.pk)
            audit_record(
                actor=actor,
                action="import.run",
                obj=run,
                summary=f"{file_name}: {len(plans)} units, {rejected} rows rejected",
            )
            _pause_for_tests()
    row_unit: dict[int, int | None] = {}
    for first, plan in plans.items():
        for number in plan.rows:
            row_unit[number] = units.get(first)
    rows = []
    for parsed in parsed_rows:
        if parsed.skipped:
            rows.append(_report_row(parsed, "skipped", None))
        elif parsed.row not in statuses:
            rows.append(_report_row(parsed, "rejected", None))
        else:
            rows.append(_report_row(parsed, statuses[parsed.row], row_unit.get(parsed.row)))
    report: dict[str, Any] = {
        "file": file_name,
        "sheet": table.sheet,
        "header_row": table.header_row,
        "dry_run": dry_run,
        "atomic": atomic,
        "rows_total": len(rows),
    }
    for status in STATUSES:
        report[status] = sum(1 for r in rows if r["status"] == status)
    report["unknown_columns"] = table.unknown_columns
    report["rows"] = rows
    return report
