"""`sentra serve` in the default (production) mode on plain http://127.0.0.1: pages and
collected static files answer, no HTTPS redirect, no debug pages; the background worker for
long imports runs beside gunicorn, takes queued jobs, is started again if it stops by itself
and stops with the server."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SENTRA = str(Path(sys.executable).with_name("sentra"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return response.status, response.read().decode(errors="replace"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), dict(error.headers)


def _wait_for(predicate: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh, migrated data directory on SQLite (whatever engine the suite runs on)."""
    data = tmp_path_factory.mktemp("serve")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRA_")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["SENTRA_DATA_DIR"] = str(data)
    subprocess.run([SENTRA, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    return env


@contextmanager
def _server(env: dict[str, str], output: list[str]) -> Iterator[tuple[str, int]]:
    """`sentra serve` on a free port; yields its address and pid, collects its output."""
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own console script
        [SENTRA, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            _get(base + "/")
        except (urllib.error.URLError, ConnectionError):
            return False
        return True

    try:
        _wait_for(answers, "the server to answer", timeout=180)  # static files are collected first
        yield base, server.pid
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=60)
        output.append(out)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _workers(pid: int) -> list[int]:
    found = []
    for child in _children(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except FileNotFoundError:
            continue
        if b"db_worker" in cmdline:
            found.append(child)
    return found


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[0]
    except (FileNotFoundError, IndexError):
        return True
    return state in ("Z", "X")  # a zombie waits to be reaped by whoever inherited it


def _queue_an_import_whose_upload_is_missing(env: dict[str, str]) -> None:
    script = (
        "from sentra.exchange.jobs import import_enqueue\n"
        "from sentra.exchange.models import ImportRun\n"
        "run = ImportRun.objects.create(source='web', file_name='x.csv', status='antre',"
        " stored_name='hilang.csv.enc')\n"
        "import_enqueue(run=run, dry_run=True, expected_status='antre')\n"
    )
    subprocess.run([SENTRA, "shell", "-c", script], env=env, check=True, timeout=120)  # noqa: S603


def _run_state(env: dict[str, str]) -> tuple[str, str] | None:
    database = Path(env["SENTRA_DATA_DIR"]) / "sentra.sqlite3"
    with sqlite3.connect(database, timeout=20) as conn:
        row = conn.execute(
            "SELECT status, error_code FROM exchange_importrun ORDER BY id DESC LIMIT 1"
        ).fetchone()
    conn.close()
    return (str(row[0]), str(row[1])) if row else None


def test_serve_runs_in_production_mode_on_plain_http_with_the_worker_beside_gunicorn(
    env: dict[str, str],
) -> None:
    output: list[str] = []
    with _server(env, output) as (base, pid):
        status, html, headers = _get(base + "/")
        assert status == 200 and "Sentra" in html
        assert "Strict-Transport-Security" not in headers
        css = html.split('rel="stylesheet" href="')[1].split('"')[0]
        assert _get(base + css)[0] == 200
        missing, page, _headers = _get(base + "/tidak-ada/")
        assert missing == 404 and "URLconf" not in page

        _wait_for(lambda: len(_workers(pid)) == 1, "the worker beside gunicorn")
        (worker,) = _workers(pid)
        # The worker takes a queued job (whose upload is missing: a quick, clear failure).
        _queue_an_import_whose_upload_is_missing(env)
        _wait_for(lambda: _run_state(env) == ("gagal", "upload_missing"), "the job to run")
        # A worker that stops by itself is started again.
        os.kill(worker, signal.SIGKILL)
        _wait_for(lambda: bool(_workers(pid)) and _workers(pid) != [worker], "a new worker", 30)
        (restarted,) = _workers(pid)
    _wait_for(lambda: _gone(restarted), "the worker to stop with the server", 30)
    said = output[0]
    assert "(mode produksi)" in said
    assert said.count("pekerja latar impor berjalan") == 1
    assert "pekerja latar berhenti (kode" in said and "dijalankan lagi" in said
