"""Web imports as background jobs: the upload queues the preview, the confirmation queues
the write, the progress page follows both from the database and a queued or running import
can be cancelled; checkpoints are recorded outside the write transaction."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sentra.core.actors import SystemActor
from sentra.exchange.importer import PROGRESS_EVERY, ImportCancelled, import_file
from sentra.exchange.jobs import _progress_recorder, task_results_retention
from sentra.exchange.models import ImportRun, RunStage, RunStatus
from sentra.exchange.runs import run_reap_stale
from sentra.registry.models import Unit
from tests.exchange.jobs import database_url, run_queued_jobs, units_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, path: Path) -> Any:
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post("/imports/", {"file": upload, "year": "2018"})


def test_an_upload_is_queued_and_its_progress_page_says_it_waits(
    rudi_officer_rangkasbitung: Any, media: Path, tmp_path: Path
) -> None:
    client = _client(rudi_officer_rangkasbitung)
    response = _upload(client, units_csv(tmp_path / "unit.csv", 3))
    run = ImportRun.objects.get()
    assert response["Location"] == f"/imports/{run.pk}/progress/"
    assert (run.status, run.stage, run.dry_run) == (RunStatus.QUEUED, RunStage.QUEUED, True)
    job = DBTaskResult.objects.get()
    assert (job.status, job.args_kwargs, str(job.id)) == (
        "READY",
        {"args": [run.pk], "kwargs": {}},
        run.task_id,
    )

    html = client.get(response["Location"]).content.decode()
    assert "Menunggu pekerja latar" in html
    assert 'max="100" value="0"' in html
    assert "Baris diperiksa: 0 dari –" in html
    # Polling from a static file (no inline script under the CSP); a refresh without JS.
    assert 'src="/static/exchange/import-progress.js"' in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert f'action="/imports/{run.pk}/cancel/"' in html
    state = client.get(f"/imports/{run.pk}/status/").json()
    assert (state["finished"], state["percent"], state["can_cancel"]) == (False, 0, True)
    assert Unit.objects.count() == 0


def test_the_preview_job_leads_to_the_preview_and_the_write_job_to_the_report(
    rudi_officer_rangkasbitung: Any, media: Path, tmp_path: Path
) -> None:
    client = _client(rudi_officer_rangkasbitung)
    _upload(client, units_csv(tmp_path / "unit.csv", 1200))
    run = ImportRun.objects.get()
    assert run_queued_jobs() == 1
    run.refresh_from_db()
    assert (run.status, run.stage) == (RunStatus.PREVIEW, RunStage.DONE)
    assert (run.rows_total, run.rows_read, run.rows_planned, run.rows_written) == (
        1200, 1200, 1200, 0,
    )  # fmt: skip
    assert client.get(f"/imports/{run.pk}/status/").json()["finished"] is True
    assert client.get(f"/imports/{run.pk}/progress/")["Location"] == f"/imports/{run.pk}/preview/"
    assert Unit.objects.count() == 0

    confirm = client.post(f"/imports/{run.pk}/preview/", {"action": "confirm"})
    assert confirm["Location"] == f"/imports/{run.pk}/progress/"
    run.refresh_from_db()
    assert (run.status, run.dry_run, run.rows_read) == (RunStatus.QUEUED, False, 0)
    # While queued, the preview and the report pages lead to the progress page.
    assert client.get(f"/imports/{run.pk}/preview/")["Location"] == f"/imports/{run.pk}/progress/"
    assert client.get(f"/imports/{run.pk}/")["Location"] == f"/imports/{run.pk}/progress/"
    assert run_queued_jobs() == 1
    run.refresh_from_db()
    assert (run.status, run.rows_written, run.created) == (RunStatus.DONE, 1200, 1200)
    assert Unit.objects.count() == 1200
    page = client.get(f"/imports/{run.pk}/progress/", follow=True)
    assert page.redirect_chain == [(f"/imports/{run.pk}/", 302)]
    assert "Impor selesai: 1.200 dibuat, 0 diperbarui, 0 ditolak." in page.content.decode()
    assert list((media / "imports").iterdir()) == []
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


def test_the_checkpoints_come_in_order_with_rows_read_planned_and_written(
    reference: None, tmp_path: Path
) -> None:
    seen: list[tuple[str, int, int]] = []
    path = units_csv(tmp_path / "unit.csv", 1200)
    import_file(
        actor=SystemActor("test"),
        path=path,
        file_name=path.name,
        year=2018,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert PROGRESS_EVERY == 500
    assert seen == [
        ("read", 0, 1200),
        ("parse", 500, 1200),
        ("parse", 1000, 1200),
        ("parse", 1200, 1200),
        ("plan", 1200, 1200),
        ("write", 0, 1200),
        ("written", 1200, 1200),
    ]


def test_a_dry_run_has_no_write_checkpoints(reference: None, tmp_path: Path) -> None:
    seen: list[str] = []
    path = units_csv(tmp_path / "unit.csv", 3)
    import_file(
        actor=SystemActor("test"),
        path=path,
        file_name=path.name,
        year=2018,
        dry_run=True,
        progress=lambda stage, done, total: seen.append(stage),
    )
    assert seen == ["read", "parse", "plan"]


@pytest.mark.parametrize("stop_at", ["read", "parse", "plan", "write"])
def test_a_cancel_seen_at_any_checkpoint_up_to_the_write_leaves_nothing_written(
    reference: None, tmp_path: Path, stop_at: str
) -> None:
    stages: list[str] = []
    path = units_csv(tmp_path / "unit.csv", 600)
    with pytest.raises(ImportCancelled) as cancelled:
        import_file(
            actor=SystemActor("test"),
            path=path,
            file_name=path.name,
            year=2018,
            progress=lambda stage, done, total: stages.append(stage),
            cancelled=lambda: stages[-1] == stop_at,
        )
    assert cancelled.value.message == "Impor dibatalkan; tidak ada data yang ditulis."
    run = ImportRun.objects.get()
    assert (run.status, run.error_code) == (RunStatus.CANCELLED, "cancelled")
    assert "written" not in stages and Unit.objects.count() == 0


def test_a_cancel_asked_after_the_write_began_is_not_seen(reference: None, tmp_path: Path) -> None:
    stages: list[str] = []
    path = units_csv(tmp_path / "unit.csv", 3)
    result = import_file(
        actor=SystemActor("test"),
        path=path,
        file_name=path.name,
        year=2018,
        progress=lambda stage, done, total: stages.append(stage),
        cancelled=lambda: stages[-1] == "written",
    )
    assert result.run.status == RunStatus.DONE and Unit.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_every_checkpoint_is_readable_by_another_connection_at_once(
    reference: None, tmp_path: Path
) -> None:
    """The recorder writes outside the import's write transaction: a second connection sees
    each checkpoint as soon as it is recorded, and the units only after the write."""
    path = units_csv(tmp_path / "unit.csv", 700)
    run = ImportRun.objects.create(source="web", file_name=path.name, status=RunStatus.RUNNING)
    record = _progress_recorder(run.pk)
    seen: list[tuple[str, int, int, int, int]] = []

    def other_connection(sql: str) -> Any:
        url = database_url()
        if url.startswith("sqlite:///"):
            with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
                return conn.execute(sql).fetchone()
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
            return conn.execute(sql).fetchone()  # type: ignore[arg-type]

    def spy(stage: str, done: int, total: int) -> None:
        record(stage, done, total)
        sql = "SELECT stage, rows_read, rows_planned, rows_written FROM exchange_importrun"
        row = other_connection(f"{sql} WHERE id = {int(run.pk)}")
        units = other_connection("SELECT count(*) FROM registry_unit")[0]
        seen.append((*row, units))

    import_file(
        actor=SystemActor("test"), path=path, file_name=path.name, year=2018, run=run,
        progress=spy,
    )  # fmt: skip
    assert seen == [
        ("read", 0, 0, 0, 0),
        ("parse", 500, 0, 0, 0),
        ("parse", 700, 0, 0, 0),
        ("plan", 700, 700, 0, 0),
        ("write", 700, 700, 0, 0),
        ("written", 700, 700, 700, 700),
    ]


def test_cancelling_a_queued_import_means_it_never_starts(
    rudi_officer_rangkasbitung: Any, media: Path, tmp_path: Path
) -> None:
    client = _client(rudi_officer_rangkasbitung)
    _upload(client, units_csv(tmp_path / "unit.csv", 3))
    run = ImportRun.objects.get()
    response = client.post(f"/imports/{run.pk}/cancel/")
    assert response["Location"] == f"/imports/{run.pk}/progress/"
    run.refresh_from_db()
    assert (run.status, run.stored_name) == (RunStatus.CANCELLED, "")
    assert list((media / "imports").iterdir()) == []
    assert run_queued_jobs() == 1
    job = DBTaskResult.objects.get()
    assert (job.status, job.return_value) == ("SUCCESSFUL", "not_queued")
    run.refresh_from_db()
    assert (run.status, run.rows_read, run.report) == (RunStatus.CANCELLED, 0, {})
    page = client.get(f"/imports/{run.pk}/progress/", follow=True).content.decode()
    assert "Impor dibatalkan; tidak ada data yang ditulis." in page
    assert "Dibatalkan" in page


def test_a_running_import_is_asked_to_stop_and_a_writing_one_cannot_be(
    rudi_officer_rangkasbitung: Any,
) -> None:
    client = _client(rudi_officer_rangkasbitung)
    planning = ImportRun.objects.create(
        user=rudi_officer_rangkasbitung, source="web", file_name="a.csv", task_id="t1",
        status=RunStatus.RUNNING, stage=RunStage.PARSE, rows_total=1000, rows_read=300,
    )  # fmt: skip
    writing = ImportRun.objects.create(
        user=rudi_officer_rangkasbitung, source="web", file_name="b.csv", task_id="t2",
        status=RunStatus.RUNNING, stage=RunStage.WRITE, rows_total=10, rows_read=10,
    )  # fmt: skip
    client.post(f"/imports/{planning.pk}/cancel/")
    planning.refresh_from_db()
    assert (planning.status, planning.cancel_requested) == (RunStatus.RUNNING, True)
    html = client.get(f"/imports/{planning.pk}/progress/").content.decode()
    assert "Membatalkan…" in html
    assert "Pembatalan diminta; impor berhenti di titik pemeriksaan berikutnya." in html
    assert "Baris diperiksa: 300 dari 1.000" in html
    assert 'data-field="cancel" disabled' in html

    late = client.post(f"/imports/{writing.pk}/cancel/", follow=True).content.decode()
    assert "tidak dapat dibatalkan lagi" in late
    writing.refresh_from_db()
    assert (writing.status, writing.cancel_requested) == (RunStatus.RUNNING, False)


def test_the_status_answer_carries_counts_and_labels_only(
    rudi_officer_rangkasbitung: Any, settings: Any
) -> None:
    run = ImportRun.objects.create(
        user=rudi_officer_rangkasbitung, source="web", file_name="NIK 3602140101800001.csv",
        task_id="t", status=RunStatus.RUNNING, stage=RunStage.PARSE, dry_run=True,
        rows_total=2000, rows_read=1000,
    )  # fmt: skip
    response = _client(rudi_officer_rangkasbitung).get(f"/imports/{run.pk}/status/")
    assert response["Cache-Control"] == "no-store"
    state = response.json()
    assert set(state) == {
        "status", "status_label", "stage", "percent", "lines", "note", "finished", "can_cancel",
    }  # fmt: skip
    assert (state["stage"], state["percent"]) == ("Memeriksa baris", 27)
    assert state["lines"]["read"] == "Baris diperiksa: 1.000 dari 2.000"
    assert "3602" not in json.dumps(state)


def test_the_progress_page_speaks_english_when_asked(rudi_officer_rangkasbitung: Any) -> None:
    run = ImportRun.objects.create(
        user=rudi_officer_rangkasbitung, source="web", file_name="a.csv", task_id="t",
        status=RunStatus.RUNNING, stage=RunStage.PARSE, rows_total=2000, rows_read=1000,
    )  # fmt: skip
    client = _client(rudi_officer_rangkasbitung)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    state = client.get(f"/imports/{run.pk}/status/").json()
    assert state["stage"] == "Checking rows"
    assert state["lines"]["read"] == "Rows checked: 1,000 of 2,000"


def test_a_job_whose_upload_is_on_another_host_fails_with_a_clear_message(
    rudi_officer_rangkasbitung: Any, media: Path, tmp_path: Path
) -> None:
    client = _client(rudi_officer_rangkasbitung)
    _upload(client, units_csv(tmp_path / "unit.csv", 3))
    run = ImportRun.objects.get()
    for stored in (media / "imports").iterdir():
        stored.unlink()  # as on a host that does not share MEDIA_ROOT
    run_queued_jobs()
    run.refresh_from_db()
    assert (run.status, run.error_code) == (RunStatus.FAILED, "upload_missing")
    assert "MEDIA_ROOT (SENTRA_MEDIA_ROOT) harus berada di penyimpanan bersama" in (
        run.error_message
    )


def test_a_job_of_a_user_deactivated_meanwhile_is_refused(
    rudi_officer_rangkasbitung: Any, media: Path, tmp_path: Path
) -> None:
    client = _client(rudi_officer_rangkasbitung)
    _upload(client, units_csv(tmp_path / "unit.csv", 3))
    rudi_officer_rangkasbitung.is_active = False
    rudi_officer_rangkasbitung.save()
    run_queued_jobs()
    run = ImportRun.objects.get()
    assert (run.status, run.error_code, run.stored_name) == (RunStatus.FAILED, "not_allowed", "")
    assert Unit.objects.count() == 0


def test_a_job_no_worker_took_for_a_day_fails_and_its_upload_is_deleted(
    rudi_officer_rangkasbitung: Any, media: Path, tmp_path: Path
) -> None:
    client = _client(rudi_officer_rangkasbitung)
    _upload(client, units_csv(tmp_path / "unit.csv", 3))
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(queued_at=timezone.now() - timedelta(seconds=31))
    html = client.get(f"/imports/{run.pk}/progress/").content.decode()
    assert "masih menunggu pekerja latar" in html and "sentra db_worker" in html
    assert run_reap_stale(now=timezone.now() + timedelta(hours=23)) == 0
    assert run_reap_stale(now=timezone.now() + timedelta(hours=25)) == 1
    run.refresh_from_db()
    assert (run.status, run.error_code, run.stored_name) == (RunStatus.FAILED, "not_started", "")
    assert list((media / "imports").iterdir()) == []


def test_finished_job_rows_older_than_a_week_are_pruned(
    rudi_officer_rangkasbitung: Any, media: Path, tmp_path: Path
) -> None:
    client = _client(rudi_officer_rangkasbitung)
    _upload(client, units_csv(tmp_path / "unit.csv", 3))
    _upload(client, units_csv(tmp_path / "dua.csv", 3))
    run_queued_jobs()
    _upload(client, units_csv(tmp_path / "tiga.csv", 3))  # still queued: kept
    now = timezone.now()
    assert task_results_retention(now=now + timedelta(days=6)) == {"task_results": 0}
    assert task_results_retention(now=now + timedelta(days=8)) == {"task_results": 2}
    assert DBTaskResult.objects.get().status == "READY"


def test_an_upload_into_a_database_without_regions_says_to_load_them(
    db: None, media: Path, tmp_path: Path
) -> None:
    from sentra.accounts.models import User

    admin = User.objects.create_user(username="alice", password="correct horse 42", role="admin")
    response = _upload(_client(admin), units_csv(tmp_path / "unit.csv", 3))
    assert response.status_code == 200
    assert (
        "Data wilayah (kecamatan dan desa) belum dimuat, jadi tidak ada baris yang bisa "
        "dicocokkan: jalankan `sentra load-reference` lebih dulu, lalu impor lagi."
    ) in response.content.decode()
    assert ImportRun.objects.count() == 0 and DBTaskResult.objects.count() == 0
    assert not (media / "imports").exists() or list((media / "imports").iterdir()) == []


def test_a_queued_import_whose_regions_vanished_shows_the_same_message(
    rudi_officer_rangkasbitung: Any, media: Path, tmp_path: Path
) -> None:
    client = _client(rudi_officer_rangkasbitung)
    _upload(client, units_csv(tmp_path / "unit.csv", 3))
    with override_settings(SENTRA_HOME_REGION="36.99"):  # as if its regions were not loaded
        run_queued_jobs()
    run = ImportRun.objects.get()
    assert (run.status, run.error_code) == (RunStatus.FAILED, "no_regions")
    page = client.get(f"/imports/{run.pk}/progress/", follow=True).content.decode()
    assert "jalankan `sentra load-reference` lebih dulu, lalu impor lagi." in page
