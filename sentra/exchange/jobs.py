"""Web imports as background jobs (django-tasks with its database backend): the preview and
the confirmed write run in a worker process (`sentra db_worker`, started by `sentra serve`),
never in a web worker. The job queue and the progress live in the database, so the progress
page on any app host reads them, and any host's worker may take a job."""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from cryptography.fernet import InvalidToken
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sentra.core.actors import Actor
from sentra.core.audit import audit_record
from sentra.exchange.importer import ImportCancelled, import_file
from sentra.exchange.limits import ImportRefused
from sentra.exchange.models import ImportRun, RunSource, RunStage, RunStatus
from sentra.exchange.runs import imports_dir, run_fail, stored_delete
from sentra.exchange.uploads import upload_open

logger = logging.getLogger(__name__)

ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)
# The progress page says that no worker seems to run once a job waited this long.
WAITING_HINT_AFTER = timedelta(seconds=30)
TASK_RESULTS_KEPT = timedelta(days=7)


def import_enqueue(*, run: ImportRun, dry_run: bool, expected_status: str) -> bool:
    """Queue the preview (dry_run) or the write of a stored upload. Claims the run with a
    conditional update from `expected_status`, so a double click queues one job; the job row
    is written in the same transaction, so a worker never sees one without the other.
    Returns False when the run was no longer in that status."""
    with transaction.atomic():
        claimed = ImportRun.objects.filter(
            pk=run.pk, status=expected_status, stored_name__gt=""
        ).update(
            status=RunStatus.QUEUED,
            dry_run=dry_run,
            stage=RunStage.QUEUED,
            queued_at=timezone.now(),
            finished_at=None,
            rows_read=0,
            rows_planned=0,
            rows_written=0,
            cancel_requested=False,
            error_code="",
            error_message="",
        )
        if not claimed:
            return False
        result = import_run_task.enqueue(run.pk)
        ImportRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    run.refresh_from_db()
    return True


def _forget_upload(run: ImportRun) -> None:
    stored_delete(run)
    ImportRun.objects.filter(pk=run.pk).update(stored_name="")


def import_cancel(*, actor: Actor, run: ImportRun) -> str:
    """Cancel an import. A queued job never starts, and a preview waiting for confirmation
    is dropped ("cancelled"); a running one stops at its next checkpoint, before its write
    transaction ("requested"); one that has finished, or is already writing, cannot be
    stopped ("too_late")."""
    with transaction.atomic():
        queued = ImportRun.objects.filter(
            pk=run.pk, status__in=[RunStatus.QUEUED, RunStatus.PREVIEW]
        ).update(
            status=RunStatus.CANCELLED,
            cancel_requested=True,
            finished_at=timezone.now(),
            error_code="cancelled",
        )
        requested = 0
        if not queued:
            requested = (
                ImportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING)
                .exclude(stage__in=[RunStage.WRITE, RunStage.WRITTEN])
                .update(cancel_requested=True)
            )
        if queued or requested:
            audit_record(
                actor=actor,
                action="import.cancel",
                obj=run,
                summary="import cancelled" if queued else "running import asked to stop",
            )
    if queued:
        _forget_upload(run)
    run.refresh_from_db()
    return "cancelled" if queued else "requested" if requested else "too_late"


def _progress_recorder(run_id: int) -> Any:
    """Writes each checkpoint on the run in its own short statement, outside the import's
    write transaction, so other connections read it while the import runs."""

    def record(stage: str, done: int, total: int) -> None:
        fields: dict[str, Any] = {"stage": stage}
        if stage == RunStage.READ:
            fields.update(rows_total=total, rows_read=0)
        elif stage == RunStage.PARSE:
            fields["rows_read"] = done
        elif stage == RunStage.PLAN:
            fields["rows_planned"] = done
        elif stage == RunStage.WRITTEN:
            fields["rows_written"] = done
        ImportRun.objects.filter(pk=run_id).update(**fields)

    return record


def _cancel_asked(run_id: int) -> Any:
    def cancelled() -> bool:
        return ImportRun.objects.filter(pk=run_id, cancel_requested=True).exists()

    return cancelled


