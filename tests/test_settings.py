"""Settings come from the environment: SQLite by default, production refuses unsafe starts."""

from __future__ import annotations

import json
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


def test_the_first_start_generates_both_keys_into_the_data_directory_and_says_so(
    tmp_path: Path,
) -> None:
    result = _run(["check"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("secret.key", "data.key"):
        path = tmp_path / name
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        assert len(path.read_text().strip()) >= 60
        assert f"kunci baru dibuat di {path}" in result.stderr
    again = _run(["check"], {}, tmp_path)
    assert "kunci baru" not in again.stderr  # the same keys are read on the next start


def test_keys_in_the_environment_win_over_the_data_directory(tmp_path: Path) -> None:
    script = "from django.conf import settings as s; print(s.SECRET_KEY, s.SENTRA_DATA_KEY)"
    result = _run(["shell", "-c", script], PRODUCTION, tmp_path)
    assert result.stdout.split()[-2:] == [
        PRODUCTION["SENTRA_SECRET_KEY"],
        PRODUCTION["SENTRA_DATA_KEY"],
    ]
    assert not (tmp_path / "data.key").exists() and not (tmp_path / "secret.key").exists()


def test_no_key_lives_in_the_source() -> None:
    settings_source = (Path(__file__).resolve().parents[1] / "sentra" / "settings.py").read_text()
    assert "insecure" not in settings_source and 'SECRET_KEY = "' not in settings_source


def test_production_is_the_default_and_plain_http_keeps_working(tmp_path: Path) -> None:
    script = (
        "import json;from django.conf import settings as s;"
        "print(json.dumps({k:getattr(s,k,None) for k in ['DEBUG','SESSION_COOKIE_SECURE',"
        "'CSRF_COOKIE_SECURE','SECURE_SSL_REDIRECT','SECURE_HSTS_SECONDS']}))"
    )
    result = _run(["shell", "-c", script], {}, tmp_path)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
    }


def test_development_mode_is_an_explicit_opt_in(tmp_path: Path) -> None:
    script = "from django.conf import settings as s; print(s.DEBUG)"
    result = _run(["shell", "-c", script], {"SENTRA_DEBUG": "1"}, tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "True"
    result = _run(["shell", "-c", script], {"SENTRA_ENV": "development"}, tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_production_settings_pass_the_deployment_check(tmp_path: Path) -> None:
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    tls = {**PRODUCTION, "SENTRA_BEHIND_TLS": "1"}
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], tls, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_data_directory_does_not_depend_on_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sentra.core.datadir import checkout_root, default_data_dir

    monkeypatch.delenv("SENTRA_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    root = checkout_root()
    assert root is not None and default_data_dir() == root / "var"
    monkeypatch.setenv("SENTRA_DATA_DIR", str(tmp_path / "data"))
    assert default_data_dir() == tmp_path / "data"


def test_a_command_run_from_another_folder_without_a_database_explains_in_indonesian(
    tmp_path: Path,
) -> None:
    data, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
    elsewhere.mkdir()
    base = {k: v for k, v in os.environ.items() if not k.startswith("SENTRA_")}
    base.pop("DATABASE_URL", None)
    base.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [SENTRA, "report", "annual", "--year", "2018", "--out", "laporan.pdf"],
        env={**base, "SENTRA_DATA_DIR": str(data)},
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Basis data Sentra belum disiapkan. Jalankan `sentra migrate`" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(elsewhere.iterdir()) == []  # no ./var, no report file
    assert not (data / "sentra.sqlite3").exists()  # the empty database was not left behind


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


def test_the_default_404_page_lists_no_url_patterns_to_visitors(tmp_path: Path) -> None:
    script = (
        "from django.test import Client;"
        "r=Client().get('/tidak-ada/',HTTP_HOST='127.0.0.1');"
        "t=r.content.decode();"
        "print(r.status_code, 'URLconf' in t or 'tried these URL patterns' in t, 'Sentra' in t)"
    )
    result = _run(["shell", "-c", script], {}, tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "404 False True"
