"""Background imports with a real `sentra db_worker` process, on SQLite and PostgreSQL: the
worker takes the queued preview and write of an upload; a running import cancelled on the
web stops at its next checkpoint, before its write, with nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sentra.core.models import AuditLog
from sentra.exchange.models import ImportRun, RunStage, RunStatus
from sentra.registry.models import Unit
from tests.exchange.jobs import units_csv, wait_for, worker_process

pytestmark = pytest.mark.django_db(transaction=True)


def _status(run: ImportRun) -> str:
    run.refresh_from_db()
    return str(run.status)


def _ended(run: ImportRun, status: str) -> bool:
    """The job is over: the run has its final status and the job forgot the upload (the
    job's last step, after the importer recorded the status)."""
    return _status(run) == status and run.stored_name == ""


def _upload(user: Any, path: Path) -> tuple[Client, ImportRun]:
    client = Client()
    client.force_login(user)
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    response = client.post("/imports/", {"file": upload, "year": "2018"})
    run = ImportRun.objects.get()
    assert response["Location"] == f"/imports/{run.pk}/progress/"
    return client, run


def test_a_real_worker_runs_the_preview_and_then_the_write(
    rudi_officer_rangkasbitung: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    client, run = _upload(rudi_officer_rangkasbitung, units_csv(tmp_path / "unit.csv", 300))
    with worker_process(settings.MEDIA_ROOT):
        wait_for(lambda: _status(run) == RunStatus.PREVIEW, what="the preview job")
        assert (run.rows_total, run.rows_read, run.rows_planned) == (300, 300, 300)
        assert client.get(f"/imports/{run.pk}/progress/")["Location"].endswith("/preview/")
        assert Unit.objects.count() == 0
        client.post(f"/imports/{run.pk}/preview/", {"action": "confirm"})
        wait_for(lambda: _ended(run, RunStatus.DONE), what="the write job")
    assert (run.created, run.rows_written, run.stored_name) == (300, 300, "")
    assert Unit.objects.count() == 300
    assert list((settings.MEDIA_ROOT / "imports").iterdir()) == []


def test_a_running_import_cancelled_on_the_web_stops_before_its_write(
    rudi_officer_rangkasbitung: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    gate = tmp_path / "gate"
    gate.touch()  # the preview passes the gate
    client, run = _upload(rudi_officer_rangkasbitung, units_csv(tmp_path / "unit.csv", 800))
    with worker_process(settings.MEDIA_ROOT, gate=gate):
        wait_for(lambda: _status(run) == RunStatus.PREVIEW, what="the preview job")
        gate.unlink()  # the write job waits at the gate, its rows checked
        client.post(f"/imports/{run.pk}/preview/", {"action": "confirm"})

        def checked_and_waiting() -> bool:
            run.refresh_from_db()
            return run.stage == RunStage.PARSE and run.rows_read == 800

        wait_for(checked_and_waiting, what="the write job to check its rows")
        state = client.get(f"/imports/{run.pk}/status/").json()
        assert (state["finished"], state["can_cancel"]) == (False, True)
        assert state["lines"]["read"] == "Baris diperiksa: 800 dari 800"
        client.post(f"/imports/{run.pk}/cancel/")
        assert _status(run) == RunStatus.RUNNING and run.cancel_requested
        gate.touch()
        wait_for(lambda: _ended(run, RunStatus.CANCELLED), what="the import to stop")
    assert (run.stage, run.rows_written, run.stored_name) == (RunStage.PLAN, 0, "")
    assert Unit.objects.count() == 0
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert "import.cancel" in actions and "import.run" not in actions
    page = client.get(f"/imports/{run.pk}/progress/", follow=True).content.decode()
    assert "Impor dibatalkan; tidak ada data yang ditulis." in page
