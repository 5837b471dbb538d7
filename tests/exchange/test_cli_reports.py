"""`sentra import-units --report OUT.json` writes a report for every outcome: the import's
report for exit 0 and 3, the refusal for every exit 2 (a missing file, an unknown user, the
year missing or in conflict, no regions loaded, a command line argparse refuses) and the
failure for exit 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from sentra.exchange.models import ImportRun, RunStatus
from sentra.registry.models import Unit
from tests.exchange.files import TEMPLATE_HEADERS, csv_file

ROOT = Path(__file__).resolve().parents[2]
SENTRA = str(Path(sys.executable).with_name("sentra"))
NO_REGIONS = (
    "Data wilayah (kecamatan dan desa) belum dimuat, jadi tidak ada baris yang bisa "
    "dicocokkan: jalankan `sentra load-reference` lebih dulu, lalu impor lagi."
)


def _row(**values: Any) -> list[Any]:
    row = dict.fromkeys(TEMPLATE_HEADERS, "")
    row.update({
        "Nama Usaha": "Gula Aren Pak Ade", "Nama Pemilik": "Ade",
        "NIK Pemilik": "3602031208900005", "Desa/Kelurahan": "Bayah Barat",
        "Kecamatan": "Bayah", "Komoditas": "Gula Aren", "Tenaga Kerja Laki-laki": 2,
    })  # fmt: skip
    row.update(values)
    return [row[h] for h in TEMPLATE_HEADERS]


def _run(*args: str) -> tuple[int, str]:
    """The command as `sentra import-units` runs it: exit status and stderr."""
    try:
        call_command("import_units", *args)
    except SystemExit as exit_:
        return int(exit_.code or 0), ""
    return 0, ""


def _refusal(report: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


@pytest.mark.django_db
def test_a_missing_file_exits_2_with_its_report(
    reference: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "laporan.json"
    code, _ = _run(str(tmp_path / "tidak-ada.xlsx"), "--report", str(report))
    assert code == 2
    message = f"Berkas tidak ditemukan: {tmp_path / 'tidak-ada.xlsx'}"
    assert _refusal(report) == {
        "file": "tidak-ada.xlsx",
        "refused": {"code": "file_missing", "message": message},
    }
    assert capsys.readouterr().err == message + "\n"


@pytest.mark.django_db
def test_an_unknown_acting_user_exits_2_with_its_report(reference: None, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "ok.csv", [TEMPLATE_HEADERS, _row()])
    report = tmp_path / "laporan.json"
    code, _ = _run(str(path), "--year", "2018", "--as", "siapa", "--report", str(report))
    assert code == 2
    assert _refusal(report)["refused"] == {
        "code": "user_unknown",
        "message": "Pengguna tidak ditemukan: siapa",
    }
    assert ImportRun.objects.count() == 0


@pytest.mark.django_db
def test_a_file_without_a_year_exits_2_with_its_report(reference: None, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "tanpa-tahun.csv", [TEMPLATE_HEADERS, _row()])
    report = tmp_path / "laporan.json"
    assert _run(str(path), "--report", str(report))[0] == 2
    refused = _refusal(report)["refused"]
    assert refused["code"] == "year_missing"
    assert "Tahun data tidak disebutkan" in refused["message"]
    assert ImportRun.objects.get().status == RunStatus.FAILED


@pytest.mark.django_db
def test_a_year_in_conflict_with_the_file_exits_2_with_its_report(
    reference: None, tmp_path: Path
) -> None:
    path = csv_file(tmp_path / "konflik.csv", [[*TEMPLATE_HEADERS, "Tahun Data"], [*_row(), 2017]])
    report = tmp_path / "laporan.json"
    assert _run(str(path), "--year", "2018", "--report", str(report))[0] == 2
    refused = _refusal(report)["refused"]
    assert refused["code"] == "year_conflict"
    assert "Baris 2 menyebut tahun 2017, berbeda dengan tahun impor 2018" in refused["message"]


@pytest.mark.django_db
def test_an_import_into_a_database_without_regions_exits_2_naming_load_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv_file(tmp_path / "ok.csv", [TEMPLATE_HEADERS, _row()])
    report = tmp_path / "laporan.json"
    code, _ = _run(str(path), "--year", "2018", "--report", str(report))
    assert code == 2
    assert _refusal(report) == {
        "file": "ok.csv",
        "refused": {"code": "no_regions", "message": NO_REGIONS},
    }
    assert capsys.readouterr().err == NO_REGIONS + "\n"  # one line, one message
    run = ImportRun.objects.get()
    assert (run.status, run.error_code, run.error_message) == (
        RunStatus.FAILED, "no_regions", NO_REGIONS,
    )  # fmt: skip
    assert Unit.objects.count() == 0


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # S603: our own console script with test-built arguments.
    return subprocess.run(  # noqa: S603
        [SENTRA, "import-units", *args],
        cwd=ROOT,
        env=env or dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_command_line_argparse_refuses_exits_2_with_its_report(tmp_path: Path) -> None:
    report = tmp_path / "laporan.json"
    done = _cli("--year", "2018", "--report", str(report))
    assert done.returncode == 2
    refused = _refusal(report)
    assert refused["file"] is None and refused["refused"]["code"] == "usage"
    assert "the following arguments are required: file" in refused["refused"]["message"]
    assert "the following arguments are required: file" in done.stderr

    report.unlink()
    done = _cli("data.csv", "--year", "dua ribu", "--report", str(report))
    assert done.returncode == 2
    assert "invalid int value: 'dua ribu'" in _refusal(report)["refused"]["message"]


def test_a_failure_of_the_machine_exits_1_and_still_writes_its_report(tmp_path: Path) -> None:
    """No database at all (a data directory never migrated): one sentence, exit 1, and the
    report says so without quoting the file."""
    path = csv_file(tmp_path / "ok.csv", [TEMPLATE_HEADERS, _row()])
    report = tmp_path / "laporan.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRA_")}
    env.pop("DATABASE_URL", None)
    env["SENTRA_DATA_DIR"] = str(tmp_path / "data")
    done = _cli(str(path), "--year", "2018", "--report", str(report), env=env)
    assert done.returncode == 1
    failed = _refusal(report)
    assert failed["file"] == "ok.csv" and set(failed["failed"]) == {"code", "message"}
    assert failed["failed"]["message"] in done.stderr
    assert "Traceback" not in done.stderr
