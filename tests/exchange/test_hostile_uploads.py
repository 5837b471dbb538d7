"""Hostile files through the web and the command line: refused with the limit named, no 500,
no upload left on disk; the command exits 2 and writes the refusal as its report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from sentra.exchange.models import ImportRun, RunStatus
from sentra.registry.models import Unit
from tests.exchange.files import TEMPLATE_HEADERS
from tests.exchange.hostile import csv_cr_only, lie_about_size, sheet_xml, xlsx_with_sheet_part
from tests.exchange.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db
XML_PART, BIN_PART = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.bin"


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "tmp"
    return Path(settings.MEDIA_ROOT)


def _post(user: Any, path: Path) -> Any:
    """Uploads, lets the worker run the preview job and follows the progress page to where
    it leads (the report page of a refused file)."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    queued = client.post("/imports/", {"file": upload, "year": "2018"})
    assert queued.status_code == 302
    run_queued_jobs()
    return client.get(queued["Location"], follow=True)


def _left_on_disk(media: Path, tmp: Path) -> list[str]:
    folders = [media / "imports", tmp / "tmp"]
    return sorted(p.name for f in folders if f.is_dir() for p in f.iterdir())


def test_a_part_that_lies_about_its_size_answers_a_message_not_500_and_leaves_no_upload(
    alice_admin: Any, media: Path, tmp_path: Path, settings: Any
) -> None:
    settings.SENTRA_IMPORT_LIMITS = {"max_uncompressed": 1_000_000}
    path = xlsx_with_sheet_part(tmp_path / "bohong.xlsx", XML_PART, sheet_xml(40_000))
    lie_about_size(path, XML_PART, 2_000)
    response = _post(alice_admin, path)
    assert response.status_code == 200
    assert "ukuran setelah diekstrak (byte)" in response.content.decode()
    assert _left_on_disk(media, tmp_path) == []
    run = ImportRun.objects.get()
    assert (run.status, run.error_code, run.stored_name) == (
        RunStatus.FAILED,
        "zip_uncompressed",
        "",
    )


def test_a_csv_with_cr_only_line_ends_is_refused_on_the_web(
    alice_admin: Any, media: Path, tmp_path: Path
) -> None:
    path = csv_cr_only(tmp_path / "cr.csv", TEMPLATE_HEADERS, 60_000)
    response = _post(alice_admin, path)
    assert "jumlah baris 60.001 melebihi batas 50.000" in response.content.decode()
    assert _left_on_disk(media, tmp_path) == []
    assert Unit.objects.count() == 0


def test_a_sheet_part_not_named_xml_is_refused_on_the_web(
    alice_admin: Any, media: Path, tmp_path: Path
) -> None:
    path = xlsx_with_sheet_part(tmp_path / "bin.xlsx", BIN_PART, sheet_xml(60_000))
    response = _post(alice_admin, path)
    assert "jumlah baris" in response.content.decode()
    assert _left_on_disk(media, tmp_path) == []


def test_a_refused_file_exits_2_and_writes_the_refusal_as_the_report(
    reference: None, tmp_path: Path, capsys: Any
) -> None:
    path = xlsx_with_sheet_part(tmp_path / "bin.xlsx", BIN_PART, sheet_xml(60_000))
    report = tmp_path / "laporan.json"
    with pytest.raises(SystemExit) as exit_:
        call_command("import_units", str(path), "--report", str(report))
    assert exit_.value.code == 2
    assert json.loads(report.read_text()) == {
        "file": "bin.xlsx",
        "refused": {
            "code": "too_many_rows",
            "message": json.loads(report.read_text())["refused"]["message"],
        },
    }
    assert "melebihi batas 50.000" in capsys.readouterr().err


def test_an_abandoned_upload_and_a_crashed_work_file_are_swept(
    media: Path, tmp_path: Path, settings: Any
) -> None:
    import os
    import time

    from sentra.exchange.limits import Limits
    from sentra.exchange.uploads import upload_store, uploads_sweep, work_dir

    stored = upload_store([b"a;b\n"], name="x.csv", limits=Limits())
    waiting = upload_store([b"a;b\n"], name="y.csv", limits=Limits())
    ImportRun.objects.create(
        source="web", file_name="y.csv", year=2018, status=RunStatus.PREVIEW, stored_name=waiting
    )
    leftover = work_dir() / "deadbeef.xlsx"
    leftover.write_bytes(b"clear text of a crashed import")
    old = time.time() - 2 * 3600
    for path in (media / "imports" / stored, media / "imports" / waiting, leftover):
        os.utime(path, (old, old))
    assert uploads_sweep() == 2
    assert [p.name for p in (media / "imports").iterdir()] == [waiting]
    assert not leftover.exists()
