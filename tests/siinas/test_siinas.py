"""SIINas: each unit's status (recorded, imported from a list, shown, counted against the
target) and the yearly extract with its check sheet."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.registry.models import LegalForm, Unit
from sentra.registry.selectors import unit_list_for_user
from sentra.registry.services import ReportData, report_record
from sentra.siinas.extract import COLUMNS
from sentra.siinas.models import SiinasStatus
from sentra.siinas.reader import ListRefused, read_status_list
from sentra.siinas.selectors import siinas_progress
from sentra.siinas.services import (
    CREATED,
    REJECTED,
    UNCHANGED,
    UPDATED,
    siinas_import,
    siinas_status_record,
    siinas_target_set,
)

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "siinas.md"


@pytest.fixture
def world(api_world: Any) -> Any:
    return api_world


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_recording_a_status_is_audited_and_a_blank_never_erases(world: Any) -> None:
    unit = world.unit_a_rangkasbitung
    admin = world.users["admin"]
    status, outcome = siinas_status_record(
        actor=admin, unit=unit, year=2018, receipt_number="BKT-1", reported_on=date(2019, 3, 1)
    )
    assert outcome == CREATED
    _status, outcome = siinas_status_record(actor=admin, unit=unit, year=2018)
    assert outcome == UNCHANGED
    status.refresh_from_db()
    assert (status.receipt_number, status.reported_on) == ("BKT-1", date(2019, 3, 1))
    _status, outcome = siinas_status_record(actor=admin, unit=unit, year=2018, receipt_number="B2")
    assert outcome == UPDATED
    actions = list(
        AuditLog.objects.filter(object_type="siinas.siinasstatus").values_list("action", flat=True)
    )
    assert sorted(actions) == ["siinas.record", "siinas.update"]


def test_a_status_needs_a_receipt_number_or_a_date(world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        siinas_status_record(actor=SystemActor("test"), unit=world.unit_a_rangkasbitung, year=2018)
    assert error.value.error_list[0].code == "proof_required"
    assert SiinasStatus.objects.count() == 0


def test_the_list_import_reports_every_row_and_refuses_units_outside_the_scope(
    world: Any,
) -> None:
    a, b_bayah = world.unit_a_rangkasbitung, world.unit_b_bayah
    rows = read_status_list(
        content=_csv(
            "Daftar lapor SIINas\n"
            "Kode Unit;Nomor Bukti;Tanggal\n"
            f"{a.code};BKT-9;31/03/2019\n"
            f"{b_bayah.code};BKT-10;2019-04-01\n"
            "IKM-3602-9999999;BKT-11;2019-04-01\n"
            f"{a.code};;kemarin\n"
            ";BKT-12;\n"
        ),
        name="lapor.csv",
    )
    officer = world.users["officer_rangkasbitung"]
    results = siinas_import(
        actor=officer, rows=rows, year=2018, visible=unit_list_for_user(user=officer)
    )
    assert [(r.line, r.outcome) for r in results] == [
        (3, CREATED),
        (4, REJECTED),
        (5, REJECTED),
        (6, REJECTED),
        (7, REJECTED),
    ]
    assert "di luar wilayah Anda" in results[1].message
    assert "Baris 6, kolom Tanggal" in results[3].message
    assert "Kode Unit kosong" in results[4].message
    assert SiinasStatus.objects.get().unit == a


def test_an_xlsx_list_with_a_year_column_is_read(world: Any, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Kode Unit", "No. Bukti", "Tgl Lapor", "Tahun"])
    ws.append([world.unit_b_bayah.code, "BKT-7", date(2019, 5, 2), 2018])
    buffer = io.BytesIO()
    wb.save(buffer)
    rows = read_status_list(content=buffer.getvalue(), name="lapor.xlsx")
    assert [(r.code, r.receipt_number, r.reported_on, r.year) for r in rows] == [
        (world.unit_b_bayah.code, "BKT-7", date(2019, 5, 2), 2018)
    ]


def test_a_list_without_the_columns_is_refused_with_a_reason() -> None:
    with pytest.raises(ListRefused, match="Kode Unit"):
        read_status_list(content=_csv("a,b\n1,2\n"), name="x.csv")
    with pytest.raises(ListRefused, match=r"\.xlsx atau \.csv"):
        read_status_list(content=b"", name="x.pdf")


def test_progress_counts_reported_units_against_the_offices_target(world: Any) -> None:
    siinas_status_record(
        actor=SystemActor("test"), unit=world.unit_b_bayah, year=2018, receipt_number="X"
    )
    siinas_target_set(actor=SystemActor("test"), year=2018, units=2)
    admin = siinas_progress(user=world.users["admin"], year=2018)
    assert (admin["units"], admin["reported"], admin["target"], admin["target_percent"]) == (
        3,
        1,
        2,
        50.0,
    )
    officer = siinas_progress(user=world.users["officer_rangkasbitung"], year=2018)
    assert (officer["units"], officer["reported"], officer["target"]) == (2, 0, None)


def _extract_sheets(content: bytes) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    wb = load_workbook(io.BytesIO(content))
    return list(wb["Data IKM"].values), list(wb["Pemeriksaan"].values)


def test_the_extract_has_one_row_per_unit_and_a_check_sheet_of_missing_items(
    world: Any, tmp_path: Path
) -> None:
    unit = world.unit_a_rangkasbitung
    Unit.objects.filter(pk=unit.pk).update(
        nib="1234567890123", kbli="13912", legal_form=LegalForm.objects.first()
    )
    report_record(
        actor=SystemActor("test"),
        unit=unit,
        data=ReportData(
            year=2018,
            workers_male=2,
            workers_female=3,
            investment=5_000_000,
            production_value=9_000_000,
            capacity=100,
            capacity_unit="buah/bulan",
            raw_materials="bambu",
            market_reach="ekspor",
            export_value_usd=1200,
            export_countries=("GB", "NL"),
        ),
    )
    out = tmp_path / "siinas.xlsx"
    call_command("siinas", "extract", "--year", "2018", "--out", str(out), stdout=io.StringIO())
    data, check = _extract_sheets(out.read_bytes())
    assert list(data[0]) == [c.header for c in COLUMNS]
    rows = {row[0]: dict(zip(data[0], row, strict=True)) for row in data[1:]}
    assert len(rows) == 3
    full = rows[unit.code]
    assert full["Kode Wilayah Kemendagri"] == "36.02.14.2017"
    assert full["Negara Tujuan Ekspor"] == "GB, NL"
    assert full["Nilai Ekspor (US$)"] == 1200
    assert full["KBLI"] == "13912"
    missing = {row[0]: row[3] for row in check[1:]}
    assert unit.code not in missing
    assert "NIB" in missing[world.unit_b_bayah.code]
    assert "Kapasitas Produksi" in missing[world.unit_b_bayah.code]


def test_the_command_imports_a_list_and_exits_3_when_rows_are_rejected(
    world: Any, tmp_path: Path
) -> None:
    path = tmp_path / "lapor.csv"
    path.write_text(
        f"Kode Unit,Nomor Bukti,Tanggal\n{world.unit_b_bayah.code},BKT-1,2019-01-02\nIKM-X,,\n"
    )
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("siinas", "import", str(path), "--year", "2018", stdout=out)
    assert exit_code.value.code == 3
    assert "baris 2" in out.getvalue() and "baris 3" in out.getvalue()
    assert SiinasStatus.objects.get().receipt_number == "BKT-1"


def test_the_dashboard_shows_the_siinas_count_and_the_extract_link(world: Any) -> None:
    siinas_target_set(actor=SystemActor("test"), year=2018, units=3)
    client = Client()
    client.force_login(world.users["admin"])
    page = client.get("/dashboard/?year=2018").content.decode()
    assert "0 dari 3 unit sudah lapor SIINas" in page
    assert "Target kantor: 3 unit" in page
    assert "/siinas/ekstrak-2018.xlsx" in page
    download = client.get("/siinas/ekstrak-2018.xlsx")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    data, _check = _extract_sheets(download.content)
    assert len(data) == 4


def test_an_officers_extract_holds_only_their_kecamatan(world: Any) -> None:
    client = Client()
    client.force_login(world.users["officer_bayah"])
    data, _check = _extract_sheets(client.get("/siinas/ekstrak-2018.xlsx").content)
    assert [row[0] for row in data[1:]] == [world.unit_b_bayah.code]


def test_the_unit_page_shows_the_siinas_panel_and_staff_record_from_it(world: Any) -> None:
    unit = world.unit_a_rangkasbitung
    client = Client()
    client.force_login(world.users["officer_rangkasbitung"])
    page = client.get(f"/units/{unit.pk}/").content.decode()
    assert "Status SIINas" in page
    assert f"/siinas/unit/{unit.pk}/" in page
    response = client.post(f"/siinas/unit/{unit.pk}/", {"year": 2018, "receipt_number": "BKT-77"})
    assert response.status_code == 302
    assert "BKT-77" in client.get(f"/units/{unit.pk}/").content.decode()
    owner = Client()
    owner.force_login(world.users["owner_a"])
    owner_page = owner.get(f"/units/{unit.pk}/").content.decode()
    assert "BKT-77" in owner_page
    assert f"/siinas/unit/{unit.pk}/" not in owner_page


def test_the_import_page_reports_every_row(world: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(world.users["admin"])
    upload = SimpleUploadedFile(
        "lapor.csv",
        _csv(f"Kode Unit,Nomor Bukti,Tanggal\n{world.unit_b_bayah.code},BKT-5,\nIKM-X,1,\n"),
    )
    page = client.post("/siinas/impor/", {"year": 2018, "file": upload})
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 dicatat, 0 diperbarui, 0 tidak berubah, 1 ditolak." in text
    assert "Baris 3: unit IKM-X tidak dikenal" in text


def test_docs_list_the_extracts_columns() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"| {column.header} |" in text, column.header
        assert column.source in text
