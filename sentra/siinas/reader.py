"""Reading a SIINas status list (xlsx or csv): unit code, receipt number (nomor bukti), date
and, optionally, the year. The header is found among the first rows by its column names."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date, datetime
from typing import Any

import python_calamine
from django.utils.translation import gettext as _

from sentra.siinas.services import ImportRow

HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("kode unit", "kode ikm", "kode unit ikm", "kode"),
    "receipt_number": (
        "nomor bukti",
        "no bukti",
        "nomor bukti lapor",
        "nomor tanda terima",
        "no tanda terima",
        "bukti",
    ),
    "reported_on": ("tanggal", "tanggal lapor", "tgl lapor", "tanggal bukti", "tgl"),
    "year": ("tahun", "tahun data", "tahun laporan"),
}
MAX_ROWS = 50_000
HEADER_SEARCH_ROWS = 10


class ListRefused(Exception):
    """The file cannot be read as a status list; the message says why."""


def _norm(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).strip().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")


def parse_date(value: Any) -> date | None:
    """A date cell or text (2026-03-01, 01/03/2026, 1-3-2026); None for blank. Raises
    ValueError for text that is no date."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _rows_xlsx(content: bytes) -> list[list[Any]]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = workbook.get_sheet_by_index(0)
        return [list(r) for r in sheet.to_python(skip_empty_area=False)[: MAX_ROWS + 20]]
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ListRefused(_("Berkas xlsx tidak dapat dibaca.")) from exc


def _rows_csv(content: bytes) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [row for _i, row in zip(range(MAX_ROWS + 20), reader, strict=False)]


def read_status_list(*, content: bytes, name: str) -> list[ImportRow]:
    """The rows of a status list, each with its spreadsheet row number and any reading
    problem worded for the import report."""
    if name.lower().endswith(".xlsx"):
        rows = _rows_xlsx(content)
    elif name.lower().endswith(".csv"):
        rows = _rows_csv(content)
    else:
        raise ListRefused(_("Pilih berkas .xlsx atau .csv."))
    header_index = None
    columns: dict[str, int] = {}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {}
        for position, cell in enumerate(row):
            label = _norm(cell)
            for key, names in HEADERS.items():
                if label in names and key not in found:
                    found[key] = position
        if "code" in found and ("receipt_number" in found or "reported_on" in found):
            header_index, columns = index, found
            break
    if header_index is None:
        raise ListRefused(
            _(
                "Judul kolom tidak ditemukan: berkas perlu kolom Kode Unit dan Nomor Bukti "
                "atau Tanggal."
            )
        )
    body = rows[header_index + 1 :]
    if len(body) > MAX_ROWS:
        raise ListRefused(_("Berkas lebih dari %(n)s baris.") % {"n": MAX_ROWS})
    out: list[ImportRow] = []
    for offset, row in enumerate(body):
        line = header_index + 2 + offset

        def cell(key: str, row: list[Any] = row) -> Any:
            position = columns.get(key)
            return row[position] if position is not None and position < len(row) else None

        code = _cell_text(cell("code")).upper()
        receipt = _cell_text(cell("receipt_number"))
        if not code and not receipt and cell("reported_on") in (None, ""):
            continue  # a blank line
        problems: list[str] = []
        reported_on = None
        try:
            reported_on = parse_date(cell("reported_on"))
        except ValueError as exc:
            problems.append(
                _(
                    "Baris %(line)s, kolom Tanggal: %(value)s bukan tanggal "
                    "(pakai 2026-03-31 atau 31/03/2026)."
                )
                % {"line": line, "value": str(exc)[:40]}
            )
        year = None
        raw_year = _cell_text(cell("year"))
        if raw_year:
            if raw_year.isdigit() and 1900 <= int(raw_year) <= 2100:
                year = int(raw_year)
            else:
                problems.append(
                    _("Baris %(line)s, kolom Tahun: %(value)s bukan tahun.")
                    % {"line": line, "value": raw_year[:20]}
                )
        out.append(
            ImportRow(
                line=line,
                code=code,
                receipt_number=receipt,
                reported_on=reported_on,
                year=year,
                problems=tuple(problems),
            )
        )
    return out
