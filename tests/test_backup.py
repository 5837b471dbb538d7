"""`sentra backup` and `sentra restore`: a restore into an empty data directory (or an empty
PostgreSQL database) gives back every table row for row, the same figures and the same
decrypted NIKs; a wrong passphrase or a damaged file restores nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from sentra.core import protect
from sentra.core.actors import SystemActor
from sentra.registry.models import Person
from sentra.registry.services import ReportData, report_record
from tests.access.spec import World
from tests.registry_edit import conftest as edit_fixtures

world = edit_fixtures.world  # the personas' world, as a fixture of this module

SENTRA = str(Path(sys.executable).with_name("sentra"))
PASSPHRASE = "kopi tubruk di pasar rangkas"


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SENTRA_")}
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        base.pop(name, None)
    return {
        **base,
        "SENTRA_DATA_DIR": str(data_dir),
        "SENTRA_BACKUP_PASSPHRASE": PASSPHRASE,
        **extra,
    }


def _database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{name}"


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [SENTRA, *args], env=env, capture_output=True, text=True, timeout=600
    )


def _rows_sqlite(path: str, table: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()  # noqa: S608


def _rows_here(table: str) -> list[tuple[Any, ...]]:
    name = str(settings.DATABASES["default"]["NAME"])
    if connection.vendor == "sqlite":  # raw values on both sides, no Django conversion
        return _rows_sqlite(name, table)
    import psycopg

    with psycopg.connect(_database_url(name)) as db:
        return db.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()  # noqa: S608


@pytest.fixture
def target_database(transactional_db: Any) -> Any:
    """An empty database to restore into (a file for SQLite, a new PostgreSQL database)."""
    if connection.vendor == "sqlite":
        yield None
        return
    import psycopg

    db = settings.DATABASES["default"]
    name = f"{db['NAME']}_restore"
    admin = psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db.get("PASSWORD") or None,
        dbname="postgres", autocommit=True,
    )  # fmt: skip
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_an_empty_data_directory_gives_back_every_table_and_nik(
    world: World, tmp_path: Path, target_database: Any
) -> None:
    for unit in (world.unit_a_rangkasbitung, world.unit_b_bayah):
        report_record(
            actor=SystemActor("test"), unit=unit, data=ReportData(year=2018, workers_male=3)
        )
    source_dir, target_dir = tmp_path / "asal", tmp_path / "tujuan"
    (source_dir / "media" / "imports").mkdir(parents=True)
    upload = source_dir / "media" / "imports" / "abc.xlsx.enc"
    upload.write_bytes(protect.encrypt_bytes(b"PK an upload waiting for confirmation"))
    keys = {"SENTRA_SECRET_KEY": settings.SECRET_KEY, "SENTRA_DATA_KEY": settings.SENTRA_DATA_KEY}
    source_env = _env(
        source_dir, DATABASE_URL=_database_url(str(settings.DATABASES["default"]["NAME"])), **keys
    )
    archive = tmp_path / "cadangan.sentra"
    made = _run(["backup", "--out", str(archive)], source_env)
    assert made.returncode == 0, made.stderr
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert b"3602140101800001" not in archive.read_bytes()  # encrypted, keys inside too

    target_env = _env(target_dir)
    if target_database is not None:
        target_env["DATABASE_URL"] = _database_url(target_database)
    restored = _run(["restore", str(archive)], target_env)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Rantai log audit utuh." in restored.stdout

    tables = connection.introspection.table_names()
    assert len(tables) > 30
    for table in tables:
        if connection.vendor == "sqlite":
            theirs = _rows_sqlite(str(target_dir / "sentra.sqlite3"), table)
        else:
            import psycopg

            with psycopg.connect(target_env["DATABASE_URL"]) as db:
                theirs = db.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()  # noqa: S608
        assert theirs == _rows_here(table), table

    assert (target_dir / "media" / "imports" / "abc.xlsx.enc").read_bytes() == upload.read_bytes()
    figures = ["stats", "--year", "2018", "--format", "json"]
    assert json.loads(_run(figures, target_env).stdout) == json.loads(
        _run(figures, source_env).stdout
    )
    script = (
        "import json;from sentra.core import protect;from sentra.registry.models import Person;"
        "print(json.dumps([protect.decrypt(p.nik_encrypted) "
        "for p in Person.objects.order_by('pk')]))"
    )
    niks = json.loads(_run(["shell", "-c", script], target_env).stdout.strip().splitlines()[-1])
    expected = [protect.decrypt(p.nik_encrypted) for p in Person.objects.order_by("pk")]
    assert niks == expected and "3602140101800001" in niks


@pytest.mark.django_db(transaction=True)
def test_a_wrong_passphrase_or_a_damaged_backup_restores_nothing(
    world: World, tmp_path: Path
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the archive format is the same on both engines")
    keys = {"SENTRA_SECRET_KEY": settings.SECRET_KEY, "SENTRA_DATA_KEY": settings.SENTRA_DATA_KEY}
    source_env = _env(
        tmp_path / "asal",
        DATABASE_URL=_database_url(str(settings.DATABASES["default"]["NAME"])),
        **keys,
    )
    archive = tmp_path / "cadangan.sentra"
    assert _run(["backup", "--out", str(archive)], source_env).returncode == 0
    wrong = _run(
        ["restore", str(archive)],
        {**_env(tmp_path / "a"), "SENTRA_BACKUP_PASSPHRASE": "frasa sandi yang salah"},
    )
    assert wrong.returncode == 1 and "Frasa sandi salah" in wrong.stderr
    assert not (tmp_path / "a" / "sentra.sqlite3").exists()
    damaged = tmp_path / "rusak.sentra"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    broken = _run(["restore", str(damaged)], _env(tmp_path / "b"))
    assert broken.returncode == 1 and "rusak atau diubah" in broken.stderr
    cut = tmp_path / "potong.sentra"
    cut.write_bytes(archive.read_bytes()[: len(data) // 2])
    assert _run(["restore", str(cut)], _env(tmp_path / "c")).returncode == 1
    no_passphrase = {**_env(tmp_path / "d")}
    no_passphrase.pop("SENTRA_BACKUP_PASSPHRASE")
    refused = _run(["backup", "--out", str(tmp_path / "x")], {**no_passphrase, **keys})
    assert refused.returncode == 1 and "SENTRA_BACKUP_PASSPHRASE" in refused.stderr


@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_data_directory_that_is_not_empty(world: World, tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite data directory")
    keys = {"SENTRA_SECRET_KEY": settings.SECRET_KEY, "SENTRA_DATA_KEY": settings.SENTRA_DATA_KEY}
    source_env = _env(
        tmp_path / "asal",
        DATABASE_URL=_database_url(str(settings.DATABASES["default"]["NAME"])),
        **keys,
    )
    archive = tmp_path / "cadangan.sentra"
    assert _run(["backup", "--out", str(archive)], source_env).returncode == 0
    occupied = _env(tmp_path / "isi")
    assert _run(["migrate", "-v0"], occupied).returncode == 0
    before = (tmp_path / "isi" / "sentra.sqlite3").read_bytes()
    refused = _run(["restore", str(archive)], occupied)
    assert refused.returncode == 1 and "tidak kosong" in refused.stderr
    assert (tmp_path / "isi" / "sentra.sqlite3").read_bytes() == before
    assert Person.objects.exists()
