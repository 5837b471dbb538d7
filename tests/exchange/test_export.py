"""Exports with the template's columns: round trip to "unchanged", masking, formula
neutralisation, the JSON shape and the blank template with drop-down lists."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from openpyxl.utils import get_column_letter

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.exchange.columns import COLUMNS, KEYS
from sentra.exchange.export import neutralise
from sentra.exchange.importer import import_file
from sentra.exchange.template import template_xlsx
from sentra.registry.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(reference: None, messy_xlsx: Path) -> None:
    import_file(actor=SystemActor("cli"), path=messy_xlsx, file_name=messy_xlsx.name, year=2018)


def _export(tmp_path: Path, fmt: str, *args: str) -> Path:
    out = tmp_path / f"export.{fmt}"
    call_command("export_units", "--format", fmt, "--out", str(out), "--year", "2018", *args)
    return out


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("personal", [True, False], ids=["clear", "masked"])
def test_an_exported_file_imports_back_as_all_unchanged(
    imported: None, tmp_path: Path, fmt: str, personal: bool
) -> None:
    out = _export(tmp_path, fmt, *(["--include-personal"] if personal else []))
    result = import_file(actor=SystemActor("cli"), path=out, file_name=out.name, year=2018)
    assert result.report["rows_total"] == 2
    assert [(r["status"], r["issues"]) for r in result.report["rows"]] == [("unchanged", [])] * 2
    assert result.report["unknown_columns"] == []
    assert Unit.objects.count() == 3  # the messy sheet's Sabun Sereh is kept (issue 10)


def test_the_export_has_the_template_headers_and_masks_personal_data(
    imported: None, tmp_path: Path
) -> None:
    out = _export(tmp_path, "csv")
    text = out.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [c.header for c in COLUMNS]
    nik = rows[0].index("NIK Pemilik")
    assert sorted(r[nik] for r in rows[1:]) == ["3602••••••••0001", "3602••••••••0004"]
    assert AuditLog.objects.filter(action="units.export").count() == 1


def test_personal_data_in_clear_is_exported_only_for_an_admin_and_audited(
    imported: None, alice_admin: Any, rudi_officer_rangkasbitung: Any, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    with pytest.raises(SystemExit) as exit:
        _export(tmp_path, "json", "--include-personal", "--as", "rudi")
    assert exit.value.code == 2
    assert "Hanya admin" in capsys.readouterr().err
    out = _export(tmp_path, "json", "--include-personal", "--as", "alice")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(d["nik"] for d in data) == ["3602140101800001", "3602140303700004"]
    assert AuditLog.objects.filter(action="units.export_personal", actor_label="alice").exists()


def test_json_is_a_list_of_objects_with_the_template_keys_and_codes(
    imported: None, tmp_path: Path
) -> None:
    data = json.loads(_export(tmp_path, "json").read_text(encoding="utf-8"))
    assert [set(d) for d in data] == [{*KEYS, "id", "kecamatan_code", "desa_code", "products"}] * 2
    bamboo = next(d for d in data if d["nib"] == "1234567890123")
    unit = Unit.objects.get(nib="1234567890123")
    assert list(bamboo)[:2] == ["id", "code"]
    assert bamboo == {
        "id": unit.pk,
        "code": unit.code,
        "year": 2018,
        "sex": "Laki-laki",
        "status": "Aktif",
        "business_name": "CV. Bambu Pasir Ona",
        "owner_name": "Ujang Sukma",
        "nik": "3602••••••••0001",
        "nib": "1234567890123",
        "address": "",
        "desa": "Rangkasbitung Timur",
        "kecamatan": "Rangkasbitung",
        "commodity": "Anyam-anyaman",
        "kbli": "",
        "workers_male": 3,
        "workers_female": 2,
        "workers_foreign": 0,
        "investment": 1500000,
        "production_value": 2500000,
        "year_established": 2015,
        "market_reach": "Ekspor",
        "export_countries": "DE, GB",
        "export_value": 0,
        "pirt": "Ya",
        "halal": "Tidak",
        "hki": "Tidak",
        "phone": "",
        "latitude": None,
        "longitude": None,
        "kecamatan_code": "36.02.14",
        "desa_code": "36.02.14.2017",
        "products": [
            {"name": "anyaman bambu", "kbli": "", "capacity": None, "capacity_unit": "",
             "commodity": "Anyam-anyaman"},
            {"name": "anyaman", "kbli": "", "capacity": None, "capacity_unit": "",
             "commodity": "Anyam-anyaman"},
        ],
    }  # fmt: skip


def test_region_filter_limits_the_export(imported: None, tmp_path: Path) -> None:
    out = _export(tmp_path, "json", "--region", "36.02.03")
    assert json.loads(out.read_text()) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+62812", "'+62812"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Bambu", "Bambu"),
        (-5, -5),
        (12, 12),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised_but_numbers_stay(
    value: Any, expected: Any
) -> None:
    assert neutralise(value) == expected


def test_a_formula_like_business_name_is_exported_as_inert_text_and_reimports_unchanged(
    reference: None, tmp_path: Path
) -> None:
    from tests.exchange.files import TEMPLATE_HEADERS, csv_file

    values = dict.fromkeys(TEMPLATE_HEADERS, "")
    values.update({
        "Nama Usaha": "=1+2", "Nama Pemilik": "Ade", "NIK Pemilik": "3602031208900005",
        "Desa/Kelurahan": "Bayah Barat", "Kecamatan": "Bayah", "Komoditas": "Gula Aren",
        "Tenaga Kerja Laki-laki": "2",
    })  # fmt: skip
    source = csv_file(tmp_path / "f.csv", [TEMPLATE_HEADERS, [values[h] for h in TEMPLATE_HEADERS]])
    import_file(actor=SystemActor("cli"), path=source, file_name="f.csv", year=2018)
    out = _export(tmp_path, "xlsx")
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    name = get_column_letter(KEYS.index("business_name") + 1)
    assert sheet["A1"].value == "Kode Unit"
    assert sheet[f"{name}2"].value == "'=1+2"
    assert sheet[f"{name}2"].data_type == "s"
    again = import_file(actor=SystemActor("cli"), path=out, file_name=out.name, year=2018)
    assert [r["status"] for r in again.report["rows"]] == ["unchanged"]


def test_the_blank_template_has_instructions_and_drop_down_lists(reference: None) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    assert workbook.sheetnames == ["Data IKM", "Daftar", "Petunjuk"]
    data = workbook["Data IKM"]
    assert [c.value for c in data[1]] == [c.header for c in COLUMNS]
    validations = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}

    def column(key: str) -> str:
        letter = get_column_letter(KEYS.index(key) + 1)
        return f"{letter}2:{letter}2001"

    assert validations[column("kecamatan")] == "=Daftar!$A$2:$A$29"  # 28 kecamatan
    assert validations[column("desa")].startswith("=Daftar!$B$2:$B$")
    assert validations[column("commodity")] == "=Daftar!$C$2:$C$12"  # 10 + Belum diklasifikasi
    assert validations[column("status")] == "=Daftar!$F$2:$F$5"  # 4 statuses
    for key in ("code", "nik", "nib"):  # identifiers typed as text
        assert data[f"{get_column_letter(KEYS.index(key) + 1)}2"].number_format == "@"
    lists = workbook["Daftar"]
    assert "Rangkasbitung" in [c.value for c in lists["A"]]
    assert "Petunjuk pengisian" in str(workbook["Petunjuk"]["A1"].value)


def test_the_blank_template_imports_as_an_empty_file(reference: None, tmp_path: Path) -> None:
    path = tmp_path / "templat.xlsx"
    path.write_bytes(template_xlsx())
    result = import_file(actor=SystemActor("cli"), path=path, file_name="templat.xlsx")
    assert (result.report["rows_total"], result.report["sheet"]) == (0, "Data IKM")
