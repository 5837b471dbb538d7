"""Reading a file into a table: xlsx with python-calamine, CSV with `;` or `,` in UTF-8 (with or
without BOM) or Windows-1252, and Sentra's JSON export. Finding the header and matching the
columns to fields is `layout.py`'s job; this module reads bytes."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine
from django.utils.translation import gettext as _

from sentra.core.numbers import format_number
from sentra.exchange.columns import COLUMN_BY_KEY
from sentra.exchange.layout import (
    HEADER_SEARCH_ROWS,
    SavedLookup,
    Table,
    build_table,
    header_set_digest,
)
from sentra.exchange.limits import (
    ImportRefused,
    Limits,
    file_kind,
    text_line_count,
    xlsx_check,
)
from sentra.exchange.mapping import columns_match
from sentra.exchange.normalise import text
from sentra.exchange.profiles import DEFAULT, Profile, profiles

Row = list[Any]
Merged = list[tuple[tuple[int, int], tuple[int, int]]]
# A file must say which units it describes: their codes (updates only), or a business name and
# where it is. Owner, NIK and commodity may be missing (OSS and SIINas files carry no NIK).
REQUIRED_KEYS = ("business_name", "kecamatan")


@dataclass
class Layout:
    """What the caller asks of the layout: a forced profile, a user's column choices (header
    text → field, None to ignore) and how to find a mapping saved for a header set."""

    profile: Profile | None = None
    overrides: dict[str, str | None] | None = None
    saved: SavedLookup | None = None


def _check_required(table: Table) -> None:
    """A file must say which units it describes: their codes or NIBs (enough for updates), or
    the columns a new unit needs (a desa code alone says its kecamatan)."""
    present = set(table.fields)
    if "code" in present or "nib" in present:
        return
    if "desa" in present:
        present.add("kecamatan")
    missing = [COLUMN_BY_KEY[k].header for k in REQUIRED_KEYS if k not in present]
    if missing:
        raise ImportRefused(
            "columns_missing",
            _("Kolom wajib tidak ditemukan pada baris judul %(row)s: %(columns)s.")
            % {"row": table.header_row, "columns": ", ".join(missing)},
        )


def _header_missing() -> ImportRefused:
    return ImportRefused(
        "header_missing",
        _(
            "Baris judul kolom tidak ditemukan (dicari pada %(n)s baris pertama). Gunakan templat "
            "impor atau judul seperti Nama Usaha, NIK Pemilik, Kecamatan."
        )
        % {"n": HEADER_SEARCH_ROWS},
    )


def _read_xlsx(path: Path, sheet_name: str | None, layout: Layout) -> Table:
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
        table = build_table(
            name,
            rows,
            merged,
            profile=layout.profile,
            overrides=layout.overrides,
            saved=layout.saved,
        )
        if table is not None:
            return table
    raise _header_missing()


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


def _csv_rows(path: Path, limits: Limits) -> tuple[list[Row], list[int]]:
    """The records of a CSV file and the line each one starts on."""
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
    # The reader counts the line a record ends on (a quoted value may span lines); a record
    # starts one line after the previous one ended.
    return rows, [1] + [n + 1 for n in numbers[:-1]]


def _read_csv(path: Path, limits: Limits, layout: Layout) -> Table:
    rows, starts = _csv_rows(path, limits)
    table = build_table(
        "",
        rows,
        [],
        numbers=starts,
        profile=layout.profile,
        overrides=layout.overrides,
        saved=layout.saved,
    )
    if table is None:
        raise _header_missing()
    return table


def _json_cell(key: str, value: Any) -> Any:
    if key == "products" and isinstance(value, list):
        return value  # a unit's product lines, read by the row parser
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return text(json.dumps(value, ensure_ascii=False))  # reported as an unusable value


def _read_json(path: Path, limits: Limits, layout: Layout) -> Table:
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
    # The export's own keys are field names; other keys are matched like headers.
    exact = {k: k for k in keys if k in COLUMN_BY_KEY or k == "products"}
    overrides: dict[str, str | None] = {k: None for k in keys if k in IGNORED_JSON_KEYS}
    overrides.update(layout.overrides or {})
    profile = layout.profile or profiles()[DEFAULT]
    rows = [
        (number, [_json_cell(k, item.get(k)) for k in keys]) for number, item in enumerate(data, 1)
    ]
    return Table(
        sheet="",
        header_row=0,
        labels=keys,
        profile=profile.name,
        matches=columns_match(keys, profile, overrides=overrides, exact=exact),
        rows=rows,
        header_set=header_set_digest(keys),
    )


# Keys Sentra's JSON export carries beside the template's, read back as the unit's identity.
IGNORED_JSON_KEYS = frozenset({"id", "kecamatan_code", "desa_code"})


def read_table(
    path: Path, *, name: str, sheet: str | None, limits: Limits, layout: Layout | None = None
) -> Table:
    """Check, then read. Raises ImportRefused for a file that cannot be used at all."""
    layout = layout or Layout()
    kind = file_kind(path, name=name, limits=limits)
    if kind == "xlsx":
        xlsx_check(path, limits=limits)
        try:
            table = _read_xlsx(path, sheet, layout)
        except ImportRefused:
            raise
        except Exception:  # calamine fails in several ways on a damaged sheet part
            raise ImportRefused(
                "file_mismatch", _("Berkas ini bukan berkas .xlsx yang sah (tidak dapat dibaca).")
            ) from None
    elif kind == "json":
        table = _read_json(path, limits, layout)
    else:
        table = _read_csv(path, limits, layout)
    _check_required(table)
    return table
