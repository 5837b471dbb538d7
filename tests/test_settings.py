"""Settings come from the environment: SQLite by default, production refuses unsafe starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

SENTRA = str(Path(sys.executable).with_name("sentra"))


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SENTRA_")
        and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base["SENTRA_DATA_DIR"] = str(tmp_path)
    return subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [SENTRA, *args], env={**base, **env}, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "SENTRA_ENV": "production",
    "SENTRA_SECRET_KEY": "x7#kq2!vLm9@pR4$wZ8^tN1&bC6*eH3(jD5)fG0-sA_yU+oI=" * 2,
    "SENTRA_DATA_KEY": "another-long-random-key-for-personal-data-1234567890",
    "SENTRA_ALLOWED_HOSTS": "sentra.lebakkab.example",
}


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SENTRA_SECRET_KEY"}
    result = _run(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "SENTRA_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_data_key(tmp_path: Path) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SENTRA_DATA_KEY"}
    result = _run(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "SENTRA_DATA_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_check(tmp_path: Path) -> None:
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_defaults_to_sqlite_in_the_data_directory(tmp_path: Path) -> None:
    result = _run(
        [
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        ],
        {},
        tmp_path,
    )
    assert result.stdout.strip().splitlines()[-1] == str(tmp_path / "sentra.sqlite3")


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only setting")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 20000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_interface_is_indonesian_by_default_in_jakarta_time() -> None:
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_TZ is True