@task()
def import_run_task(run_id: int) -> str:
    """The job: claim the queued run, open its upload and import it with progress and
    cancellation. Returns the run's final status (no personal data in the task's result)."""
    claimed = ImportRun.objects.filter(
        pk=run_id, status=RunStatus.QUEUED, cancel_requested=False
    ).update(status=RunStatus.RUNNING, pid=os.getpid(), host=socket.gethostname())
    if not claimed:
        return "not_queued"  # cancelled before it started
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    if not (imports_dir() / run.stored_name).is_file():
        run_fail(
            run=run,
            code="upload_missing",
            message=_(
                "Berkas unggahan tidak ditemukan oleh pekerja latar di server %(host)s. "
                "Jika Sentra berjalan di beberapa server, MEDIA_ROOT (SENTRA_MEDIA_ROOT) harus "
                "berada di penyimpanan bersama. Unggah berkas lagi."
            )
            % {"host": socket.gethostname()},
        )
        _forget_upload(run)
        return str(run.status)
    try:
        with upload_open(run.stored_name) as path:
            import_file(
                actor=run.user,
                path=path,
                file_name=run.file_name,
                sheet=run.sheet or None,
                year=run.year,
                dry_run=run.dry_run,
                atomic=run.atomic,
                run=run,
                source=RunSource.WEB,
                preview=run.dry_run,
                profile=run.profile or None,
                mapping=run.mapping or None,
                progress=_progress_recorder(run.pk),
                cancelled=_cancel_asked(run.pk),
            )
    except InvalidToken:
        run_fail(
            run=run,
            code="upload_key",
            message=_(
                "Pekerja latar tidak dapat membuka berkas unggahan: kunci data "
                "(SENTRA_DATA_KEY) pekerja berbeda dengan kunci server web. Unggah berkas lagi "
                "setelah kuncinya disamakan."
            ),
        )
        _forget_upload(run)
    except ImportCancelled:
        _forget_upload(run)  # recorded on the run by the importer
    except ImportRefused as refused:
        # Recorded on the run by the importer, unless refused before it began (the user
        # may no longer import).
        if ImportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).exists():
            run_fail(run=run, code=refused.code, message=refused.message)
        _forget_upload(run)
    except Exception as exc:
        # Recorded on the run by the importer; only the kind goes to the log, whose
        # traceback could quote a cell of the file.
        logger.error("import run %s failed: %s", run.pk, type(exc).__name__)
        _forget_upload(run)
    else:
        if not run.dry_run:
            _forget_upload(run)
        elif ImportRun.objects.filter(pk=run.pk, cancel_requested=True).exists():
            # Cancelled after the last checkpoint of a preview: nothing was written anyway.
            ImportRun.objects.filter(pk=run.pk, status=RunStatus.PREVIEW).update(
                status=RunStatus.CANCELLED, error_code="cancelled"
            )
            _forget_upload(run)
    run.refresh_from_db()
    return str(run.status)


@dataclass(frozen=True)
class Progress:
    """What the progress page shows of a run."""

    percent: int
    stage: str
    finished: bool
    can_cancel: bool
    waiting_long: bool


def _percent(run: ImportRun) -> int:
    """Weights of the stages: reading and checking rows take most of a preview; a write adds
    matching and the write itself."""
    if run.status not in ACTIVE:
        return 100
    check_end = 50 if run.dry_run else 40
    checked = (check_end - 5) * run.rows_read // run.rows_total if run.rows_total else 0
    by_stage = {
        RunStage.QUEUED: 0,
        RunStage.READ: 5,
        RunStage.PARSE: 5 + checked,
        RunStage.PLAN: 95 if run.dry_run else 60,
        RunStage.WRITE: 65,
        RunStage.WRITTEN: 95,
        RunStage.DONE: 100,
    }
    return by_stage.get(RunStage(run.stage), 0) if run.stage else 0


def _stage_label(run: ImportRun) -> str:
    if run.status == RunStatus.QUEUED:
        return str(RunStage.QUEUED.label)
    if run.status != RunStatus.RUNNING:
        return run.get_status_display()
    if run.cancel_requested and run.stage not in (RunStage.WRITE, RunStage.WRITTEN):
        return _("Membatalkan…")
    if run.stage == RunStage.PARSE and run.rows_total and run.rows_read >= run.rows_total:
        return _("Mencocokkan baris dengan data terdaftar")
    if run.stage == RunStage.PLAN and run.dry_run:
        return _("Menyusun pratinjau")
    if run.stage in ("", RunStage.QUEUED):
        return _("Membaca berkas")
    return str(RunStage(run.stage).label)


def run_progress(run: ImportRun, *, now: Any = None) -> Progress:
    now = now or timezone.now()
    queued_long = (
        run.status == RunStatus.QUEUED
        and run.queued_at is not None
        and run.queued_at < now - WAITING_HINT_AFTER
    )
    return Progress(
        percent=_percent(run),
        stage=_stage_label(run),
        finished=run.status not in ACTIVE,
        can_cancel=(
            run.status in ACTIVE
            and not run.cancel_requested
            and run.stage not in (RunStage.WRITE, RunStage.WRITTEN)
        ),
        waiting_long=queued_long,
    )


def task_results_retention(*, now: Any) -> dict[str, int]:
    """Finished job rows of the queue older than a week (scheduled by `sentra privacy
    retention`); the import's own record is the ImportRun."""
    from django_tasks_db.models import DBTaskResult

    deleted, _by_model = (
        DBTaskResult.objects.finished().filter(finished_at__lt=now - TASK_RESULTS_KEPT).delete()
    )
    return {"task_results": deleted}
