"""Machine failures give one Indonesian message: a 503 page with the layout (and
Retry-After) on the web, exit status 1 on the command line, and nothing half-written."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from sentra.core.failures import write_atomic
from sentra.core.models import AuditLog

SENTRA = str(Path(sys.executable).with_name("sentra"))


def _sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own locking and read-only mode")


def _admin_client(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_a_database_still_locked_after_the_busy_timeout_answers_503_coba_lagi(
    alice_admin: Any, rudi_officer_rangkasbitung: Any
) -> None:
    _sqlite_only()
    client = _admin_client(alice_admin)
    audits = AuditLog.objects.count()
    connection.settings_dict["OPTIONS"]["timeout"] = 0.3
    connection.close()
    holder = sqlite3.connect(connection.settings_dict["NAME"], timeout=5)
    holder.execute("BEGIN IMMEDIATE")  # another process writing (a large import)
    try:
        response = client.post(f"/pengguna/{rudi_officer_rangkasbitung.pk}/buka-kunci/")
    finally:
        holder.rollback()
        holder.close()
        connection.settings_dict["OPTIONS"]["timeout"] = 20
        connection.close()
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    html = response.content.decode()
    assert "Basis data sedang dipakai proses lain" in html and "coba lagi" in html
    assert 'aria-label="Navigasi utama"' in html  # the layout with the menu
    assert "Traceback" not in html
    assert AuditLog.objects.count() == audits  # nothing half-written


@pytest.mark.django_db(transaction=True)
def test_a_read_only_database_answers_503_and_changes_nothing(
    alice_admin: Any, rudi_officer_rangkasbitung: Any
) -> None:
    _sqlite_only()
    client = _admin_client(alice_admin)
    before = AuditLog.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = ON")
    try:
        response = client.post(f"/pengguna/{rudi_officer_rangkasbitung.pk}/buka-kunci/")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")
    assert response.status_code == 503
    assert "hanya dapat dibaca" in response.content.decode()
    assert AuditLog.objects.count() == before


def _env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SENTRA_")}
    base.pop("DJANGO_SETTINGS_MODULE", None)
    base.pop("DATABASE_URL", None)
    return {**base, **extra}


def test_an_unreachable_postgresql_ends_a_command_with_one_indonesian_sentence(
    tmp_path: Path,
) -> None:
    result = subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [SENTRA, "stats", "--year", "2018", "--format", "json"],
        env=_env(SENTRA_DATA_DIR=str(tmp_path), DATABASE_URL="postgres://sentra@127.0.0.1:9/x"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Sentra: Sambungan ke server basis data terputus. Tidak ada yang diubah; coba lagi "
        "sebentar lagi atau hubungi admin sistem."
    )
    assert "Traceback" not in result.stderr


def test_a_full_disk_ends_an_import_with_one_sentence_and_writes_nothing(
    tmp_path: Path,
) -> None:
    """The file-size limit of the process stands in for a full disk: SQLite answers
    SQLITE_FULL exactly as on a full partition."""
    env = _env(SENTRA_DATA_DIR=str(tmp_path))
    subprocess.run([SENTRA, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [SENTRA, "load-reference"], env=env, check=True, timeout=300, capture_output=True
    )
    from tests.exchange.files import TEMPLATE_HEADERS, csv_file

    rows = [TEMPLATE_HEADERS] + [
        [f"Usaha {i}", f"Pemilik {i}", f"36021401018{i:05d}", "", "", "Rangkasbitung Timur",
         "Rangkasbitung", "Anyaman", "", "1", "1"]
        for i in range(1, 3001)
    ]  # fmt: skip
    path = csv_file(tmp_path / "banyak.csv", rows)
    database = tmp_path / "sentra.sqlite3"
    size = database.stat().st_size

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 64 * 1024, size + 64 * 1024))

    result = subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [SENTRA, "import-units", str(path), "--year", "2018"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
    )
    assert result.returncode == 1, result.stderr
    assert "Ruang disk penuh" in result.stderr and "Traceback" not in result.stderr
    count = sqlite3.connect(database).execute("SELECT count(*) FROM registry_unit").fetchone()
    assert count == (0,)


def test_a_file_written_when_the_disk_fills_leaves_no_half_file(tmp_path: Path) -> None:
    target = tmp_path / "laporan.pdf"
    target.write_bytes(b"the previous report")
    old = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, old[1]))
    try:
        with pytest.raises(OSError) as raised:
            write_atomic(target, b"x" * 200_000)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old)
        signal.signal(signal.SIGXFSZ, handler)
    assert raised.value.errno in (27, 28)  # EFBIG / ENOSPC
    assert target.read_bytes() == b"the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.pdf"]
