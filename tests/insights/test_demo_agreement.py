"""On the demo: the dashboard, the annual report, the open data and `sentra stats` agree for
every year, the 2018 statement is reproduced exactly, and nothing personal is published."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from sentra.core.actors import SystemActor
from sentra.insights.aggregates import data_years, raw_cells, stats_ready, stored_cells
from sentra.insights.figures import View, dashboard_figures, view_cells
from sentra.insights.opendata import DATASETS, dataset_rows
from sentra.insights.report.render import report_pdf
from sentra.insights.report.tables import annual_report_data

STATEMENT_2018 = (
    "Jumlah industri kecil tercatat 16.000 unit dari sebelumnya 15.372 unit usaha "
    "dengan menyerap tenaga kerja sekitar 33.000 orang."
)
SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
PHONE = re.compile(r"(?<![\d.])(?:\+62|62|0)8\d{7,11}(?!\d)")


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo, loaded once for this module and removed afterwards."""
    with django_db_blocker.unblock():
        call_command("demo", stdout=StringIO())
        if not stats_ready():  # the demo command runs the insights extension itself
            from sentra.insights.demo import demo_load

            demo_load(actor=SystemActor("test"), seed=2018)
        yield
        call_command("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


def _stats(year: int) -> dict[str, Any]:
    out = StringIO()
    call_command("stats", year=year, format="json", stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def test_the_2018_statement_is_reproduced_exactly(demo: None) -> None:
    assert _stats(2018)["statement"] == STATEMENT_2018
    assert annual_report_data(year=2018).statement == STATEMENT_2018


def test_stored_cells_equal_the_raw_group_by_on_the_demo(demo: None) -> None:
    assert stored_cells().comparable() == raw_cells().comparable()


def test_dashboard_report_open_data_and_stats_agree_for_every_year(demo: None) -> None:
    years = data_years()
    assert years == [2016, 2017, 2018]
    view = View(kecamatan=None)
    cs = view_cells(view, years)
    for year in years:
        stats = _stats(year)
        figures = dashboard_figures(cs=cs, year=year, view=view)
        report = annual_report_data(year=year)
        assert figures["units"] == stats["units"]
        assert figures["units_previous_year"] == stats["units_previous_year"]
        assert figures["workers"] == stats["workers"]
        assert figures["workers_male"] == stats["workers_male"]
        assert figures["exporting_units"] == stats["exporting_units"]
        assert [(r["code"], r["units"], r["workers"]) for r in figures["by_kecamatan"]] == [
            (r["code"], r["units"], r["workers"]) for r in stats["by_kecamatan"]
        ]
        assert [(r["code"], r["units"], r["workers"]) for r in figures["by_commodity"]] == [
            (r["code"], r["units"], r["workers"]) for r in stats["by_commodity"]
        ]
        assert [(d["country"], d["units"]) for d in figures["destinations"]] == [
            (d["country"], d["units"]) for d in stats["export_destinations"]
        ]
        kec = report.table("kecamatan")
        assert [(r[0], r[2], r[5]) for r in kec.rows] == [
            (r["name"], r["units"], r["workers"]) for r in stats["by_kecamatan"]
        ]
        assert report.table("summary").rows[0][1:] == [
            stats["units_previous_year"],
            stats["units"],
        ]
        rows = dataset_rows(DATASETS["ikm-kecamatan-komoditas"], year)
        shown = [r for r in rows if not r["disembunyikan"]]
        hidden = [r for r in rows if r["disembunyikan"]]
        raw_year = [c for c in raw_cells(years=[year]).cells if c.units]
        assert len(rows) == len(raw_year)
        assert len(hidden) == sum(1 for c in raw_year if c.units < 3)
        assert (
            sum(r["unit"] for r in shown) + sum(c.units for c in raw_year if c.units < 3)
            == (stats["units"])
        )


def test_the_pdf_report_reads_as_the_annual_report(demo: None, tmp_path: Path) -> None:
    pdf = tmp_path / "laporan.pdf"
    call_command("report", "annual", year=2018, out=str(pdf), stdout=StringIO())
    text = subprocess.run(  # noqa: S603  (a fixed tool on a file the test wrote)
        ["pdftotext", "-layout", str(pdf), "-"],  # noqa: S607  (Debian's poppler-utils)
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert "Laporan Tahunan Industri Kecil dan Menengah" in flat
    assert STATEMENT_2018 in flat
    for heading in (
        "Menurut kecamatan",
        "Menurut komoditas",
        "Tujuan ekspor",
        "Metodologi",
        "Catatan kualitas data",
        "Rangkasbitung",
        "Batik Lebak",
    ):
        assert heading in flat
    assert "belum punya NIB" in flat
    assert not SIXTEEN_DIGITS.search(text)
    assert not PHONE.search(text)
    xlsx = tmp_path / "laporan.xlsx"
    call_command("report", "annual", year=2018, out=str(xlsx), format="xlsx", stdout=StringIO())
    assert xlsx.stat().st_size > 1000


def test_public_pages_and_open_data_hold_no_nik_or_phone(demo: None, tmp_path: Path) -> None:
    client = Client()
    pages = [client.get(u) for u in ("/statistik/", "/statistik/?year=2017", "/data-terbuka/")]
    call_command("opendata", "export", out=str(tmp_path), stdout=StringIO())
    files = sorted(tmp_path.iterdir())
    assert (
        len(files) == 3 * len(DATASETS) * 2
    )  # years × data sets (with the consent directory) × formats
    texts = [p.content.decode() for p in pages] + [f.read_text() for f in files]
    texts.append(report_pdf(annual_report_data(year=2018)).decode("latin-1"))
    for text in texts:
        assert not SIXTEEN_DIGITS.search(text)
        assert not PHONE.search(text)
    for page in pages:
        assert page.status_code == 200
        assert "/units/" not in page.content.decode()  # no drill-down on public pages


def test_suppressed_cells_are_really_suppressed(demo: None, tmp_path: Path) -> None:
    call_command("opendata", "export", year=2018, out=str(tmp_path), stdout=StringIO())
    rows = list(csv.DictReader(io.StringIO((tmp_path / "ekspor-negara-2018.csv").read_text())))
    data = json.loads((tmp_path / "ikm-kecamatan-komoditas-2018.json").read_text())
    assert set(data["metadata"]) >= {
        "konsep",
        "definisi",
        "klasifikasi",
        "ukuran",
        "satuan",
        "sumber",
        "periode",
        "lisensi",
    }
    cells = {(c.kecamatan, c.commodity): c for c in raw_cells(years=[2018]).cells if c.units}
    assert any(r["disembunyikan"] for r in data["data"])
    for row in data["data"]:
        if row["disembunyikan"]:
            assert row["unit"] is None
            assert row["tenaga_kerja_laki_laki"] is None
            assert row["tenaga_kerja_perempuan"] is None
        else:
            assert row["unit"] >= 3
    assert len(data["data"]) == len(cells)
    for row in rows:
        if row["disembunyikan"] == "true":
            assert row["unit_pengekspor"] == "" and row["nilai_ekspor_usd"] == ""
        else:
            assert int(row["unit_pengekspor"]) >= 3
