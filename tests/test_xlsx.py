"""Every xlsx Sentra writes: frozen header, filters, column widths, number formats."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from sentra.core import xlsx

COLUMNS = [
    xlsx.Column("Nama"),
    xlsx.Column("Tahun", xlsx.YEAR),
    xlsx.Column("Nilai produksi (Rp)", xlsx.MONEY),
    xlsx.Column("NIK", xlsx.TEXT),
    xlsx.Column("Tanggal"),
]
ROWS = [
    ['=HYPERLINK("http://x")', 2018, 1_500_000, "3602140101800001", date(2026, 11, 29)],
    ["Batik Sekar", 2017, None, "3602140101800002", None],
]


def _round_trip(write_only: bool) -> Any:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("T") if write_only else book.active
    assert sheet is not None
    sheet.title = "T"
    assert xlsx.table_write(sheet, COLUMNS, ROWS, title="Judul", notes=["Catatan"]) == 2
    out = io.BytesIO()
    book.save(out)
    return load_workbook(io.BytesIO(out.getvalue()))["T"]


@pytest.mark.parametrize("write_only", [False, True], ids=["sheet", "streaming"])
def test_a_table_has_a_frozen_filtered_header_widths_and_number_formats(
    write_only: bool,
) -> None:
    sheet = _round_trip(write_only)
    assert sheet["A1"].value == "Judul"
    assert [c.value for c in sheet[2]] == [c.header for c in COLUMNS]
    assert sheet["A2"].font.bold
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:E4"
    assert sheet.column_dimensions["C"].width >= len("Nilai produksi (Rp)")
    name, year, money, nik, day = sheet[3]
    assert (name.data_type, name.value) == ("s", '=HYPERLINK("http://x")')  # never a formula
    assert (year.value, year.number_format) == (2018, "0")  # 2018, not 2.018
    assert (money.value, money.number_format) == (1_500_000, "#,##0")
    assert (nik.value, nik.number_format) == ("3602140101800001", "@")
    assert day.number_format == "[$-421]d mmmm yyyy"  # 29 November 2026
    assert sheet["A6"].value == "Catatan"


@pytest.mark.django_db
def test_the_import_templates_lists_sheet_has_indonesian_headers(reference: None) -> None:
    from sentra.exchange.template import template_xlsx

    book = load_workbook(io.BytesIO(template_xlsx()))
    lists = book["Daftar"]
    assert [c.value for c in lists[1]] == [
        "Kecamatan",
        "Desa/Kelurahan",
        "Komoditas",
        "Ya/Tidak",
        "Jangkauan pasar",
        "Status usaha",
        "Jenis kelamin",
    ]
    data = book["Data IKM"]
    assert data.freeze_panes == "A2" and data.auto_filter.ref.startswith("A1:")
    from openpyxl.utils import get_column_letter

    from sentra.exchange.columns import KEYS

    nik = get_column_letter(KEYS.index("nik") + 1)
    assert data[f"{nik}2"].number_format == "@"  # NIK typed as text
