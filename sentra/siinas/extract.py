"""The SIINas yearly extract: the items Permenperin 13/2025 asks of an Industri Kecil, one
row per unit and product line, plus a check sheet of units with required items missing.

The command and the dashboard download both call `extract_workbook`. docs/siinas.md lists
the same columns (a test checks they agree).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sentra.registry.models import ExportDestination, MarketReach, Unit, YearlyReport


@dataclass(frozen=True)
class ProductLine:
    """One product of a unit in a year. Units carry one commodity today; when the registry
    gains product lines, `product_lines` returns one of these for each of them."""

    name: str
    kbli: str
    capacity: int | None
    capacity_unit: str
    raw_materials: str


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    source: str  # where the value comes from (docs/siinas.md)
    value: Callable[[Unit, YearlyReport, ProductLine], Any]
    required: bool = False


# The Indonesian names of the market reaches (the sheet is Indonesian whatever the interface
# language; a plain dict, as translating 16,000 lazy labels took seconds).
REACH_NAMES = {reach.value: reach.value.capitalize() for reach in MarketReach}


def _address(unit: Unit) -> str:
    parts = [unit.address, unit.kampung]
    if unit.rt or unit.rw:
        parts.append(f"RT {unit.rt or '-'}/RW {unit.rw or '-'}")
    return ", ".join(p for p in parts if p)


def _countries(report: YearlyReport) -> str:
    return ", ".join(report.extract_countries)  # type: ignore[attr-defined]


COLUMNS: tuple[Column, ...] = (
    Column("code", "Kode Unit", "Unit.code", lambda u, r, p: u.code, True),
    Column("year", "Tahun Data", "YearlyReport.year", lambda u, r, p: r.year, True),
    Column(
        "business_name", "Nama Usaha", "Unit.business_name", lambda u, r, p: u.business_name, True
    ),
    Column("nib", "NIB", "Unit.nib", lambda u, r, p: u.nib, True),
    Column(
        "legal_form",
        "Bentuk Badan Usaha",
        "Unit.legal_form (name)",
        lambda u, r, p: u.legal_form.name if u.legal_form else "",
        True,
    ),
    Column("address", "Alamat", "Unit.address, kampung, RT/RW", lambda u, r, p: _address(u)),
    Column("desa", "Desa/Kelurahan", "Unit.desa (name)", lambda u, r, p: u.desa.name, True),
    Column(
        "kecamatan", "Kecamatan", "Unit.kecamatan (name)", lambda u, r, p: u.kecamatan.name, True
    ),
    Column(
        "region_code",
        "Kode Wilayah Kemendagri",
        "Unit.desa (Kemendagri code)",
        lambda u, r, p: u.desa_id,
        True,
    ),
    Column("kbli", "KBLI", "Unit.kbli (the product line's KBLI)", lambda u, r, p: p.kbli, True),
    Column("product", "Produk", "Unit.commodity (name)", lambda u, r, p: p.name, True),
    Column(
        "capacity",
        "Kapasitas Produksi",
        "YearlyReport.capacity",
        lambda u, r, p: p.capacity,
        True,
    ),
    Column(
        "capacity_unit",
        "Satuan Kapasitas",
        "YearlyReport.capacity_unit",
        lambda u, r, p: p.capacity_unit,
        True,
    ),
    Column(
        "raw_materials",
        "Bahan Baku Utama",
        "YearlyReport.raw_materials",
        lambda u, r, p: p.raw_materials,
        True,
    ),
    Column(
        "workers_male",
        "Tenaga Kerja Laki-laki",
        "YearlyReport.workers_male",
        lambda u, r, p: r.workers_male,
    ),
    Column(
        "workers_female",
        "Tenaga Kerja Perempuan",
        "YearlyReport.workers_female",
        lambda u, r, p: r.workers_female,
    ),
    Column(
        "investment",
        "Nilai Investasi (Rp)",
        "YearlyReport.investment",
        lambda u, r, p: r.investment,
        True,
    ),
    Column(
        "production_value",
        "Nilai Produksi (Rp)",
        "YearlyReport.production_value",
        lambda u, r, p: r.production_value,
        True,
    ),
    Column(
        "market_reach",
        "Jangkauan Pasar",
        "YearlyReport.market_reach",
        lambda u, r, p: REACH_NAMES.get(r.market_reach, r.market_reach),
        True,
    ),
    Column(
        "export_value_usd",
        "Nilai Ekspor (US$)",
        "YearlyReport.export_value_usd",
        lambda u, r, p: r.export_value_usd,
    ),
    Column(
        "export_countries",
        "Negara Tujuan Ekspor",
        "YearlyReport export destinations (ISO 3166 alpha-2)",
        lambda u, r, p: _countries(r),
    ),
)


def product_lines(unit: Unit, report: YearlyReport) -> list[ProductLine]:
    """The unit's products in the year: today its one commodity with the year's capacity."""
    return [
        ProductLine(
            name=unit.commodity.name,
            kbli=unit.kbli,
            capacity=report.capacity,
            capacity_unit=report.capacity_unit,
            raw_materials=report.raw_materials,
        )
    ]


def _missing(values: list[Any], report: YearlyReport) -> list[str]:
    """The headers of the required items a row lacks (exports only for exporters)."""
    missing = []
    for column, value in zip(COLUMNS, values, strict=True):
        if not column.required:
            continue
        if value in (None, "") or (column.key in {"investment", "production_value"} and not value):
            missing.append(column.header)
    if report.workers == 0:
        missing.append("Tenaga Kerja")
    if report.market_reach == MarketReach.EXPORT:
        if not report.export_value_usd:
            missing.append("Nilai Ekspor (US$)")
        if not report.extract_countries:  # type: ignore[attr-defined]
            missing.append("Negara Tujuan Ekspor")
    return missing


def extract_units(*, units: QuerySet[Unit], year: int) -> list[tuple[Unit, YearlyReport]]:
    """The units of the extract, those with an active yearly report for `year`, each with
    that report (carrying `extract_countries`). Three queries whatever the number of units:
    the ORM's nested prefetching cost seconds on 16,000 units."""
    active = YearlyReport.objects.filter(year=year, is_active=True, unit__in=units.values("pk"))
    reports = {r.unit_id: r for r in active}
    countries: dict[int, list[str]] = {}
    destinations = ExportDestination.objects.filter(report__in=active.values("pk"))
    for report_id, country in destinations.order_by("country").values_list("report_id", "country"):
        countries.setdefault(report_id, []).append(country)
    for report in reports.values():
        report.extract_countries = countries.get(report.pk, [])  # type: ignore[attr-defined]
    rows = (
        units.filter(pk__in=active.values("unit_id"))
        .select_related("legal_form", "desa", "kecamatan", "commodity")
        .order_by("kecamatan_id", "desa_id", "code")
    )
    return [(unit, reports[unit.pk]) for unit in rows]


