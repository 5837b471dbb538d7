"""Last year's SIINas-style IK report imports as it is: the title gives the year, the two-row
header is read, the column-number row, the JUMLAH row and the signature block are skipped
(never rejected), merged kecamatan cells fill down, and export value and destinations land in
the yearly record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.exchange.importer import import_file
from sentra.registry.models import ExportDestination, ProductLine, Unit, YearlyReport
from tests.exchange.files import xlsx
from tests.exchange.sources import siinas_sheet

pytestmark = pytest.mark.django_db


def _import(path: Path, **kwargs: Any) -> dict[str, Any]:
    return import_file(actor=SystemActor("cli"), path=path, file_name=path.name, **kwargs).report


def _statuses(report: dict[str, Any]) -> dict[int, tuple[str, list[str]]]:
    return {r["row"]: (r["status"], [i["code"] for i in r["issues"]]) for r in report["rows"]}


@pytest.mark.parametrize("merged", [True, False], ids=["merged-cells", "blank-cells"])
@pytest.mark.parametrize(
    "signature", ["KEPALA DINAS PERINDUSTRIAN DAN PERDAGANGAN", "a.n. BUPATI LEBAK"]
)
def test_a_siinas_report_is_read_with_its_title_header_numbers_total_and_signature(
    reference: None, tmp_path: Path, merged: bool, signature: str
) -> None:
    path, rows = siinas_sheet(tmp_path / "Laporan IK.xlsx", merged_kecamatan=merged,
                              signature=signature)  # fmt: skip
    report = _import(path)  # no --year: the title says TAHUN 2018
    assert (report["profile"], report["year"], report["header_row"]) == ("siinas", 2018, 5)
    statuses = _statuses(report)
    assert statuses[rows["numbers"]] == ("skipped", ["column_numbers"])
    assert statuses[rows["total"]] == ("skipped", ["total_row"])
    assert statuses[rows["place"]] == ("skipped", ["signature_block"])
    assert statuses[rows["signature"]] == ("skipped", ["signature_block"])
    assert report["rejected"] == 0
    assert [r["row"] for r in report["rows"] if r["status"] == "created"] == [8, 9, 10, 11, 12]
    assert report["rows_total"] == len(report["rows"]) == 13  # titles and blank rows are not rows
    # The kecamatan written once (merged or blank below) belongs to every row under it.
    batik = Unit.objects.get(business_name="BATIK SEREN")
    assert (batik.kecamatan.name, batik.desa.name) == ("Rangkasbitung", "Muara Ciujung Timur")
    assert Unit.objects.get(business_name="GULA SEMUT BAYAH").kecamatan.name == "Bayah"


def test_the_rows_of_one_nib_in_a_siinas_sheet_are_one_unit_with_both_products(
    reference: None, tmp_path: Path
) -> None:
    path, _rows = siinas_sheet(tmp_path / "Laporan IK.xlsx")
    _import(path)
    bamboo = Unit.objects.get(nib="8120000000101")
    products = ProductLine.objects.filter(unit=bamboo).order_by("position")
    assert [(p.name, p.capacity, p.capacity_unit, p.commodity.code) for p in products] == [
        ("Besek Bambu", 12000, "buah", "anyaman"),
        ("Tampah Bambu", 3000, "buah", "anyaman"),
    ]
    record = YearlyReport.objects.get(unit=bamboo, year=2018)
    assert (record.workers_male, record.workers_female) == (4, 7)
    assert (record.investment, record.production_value) == (20_000_000, 150_000_000)


def test_export_value_in_us_dollars_and_destination_countries_land_in_the_yearly_record(
    reference: None, tmp_path: Path
) -> None:
    path, _rows = siinas_sheet(tmp_path / "Laporan IK.xlsx")
    _import(path)
    bamboo = YearlyReport.objects.get(unit__nib="8120000000101", year=2018)
    assert bamboo.export_value_usd == 10_000  # 8.500 + 1.500 of its two rows
    assert bamboo.market_reach == "ekspor"
    countries = ExportDestination.objects.filter(report=bamboo).values_list("country", flat=True)
    # Both rows' destinations, named in Indonesian or English (Inggris, Jerman, Netherlands;
    # Italia; Portugal).
    assert sorted(countries) == ["DE", "GB", "IT", "NL", "PT"]
    palm = YearlyReport.objects.get(unit__nib="8120000000303", year=2018)
    assert palm.export_value_usd == 12_000
    assert sorted(
        ExportDestination.objects.filter(report=palm).values_list("country", flat=True)
    ) == ["JP", "KR"]


def test_a_signature_below_a_sheet_without_column_numbers_is_skipped_too(
    reference: None, tmp_path: Path
) -> None:
    path = xlsx(
        tmp_path / "rekap.xlsx",
        [
            ["REKAP IKM TAHUN 2018"],
            ["Nama Perusahaan", "Kecamatan", "Desa", "Jenis Produk", "Nilai Ekspor (US$)",
             "Negara Tujuan", "Nilai Investasi (Rp)"],
            ["Anyaman Cimarga", "Cimarga", "Cimarga", "Tikar Pandan", 0, None, "1.000.000"],
            [None, None, None, None, None, "Lebak, 2 Januari 2019"],
            [None, None, None, None, None, "Mengetahui,"],
            [None, None, None, None, None, "NIP 197001011995031002"],
        ],
    )  # fmt: skip
    report = _import(path)
    assert [r["status"] for r in report["rows"]] == ["created", "skipped", "skipped", "skipped"]
