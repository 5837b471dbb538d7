"""Background import jobs in tests: `run_queued_jobs()` runs what the web queued, in this
process and inside the test's transaction, with django-tasks-db's own worker code (the
claim, the task call and the recorded result); only the polling loop is left out. Tests of
the real worker process use `worker_process` instead."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

ROOT = Path(__file__).resolve().parents[2]


def run_queued_jobs() -> int:
    """Runs every job waiting in the queue; returns how many ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with exclusive_transaction():
            job = DBTaskResult.objects.ready().get_locked()
            if job is None:
                return ran
            job.claim(worker.worker_id)
        worker.run_task(job)
        ran += 1


def database_url() -> str:
    """The test database, for another process (a transactional test's data is committed)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        url = os.environ["DATABASE_URL"]
        return url.rsplit("/", 1)[0] + "/" + db["NAME"]
    return "sqlite:///" + str(db["NAME"])


@contextmanager
def worker_process(
    media_root: Path, *, gate: Path | None = None
) -> Iterator[subprocess.Popen[str]]:
    """A real `sentra db_worker` on the test database and the test's MEDIA_ROOT (the same
    data key: the same data directory or environment), stopped afterwards. With `gate`, its
    imports wait before planning until that file exists (tests/exchange/gated_worker.py)."""
    program = ["sentra.cli"] if gate is None else ["tests.exchange.gated_worker", str(gate)]
    process_env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "sentra.settings",
        "SENTRA_MEDIA_ROOT": str(media_root),
    }
    # S603: this interpreter running our own CLI (or a test wrapper of it).
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", *program, "db_worker", "--no-reload", "--interval", "0.1",
         "--no-startup-delay", "--verbosity", "0"],
        cwd=ROOT,
        env=process_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def units_csv(path: Path, rows: int) -> Path:
    """A template CSV of `rows` new units in Rangkasbitung (Desa Rangkasbitung Timur)."""
    from tests.exchange.files import TEMPLATE_HEADERS, csv_file

    table: list[list[object]] = [TEMPLATE_HEADERS]
    for i in range(1, rows + 1):
        values: dict[str, object] = dict.fromkeys(TEMPLATE_HEADERS, "")
        values.update({
            "Nama Usaha": f"Gula Aren Timur {i}", "Nama Pemilik": f"Pemilik {i}",
            "NIK Pemilik": f"360214010180{i:04d}", "Desa/Kelurahan": "Rangkasbitung Timur",
            "Kecamatan": "Rangkasbitung", "Komoditas": "Gula Aren",
            "Tenaga Kerja Laki-laki": i % 7,
        })  # fmt: skip
        table.append([values[h] for h in TEMPLATE_HEADERS])
    return csv_file(path, table)


def wait_for(predicate: Callable[[], bool], *, what: str, timeout: float = 90) -> None:
    """Polls until `predicate()` is true (a state, never a fixed delay); fails after
    `timeout` seconds saying what it waited for."""
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.05)