@dataclass
class Extract:
    year: int
    rows: list[list[Any]]
    checks: list[list[Any]]  # [code, business name, kecamatan, missing items]


def extract_build(*, units: QuerySet[Unit], year: int) -> Extract:
    rows: list[list[Any]] = []
    checks: list[list[Any]] = []
    for unit, report in extract_units(units=units, year=year):
        missing: list[str] = []
        for line in product_lines(unit, report):
            values = [column.value(unit, report, line) for column in COLUMNS]
            rows.append(values)
            missing += [m for m in _missing(values, report) if m not in missing]
        if missing:
            checks.append([unit.code, unit.business_name, unit.kecamatan.name, ", ".join(missing)])
    return Extract(year=year, rows=rows, checks=checks)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _sheet(workbook: Workbook, title: str, headers: list[str], rows: list[list[Any]]) -> None:
    """A write-only sheet (fast for 16,000 rows), always in Indonesian: SIINas reads it.
    Codes are written as text, so leading zeros and dots stay."""
    ws = workbook.create_sheet(title)
    for index, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) + 4))
    ws.freeze_panes = "A2"
    bold = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = Font(bold=True)
        bold.append(cell)
    ws.append(bold)
    for row in rows:
        ws.append([_safe(v) for v in row])


def extract_workbook(extract: Extract) -> bytes:
    """The extract as an xlsx: sheet "Data IKM" and sheet "Pemeriksaan"."""
    workbook = Workbook(write_only=True)
    _sheet(workbook, "Data IKM", [c.header for c in COLUMNS], extract.rows)
    _sheet(
        workbook,
        "Pemeriksaan",
        ["Kode Unit", "Nama Usaha", "Kecamatan", "Isian wajib yang kosong"],
        extract.checks,
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
