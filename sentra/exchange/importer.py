"""The unit importer: check → read → parse → decide the year → match and plan → write →
report. Used by `sentra import-units` and the upload pages."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.accounts.scope import Actor, Capability, Scope, scope
from sentra.core.audit import audit_record
from sentra.core.bulk import few_collections
from sentra.exchange.layout import Table
from sentra.exchange.limits import ImportRefused, Limits
from sentra.exchange.mapping import IGNORE
from sentra.exchange.match import CommodityIndex, RegionIndex
from sentra.exchange.models import ImportRun, RunSource, RunStatus
from sentra.exchange.plan import REPORT_KEYS, ImportPlan, plan_rows
from sentra.exchange.profiles import FIELDS, profile_get, profile_names, profiles
from sentra.exchange.read import Layout, read_table
from sentra.exchange.rows import Context, ParsedRow, is_blank, parse_row
from sentra.exchange.runs import run_cancelled, run_fail, run_finish, run_reap_stale, run_start
from sentra.exchange.saved import saved_mapping_find
from sentra.regions.models import Region, RegionLevel
from sentra.registry.services import StalePlan, known_kbli_codes, units_commit

STATUSES = ("created", "updated", "unchanged", "rejected", "skipped")

# Checkpoints of an import, as `progress(stage, done, total)` receives them: the file read
# (0 of its rows checked), every PROGRESS_EVERY rows checked, the plan made (rows planned),
# before the write transaction (0 of the rows to write) and after it (rows written).
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 500


class ImportCancelled(ImportRefused):
    """Someone cancelled the import; raised at a checkpoint, never inside the write."""

    def __init__(self) -> None:
        super().__init__("cancelled", _("Impor dibatalkan; tidak ada data yang ditulis."))


@dataclass(frozen=True)
class _Checkpoints:
    progress: Progress | None = None
    cancelled: Callable[[], bool] | None = None

    def reach(self, stage: str, done: int, total: int, *, can_stop: bool = True) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)
        if can_stop and self.cancelled is not None and self.cancelled():
            raise ImportCancelled


class _CountedRows(list[tuple[int, Any]]):
    """A table's rows that report, while the parser goes through them, every PROGRESS_EVERY
    non-blank rows checked: the parser itself needs to know nothing of progress."""

    def __init__(self, rows: Sequence[tuple[int, Any]], checkpoints: _Checkpoints, total: int):
        super().__init__(rows)
        self.checkpoints = checkpoints
        self.total = total

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        done = 0
        for number, cells in super().__iter__():
            yield number, cells  # resumed once the parser has checked this row
            if not is_blank(cells):
                done += 1
                if done % PROGRESS_EVERY == 0:
                    self.checkpoints.reach("parse", done, self.total)
        self.checkpoints.reach("parse", done, self.total)


def regions_required() -> None:
    """An import matches every row to a kecamatan and desa of the home region: without them
    loaded, every row would be rejected, so the import stops at once and says what to do."""
    if not Region.objects.filter(
        code__startswith=settings.SENTRA_HOME_REGION + ".", level=RegionLevel.DISTRICT
    ).exists():
        raise ImportRefused(
            "no_regions",
            _(
                "Data wilayah (kecamatan dan desa) belum dimuat, jadi tidak ada baris yang bisa "
                "dicocokkan: jalankan `sentra load-reference` lebih dulu, lalu impor lagi."
            ),
        )


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


def _needs_year(row: ParsedRow) -> bool:
    """A row that would write a yearly record or a status."""
    return any(k in row.values for k in (*REPORT_KEYS, "export_countries", "status"))


def import_year(given: int | None, table: Table, rows: list[ParsedRow]) -> int | None:
    """The import's year: `--year` (or the upload form's), else the one the file's title
    states. Never silent: a file that contradicts the given year, or rows with yearly figures
    and no year anywhere, stop the import with a message naming what disagrees. Rows with
    their own "Tahun Data" need no other year; a Tahun Data column that holds one year gives
    it to the rows where it is blank."""
    stated = table.title_year
    column = {r.values["year"] for r in rows if not r.skipped and r.values.get("year")}
    if stated is None and len(column) == 1:
        stated = next(iter(column))  # a Tahun Data column with one year states the file's
    if given and stated and given != stated and table.title_year:
        raise ImportRefused(
            "year_conflict",
            _("Tahun yang diminta (%(given)s) berbeda dengan tahun di judul berkas (%(file)s).")
            % {"given": given, "file": stated},
        )
    year = given or stated
    if year is None:
        for row in rows:
            if not row.values.get("year") and row.values.get("submission_year"):
                row.values["year"] = row.values["submission_year"]
    for row in rows:
        own = row.values.get("year")
        if own and year and own != year:
            raise ImportRefused(
                "year_conflict",
                _(
                    "Baris %(row)s menyebut tahun %(file)s, berbeda dengan tahun impor "
                    "%(given)s. Impor per tahun, atau kosongkan isian tahun."
                )
                % {"row": row.row, "file": own, "given": year},
            )
    if year is None:
        missing = [
            r.row for r in rows if not r.skipped and not r.values.get("year") and _needs_year(r)
        ]
        if missing:
            raise ImportRefused(
                "year_missing",
                _(
                    "Tahun data tidak disebutkan: berkas tidak memuat kolom Tahun Data atau "
                    'judul seperti "TAHUN 2018" (baris pertama tanpa tahun: %(row)s). '
                    "Sebutkan tahunnya (--year pada perintah, atau isian Tahun di halaman "
                    "unggah)."
                )
                % {"row": missing[0]},
            )
    return year


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
    profile: str | None = None,
    mapping: dict[str, str | None] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Import (or, with dry_run, preview) a file. Raises ImportRefused for an unusable file,
    after recording the run as failed.

    `profile` forces a source layout (`sentra/exchange/profiles/`, by name); otherwise the
    file's headers choose it. `mapping` (header text → field, or None/"" to ignore) re-maps
    columns, as the preview's mapping step and `--mapping FILE.json` do; without it a mapping
    saved for the file's header set is applied.

    `progress(stage, done, total)` is called at each checkpoint (see PROGRESS_EVERY) and
    `cancelled()` asked there: when it answers True the import stops with ImportCancelled
    (the run recorded as cancelled) — never once the write transaction has begun."""
    user_scope = import_scope(actor)
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
        with few_collections():
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
                _layout(profile, mapping),
                _Checkpoints(progress, cancelled),
            )
    except ImportCancelled:
        run_cancelled(run=run)
        raise
    except ImportRefused as refused:
        run_fail(run=run, code=refused.code, message=refused.message)
        raise
    except BaseException as exc:
        run_fail(run=run, code="crash", message=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    run_finish(run=run, report=report, status=RunStatus.PREVIEW if preview else RunStatus.DONE)
    return ImportResult(report=report, run=run)


def _layout(profile: str | None, mapping: dict[str, str | None] | None) -> Layout:
    """Check a forced profile and a mapping before anything is read."""
    forced = None
    if profile:
        forced = profile_get(profile)
        if forced is None:
            raise ImportRefused(
                "profile_unknown",
                _("Profil %(name)s tidak dikenal. Profil yang ada: %(names)s.")
                % {"name": profile, "names": ", ".join(profile_names())},
            )
    overrides: dict[str, str | None] | None = None
    if mapping is not None:
        overrides = {}
        for header, target in mapping.items():
            if target not in (None, IGNORE) and target not in FIELDS:
                raise ImportRefused(
                    "mapping_invalid",
                    _("Pemetaan kolom %(header)s menunjuk ke isian %(field)s yang tidak dikenal.")
                    % {"header": header, "field": target},
                )
            overrides[str(header)] = target or None
    return Layout(profile=forced, overrides=overrides, saved=saved_mapping_find)


def _parse(table: Table, ctx: Context) -> list[ParsedRow]:
    """Every non-blank row: structure rows (column numbers, signature) and resubmitted survey
    forms skipped with their reason, the others parsed."""
    fields, headers = table.fields, table.headers
    out: list[ParsedRow] = []
    uuids: dict[str, int] = {}
    for number, cells in table.rows:
        if is_blank(cells):
            continue
        code = table.structure.get(number)
        if code is not None:
            skipped = ParsedRow(row=number, skipped=True)
            skipped.add(None, code)
            out.append(skipped)
            continue
        parsed = parse_row(number, cells, ctx, fields=fields, headers=headers, labels=table.labels)
        uuid = parsed.values.get("submission_uuid")
        if uuid and not parsed.skipped:
            if uuid in uuids:
                parsed = ParsedRow(row=number, skipped=True, headers=headers)
                parsed.add("submission_uuid", "resubmitted", value=uuid, row=uuids[uuid])
            else:
                uuids[uuid] = number
        out.append(parsed)
    return out


def _changing(plan: ImportPlan) -> int:
    """Rows the plan creates or updates a unit from."""
    return sum(1 for status in plan.statuses.values() if status in ("created", "updated"))


def _rejected(rows: list[ParsedRow], plan: ImportPlan) -> int:
    return sum(1 for p in rows if not p.skipped and p.row not in plan.statuses)


def _import(
    actor: Any,
    user_scope: Scope,
    path: Path,
    file_name: str,
    sheet: str | None,
    year: int | None,
    dry_run: bool,
    atomic: bool,
    limits: Limits,
    run: ImportRun,
    layout: Layout,
    checkpoints: _Checkpoints,
) -> dict[str, Any]:
    table = read_table(path, name=file_name, sheet=sheet, limits=limits, layout=layout)
    regions_required()  # after the file's own checks: a refused file is refused for itself
    total = sum(1 for _number, cells in table.rows if not is_blank(cells))
    checkpoints.reach("read", 0, total)
    ctx = Context(
        regions=RegionIndex.load(),
        commodities=CommodityIndex.load(),
        kbli_known=known_kbli_codes(),
        scope=user_scope,
        latest_year=timezone.localdate().year,
        profile=profiles()[table.profile],
    )
    parsed_rows = _parse(replace(table, rows=_CountedRows(table.rows, checkpoints, total)), ctx)
    year = import_year(year, table, parsed_rows)
    # Planning only reads, outside any write transaction, so that other users keep working
    # while a large file is matched; the write itself is short. If something the plan relied
    # on changed meanwhile, plan again inside the write transaction, where nothing can.
    plan = plan_rows(parsed_rows, ctx=ctx, year=year)
    checkpoints.reach("plan", len(plan.statuses), total)
    if not dry_run and not (atomic and _rejected(parsed_rows, plan)):
        checkpoints.reach("write", 0, _changing(plan))  # the last moment a cancel stops it
        try:
            with transaction.atomic():
                _write(actor, plan, run, file_name, _rejected(parsed_rows, plan))
        except StalePlan:
            with transaction.atomic():
                for attempt in range(3):
                    parsed_rows = _parse(table, ctx)
                    plan = plan_rows(parsed_rows, ctx=ctx, year=year)
                    if atomic and _rejected(parsed_rows, plan):
                        break
                    try:
                        _write(actor, plan, run, file_name, _rejected(parsed_rows, plan))
                        break
                    except StalePlan:
                        if attempt == 2:
                            raise
        checkpoints.reach("written", _changing(plan), _changing(plan), can_stop=False)
    row_unit = plan.row_units()
    rows = []
    for parsed in parsed_rows:
        if parsed.skipped:
            rows.append(_report_row(parsed, "skipped", None))
        elif parsed.row not in plan.statuses:
            rows.append(_report_row(parsed, "rejected", None))
        else:
            rows.append(_report_row(parsed, plan.statuses[parsed.row], row_unit.get(parsed.row)))
    years = sorted({r.year for item in plan.items for r in item.reports})
    report: dict[str, Any] = {
        "file": file_name,
        "sheet": table.sheet,
        "header_row": table.header_row,
        "profile": table.profile,
        "saved_profile": table.saved_profile,
        "header_set": table.header_set,
        "year": year if year is not None else (years[0] if len(years) == 1 else None),
        "years": years,
        "dry_run": dry_run,
        "atomic": atomic,
        "rows_total": len(rows),
    }
    for status in STATUSES:
        report[status] = sum(1 for r in rows if r["status"] == status)
    report["columns"] = [m.as_dict() for m in table.matches]
    report["unknown_columns"] = table.unknown_columns
    report["rows"] = rows
    return report


def _write(actor: Any, plan: ImportPlan, run: ImportRun, file_name: str, rejected: int) -> None:
    """The import's write transaction: the registry's bulk commit and the run's audit row."""
    assert plan.prepared is not None
    units_commit(actor=actor, prepared=plan.prepared, summary=f"import {run.pk}")
    audit_record(
        actor=actor,
        action="import.run",
        obj=run,
        summary=f"{file_name}: {plan.prepared.changed_count} units changed, "
        f"{rejected} rows rejected",
    )
