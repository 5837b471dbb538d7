"""Import runs: recorded in their own transactions, so a crashed import is never "stuck"."""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core.actors import SystemActor
from sentra.core.audit import audit_record
from sentra.exchange.models import ImportRun, RunStage, RunStatus

RUNNING_TIMEOUT = timedelta(hours=2)
PREVIEW_TIMEOUT = timedelta(hours=24)
# A background import no worker took within this time will not be waited for any longer.
QUEUED_TIMEOUT = timedelta(hours=24)


def imports_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def run_reap_stale(*, now: Any = None) -> int:
    """Mark as failed every running run whose process is gone (same host) or that is older than
    the timeout; expire old previews and delete their stored files. Returns runs changed."""
    now = now or timezone.now()
    host = socket.gethostname()
    changed = 0
    for run in ImportRun.objects.filter(status=RunStatus.RUNNING):
        gone = run.host == host and run.pid is not None and not _alive(run.pid)
        if gone or run.started_at < now - RUNNING_TIMEOUT:
            with transaction.atomic():
                stored_delete(run)  # a crashed run's upload does not wait for anyone
                updated = ImportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
                    stored_name="",
                    status=RunStatus.FAILED,
                    finished_at=now,
                    error_code="interrupted",
                    error_message=_(
                        "Proses impor terhenti sebelum selesai; tidak ada data yang ditulis."
                    ),
                )
                if updated:
                    audit_record(
                        actor=SystemActor("sentra import"),
                        action="import.failed",
                        obj=run,
                        summary="interrupted import marked as failed",
                    )
            changed += updated
    for run in ImportRun.objects.filter(
        status=RunStatus.PREVIEW, started_at__lt=now - PREVIEW_TIMEOUT
    ):
        stored_delete(run)
        ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.EXPIRED, stored_name="")
        changed += 1
    for run in ImportRun.objects.filter(
        status=RunStatus.QUEUED, queued_at__lt=now - QUEUED_TIMEOUT
    ):
        if ImportRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
            status=RunStatus.FAILED,
            stored_name="",
            finished_at=now,
            error_code="not_started",
            error_message=_(
                "Tidak ada pekerja latar yang mengambil impor ini dalam 24 jam; tidak ada data "
                "yang ditulis. Pastikan `sentra serve` atau `sentra db_worker` berjalan."
            ),
        ):
            stored_delete(run)
            changed += 1
    return changed


def stored_delete(run: ImportRun) -> None:
    if run.stored_name:
        (imports_dir() / run.stored_name).unlink(missing_ok=True)


def run_start(
    *,
    actor: Any,
    source: str,
    file_name: str,
    year: int | None,
    sheet: str,
    dry_run: bool,
    atomic: bool,
    status: str = RunStatus.RUNNING,
    stored_name: str = "",
    profile: str = "",
) -> ImportRun:
    with transaction.atomic():
        run = ImportRun.objects.create(
            user=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=getattr(actor, "username", "") or str(actor or "system"),
            source=source,
            file_name=file_name[:255],
            stored_name=stored_name,
            sheet=sheet,
            year=year,
            dry_run=dry_run,
            atomic=atomic,
            profile=profile,
            status=status,
            pid=os.getpid(),
            host=socket.gethostname(),
        )
    return run


def run_finish(*, run: ImportRun, report: dict[str, Any], status: str = RunStatus.DONE) -> None:
    counts = {
        k: report.get(k, 0)
        for k in ("rows_total", "created", "updated", "unchanged", "rejected", "skipped")
    }
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(
            status=status,
            stage=RunStage.DONE,
            finished_at=timezone.now(),
            report=report,
            sheet=report.get("sheet", ""),
            year=report.get("year"),
            **counts,
        )
    run.refresh_from_db()


def run_cancelled(*, run: ImportRun) -> None:
    """The import stopped at a checkpoint because someone cancelled it: nothing written."""
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(
            status=RunStatus.CANCELLED,
            finished_at=timezone.now(),
            error_code="cancelled",
            error_message="",
        )
    run.refresh_from_db()


def run_fail(*, run: ImportRun, code: str, message: str) -> None:
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            error_code=code[:64],
            error_message=message,
        )
    run.refresh_from_db()
