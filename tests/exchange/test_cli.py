"""`sentra import-units` and `sentra export-units`: exit codes, the report file, and a kill
during the commit that leaves no trace."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from sentra.exchange.models import ImportRun, RunStatus
from sentra.exchange.runs import run_reap_stale
from sentra.registry.models import Person, Unit
from tests.exchange.files import TEMPLATE_HEADERS, csv_file, xlsx

ROOT = Path(__file__).resolve().parents[2]


def _call(*args: str) -> tuple[int, str]:
    try:
        call_command("import_units", *args)
    except SystemExit as exit:
        return int(exit.code or 0), ""
    return 0, ""


def _good_row(name: str = "Gula Aren Pak Ade", nik: str = "3602031208900005") -> list[str]:
    values = dict.fromkeys(TEMPLATE_HEADERS, "")
    values.update({
        "Nama Usaha": name, "Nama Pemilik": "Ade", "NIK Pemilik": nik,
        "Desa/Kelurahan": "Bayah Barat", "Kecamatan": "Bayah", "Komoditas": "Gula Aren",
    })  # fmt: skip
    return [values[h] for h in TEMPLATE_HEADERS]


@pytest.mark.django_db
def test_exit_status_is_0_when_no_row_is_rejected_and_the_report_file_is_written(
    reference: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = xlsx(tmp_path / "ok.xlsx", [TEMPLATE_HEADERS, _good_row()])
    out = tmp_path / "report.json"
    code, _ = _call(str(path), "--year", "2018", "--report", str(out))
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert (report["created"], report["rows"][0]["row"]) == (1, 2)
    assert "created=1" in capsys.readouterr().out


@pytest.mark.django_db
def test_exit_status_is_3_when_some_rows_are_rejected(reference: None, messy_xlsx: Path) -> None:
    code, _ = _call(str(messy_xlsx), "--year", "2018", "--dry-run")
    assert code == 3
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_exit_status_is_2_with_one_line_on_stderr_for_an_unusable_file(
    reference: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "data.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    code, _ = _call(str(path))
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("Format .xls tidak didukung.")


@pytest.mark.django_db
def test_an_owner_acting_with_as_is_refused_with_exit_status_2(
    omar_owner: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = xlsx(tmp_path / "ok.xlsx", [TEMPLATE_HEADERS, _good_row()])
    code, _ = _call(str(path), "--as", "omar")
    assert code == 2
    assert capsys.readouterr().err == "Pengguna ini tidak berwenang mengimpor data unit.\n"


@pytest.mark.django_db
def test_the_sheet_option_picks_a_sheet_and_a_missing_sheet_is_refused(
    reference: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Catatan"
    first.append(["bukan data"])
    second = workbook.create_sheet("Bayah")
    second.append(TEMPLATE_HEADERS)
    second.append(_good_row())
    path = tmp_path / "dua.xlsx"
    workbook.save(path)
    out = tmp_path / "r.json"
    assert _call(str(path), "--year", "2018", "--report", str(out))[0] == 0
    assert json.loads(out.read_text())["sheet"] == "Bayah"
    assert _call(str(path), "--sheet", "Rangkas")[0] == 2
    assert capsys.readouterr().err == "Lembar Rangkas tidak ada. Lembar yang ada: Catatan, Bayah.\n"


@pytest.mark.django_db(transaction=True)
def test_a_kill_during_the_commit_leaves_no_trace_and_the_run_is_recorded_as_failed(
    reference: None, tmp_path: Path
) -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        database_url = os.environ["DATABASE_URL"]
        name = settings.DATABASES["default"]["NAME"]
        database_url = database_url.rsplit("/", 1)[0] + "/" + name
    else:
        database_url = "sqlite:///" + str(settings.DATABASES["default"]["NAME"])
    rows = [TEMPLATE_HEADERS] + [
        _good_row(f"Gula Aren {i}", f"36020312089{i:05d}") for i in range(1, 41)
    ]
    path = csv_file(tmp_path / "banyak.csv", rows)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "sentra.settings",
    }
    # S603: the command is this interpreter running our own CLI with test-built arguments.
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "tests.exchange.paused_import", str(path), "--year", "2018"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if "PAUSED_INSIDE_THE_WRITE_TRANSACTION" in line:
                break
        else:
            pytest.fail("the import never reached its commit")
        running = ImportRun.objects.get()
        assert running.status == RunStatus.RUNNING
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert Unit.objects.count() == 0
    assert Person.objects.count() == 0
    assert run_reap_stale() == 1
    run = ImportRun.objects.get()
    assert (run.status, run.error_code) == (RunStatus.FAILED, "interrupted")
