"""Reading a spreadsheet into a header and numbered rows: xlsx with python-calamine, CSV with
`;` or `,` in UTF-8 (with or without BOM) or Windows-1252."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine
from django.utils.translation import gettext as _

from sentra.core.numbers import format_number
from sentra.exchange.columns import COLUMN_BY_KEY, COLUMNS, column_for
from sentra.exchange.limits import ImportRefused, Limits, file_kind, text_line_count, xlsx_check
from sentra.exchange.normalise import text

HEADER_SEARCH_ROWS = 30
MIN_HEADER_KEYS = 3
REQUIRED_KEYS = (*(c.key for c in COLUMNS if c.required), "desa", "kecamatan", "commodity")

Row = list[Any]
Merged = list[tuple[tuple[int, int], tuple[int, int]]]


@dataclass
class Table:
    """A sheet with its header found: `columns` maps a cell index to (header text, key)."""

    sheet: str
    header_row: int  # spreadsheet row number of the (first) header row
    columns: dict[int, tuple[str, str]]
    unknown_columns: list[str]
    labels: list[str]  # every header text by cell index
    rows: list[tuple[int, Row]] = field(default_factory=list)  # (row number, cells)
    title_year: int | None = None  # a year the title above the header states ("TAHUN 2018")


def _labels(rows: Sequence[Row], r: int, two: bool, merged: Merged) -> list[str]:
    top = [text(v) for v in rows[r]]
    if not two:
        return top
    below = [text(v) for v in rows[r + 1]] if r + 1 < len(rows) else []
    width = max(len(top), len(below))
    top += [""] * (width - len(top))
    below += [""] * (width - len(below))
    parents = list(top)
    for (r0, c0), (_r1, c1) in merged:  # a merged cell's text belongs to all its columns
        if r0 == r and c0 < width:
            for c in range(c0, min(c1 + 1, width)):
                parents[c] = top[c0]
    for c in range(1, width):  # without merge information: a label over blank neighbours
        if not parents[c] and below[c] and parents[c - 1] and below[c - 1]:
            parents[c] = parents[c - 1]
    return [f"{p} {b}".strip() if b else p for p, b in zip(parents, below, strict=True)]


def _keys(labels: list[str]) -> int:
    return len({k for k in (column_for(label) for label in labels) if k})


def find_header(rows: Sequence[Row], merged: Merged) -> tuple[int, bool] | None:
    """(index of the header row, whether it spans two rows), or None. A second header row
    counts only when it names more columns than either row alone ("Tenaga Kerja" over L/P)."""
    for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
        if all(text(v) == "" for v in rows[r]):
            continue
        one = _keys(_labels(rows, r, False, merged))
        two = _keys(_labels(rows, r, True, merged)) if r + 1 < len(rows) else 0
        below = _keys(_labels(rows, r + 1, False, merged)) if r + 1 < len(rows) else 0
        if two >= MIN_HEADER_KEYS and two > one and two > below:
            return r, True
        if one >= MIN_HEADER_KEYS:
            return r, False
    return None


_TITLE_YEAR = re.compile(r"\b(?:tahun|thn|th|year)\.?\s*(?:anggaran\s*)?:?\s*((?:19|20)[0-9]{2})\b")


def title_year(rows: Sequence[Row]) -> int | None:
    """The year a title block states ("DATA IKM KABUPATEN LEBAK TAHUN 2018"); None when it
    states none or several different ones."""
    years = {
        int(match)
        for row in rows
        for value in row
        if isinstance(value, str)
        for match in _TITLE_YEAR.findall(value.lower())
    }
    return years.pop() if len(years) == 1 else None


def build_table(sheet: str, rows: list[Row], merged: Merged, first_row: int = 1) -> Table | None:
    found = find_header(rows, merged)
    if found is None:
        return None
    r, two = found
    labels = _labels(rows, r, two, merged)
    columns: dict[int, tuple[str, str]] = {}
    unknown: list[str] = []
    seen: set[str] = set()
    for index, label in enumerate(labels):
        if not label:
            continue
        key = column_for(label)
        if key is None or key in seen:
            unknown.append(label)
            continue
        seen.add(key)
        columns[index] = (label, key)
    start = r + (2 if two else 1)
    data = [(first_row + i, rows[i]) for i in range(start, len(rows))]
    return Table(
        sheet=sheet,
        header_row=first_row + r,
        columns=columns,
        unknown_columns=unknown,
        labels=labels,
        rows=data,
        title_year=title_year(rows[:r]),
    )


def _check_required(table: Table) -> None:
    """A file must say which units it describes: their codes (updates only), or the columns a
    new unit needs."""
    present = {key for _label, key in table.columns.values()}
    if "code" in present:
        return
    missing = [COLUMN_BY_KEY[k].header for k in REQUIRED_KEYS if k not in present]
    if missing:
        raise ImportRefused(
            "columns_missing",
            _("Kolom wajib tidak ditemukan pada baris judul %(row)s: %(columns)s.")
            % {"row": table.header_row, "columns": ", ".join(missing)},
        )


def _read_xlsx(path: Path, sheet_name: str | None) -> Table:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine raises several error types for damaged files
        raise ImportRefused(
            "file_mismatch", _("Berkas ini bukan berkas .xlsx yang sah (tidak dapat dibaca).")
        ) from None
    names = workbook.sheet_names
    if sheet_name is not None and sheet_name not in names:
        raise ImportRefused(
            "sheet_missing",
            _("Lembar %(sheet)s tidak ada. Lembar yang ada: %(names)s.")
            % {"sheet": sheet_name, "names": ", ".join(names)},
        )
    for name in [sheet_name] if sheet_name else names:
        sheet = workbook.get_sheet_by_name(name)
        rows: list[Row] = list(sheet.iter_rows())
        left = sheet.start[1] if sheet.start else 0
        merged = [
            ((r0, c0 - left), (r1, c1 - left))
            for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])
        ]
        table = build_table(name, rows, merged)
        if table is not None:
            return table
    raise ImportRefused(
        "header_missing",
        _(
            "Baris judul kolom tidak ditemukan (dicari pada %(n)s baris pertama). Gunakan templat "
            "impor atau judul seperti Nama Usaha, NIK Pemilik, Kecamatan."
        )
        % {"n": HEADER_SEARCH_ROWS},
    )


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _delimiter(sample: str) -> str:
    best, best_score = ";", -1
    for delimiter in (";", ",", "\t"):
        lengths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        if not lengths:
            continue
        width, count = (
            Counter(n for n in lengths if n > 1).most_common(1)[0]
            if any(n > 1 for n in lengths)
            else (1, 0)
        )
        score = width * count
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path, limits: Limits) -> Table:
    raw = path.read_bytes()
    content = _decode(raw)
    lines = text_line_count(raw)  # every line ending counts, a lone CR too
    if lines > limits.max_rows:
        raise ImportRefused(
            "too_many_rows",
            _("Berkas ditolak: %(what)s %(value)s melebihi batas %(limit)s.")
            % {
                "what": _("jumlah baris"),
                "value": format_number(lines),
                "limit": format_number(limits.max_rows),
            },
        )
    delimiter = _delimiter("\n".join(content.splitlines()[:40]))
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    numbers: list[int] = []
    for record in reader:
        if len(record) > limits.max_columns:
            raise ImportRefused(
                "too_many_columns",
                _("Berkas ditolak: %(what)s %(value)s melebihi batas %(limit)s.")
                % {
                    "what": _("jumlah kolom"),
                    "value": format_number(len(record)),
                    "limit": format_number(limits.max_columns),
                },
            )
        rows.append(list(record))
        numbers.append(reader.line_num)
    table = build_table("", rows, [])
    if table is None:
        raise ImportRefused(
            "header_missing",
            _(
                "Baris judul kolom tidak ditemukan (dicari pada %(n)s baris pertama). Gunakan "
                "templat impor atau judul seperti Nama Usaha, NIK Pemilik, Kecamatan."
            )
            % {"n": HEADER_SEARCH_ROWS},
        )
    # CSV rows are numbered by the line they end on (a quoted value may span lines); a record
    # starts one line after the previous one ended.
    starts = [1] + [n + 1 for n in numbers[:-1]]
    table.header_row = starts[table.header_row - 1]
    table.rows = [(starts[number - 1], cells) for number, cells in table.rows]
    return table


def _json_cell(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return text(json.dumps(value, ensure_ascii=False))  # reported as an unusable value


def _read_json(path: Path, limits: Limits) -> Table:
    """Sentra's own JSON export: a list of objects keyed by the template's keys (`code`,
    `business_name`, …); `{"results": [...]}` as the API lists it works too."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ImportRefused(
            "file_mismatch", _("Berkas ini bukan JSON yang sah (tidak dapat dibaca).")
        ) from None
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportRefused(
            "file_mismatch",
            _("Berkas JSON harus berupa daftar unit (seperti hasil ekspor Sentra)."),
        )
    if len(data) > limits.max_rows:
        raise ImportRefused(
            "too_many_rows",
            _("Berkas ditolak: %(what)s %(value)s melebihi batas %(limit)s.")
            % {
                "what": _("jumlah baris"),
                "value": format_number(len(data)),
                "limit": format_number(limits.max_rows),
            },
        )
    keys: list[str] = []
    for item in data:
        for key in item:
            if key not in keys:
                keys.append(str(key))
            if len(keys) > limits.max_columns:
                raise ImportRefused(
                    "too_many_columns",
                    _("Berkas ditolak: %(what)s %(value)s melebihi batas %(limit)s.")
                    % {
                        "what": _("jumlah kolom"),
                        "value": format_number(len(keys)),
                        "limit": format_number(limits.max_columns),
                    },
                )
    columns: dict[int, tuple[str, str]] = {}
    unknown: list[str] = []
    for index, key in enumerate(keys):
        found = key if key in COLUMN_BY_KEY else column_for(key)
        if found is None or found in {k for _l, k in columns.values()}:
            if key not in IGNORED_JSON_KEYS:
                unknown.append(key)
            continue
        columns[index] = (key, found)
    rows = [
        (number, [_json_cell(item.get(k)) for k in keys]) for number, item in enumerate(data, 1)
    ]
    return Table(
        sheet="",
        header_row=0,
        columns=columns,
        unknown_columns=unknown,
        labels=keys,
        rows=rows,
    )


# Keys Sentra's JSON export carries beside the template's, read back as the unit's identity.
IGNORED_JSON_KEYS = frozenset({"id", "kecamatan_code", "desa_code"})


def read_table(path: Path, *, name: str, sheet: str | None, limits: Limits) -> Table:
    """Check, then read. Raises ImportRefused for a file that cannot be used at all."""
    kind = file_kind(path, name=name, limits=limits)
    if kind == "xlsx":
        xlsx_check(path, limits=limits)
        try:
            table = _read_xlsx(path, sheet)
        except ImportRefused:
            raise
        except Exception:  # calamine fails in several ways on a damaged sheet part
            raise ImportRefused(
                "file_mismatch", _("Berkas ini bukan berkas .xlsx yang sah (tidak dapat dibaca).")
            ) from None
    elif kind == "json":
        table = _read_json(path, limits)
    else:
        table = _read_csv(path, limits)
    _check_required(table)
    return table
