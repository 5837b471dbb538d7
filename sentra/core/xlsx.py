"""Every xlsx Sentra writes looks the same: a bold header row that stays in view (frozen),
filter buttons on it, columns wide enough for their content and number formats that follow
the formatting rule (thousands grouped, years never grouped, dates as "29 November 2026").

`table_write(sheet, columns, rows)` works on ordinary and write-only (streaming) worksheets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sentra.core.formats import language

# Kinds of column and their Excel number formats. "#,##0" shows 16.000 in an Indonesian
# Excel and 16,000 in an English one: Excel applies the reader's separators.
AUTO = "auto"  # by the value: integers grouped, decimals with one digit, dates, text
TEXT = "text"  # identifiers (NIK, NIB, KBLI, codes): kept as text, never numbers
INTEGER = "integer"
MONEY = "money"  # rupiah or USD, whole units
DECIMAL = "decimal"
PERCENT = "percent"  # a value already in percent (37.8 → 37,8)
YEAR = "year"  # 2018, never 2.018
DATE = "date"

FORMATS = {
    INTEGER: "#,##0",
    MONEY: "#,##0",
    DECIMAL: "#,##0.0",
    PERCENT: '0.0"%"',
    YEAR: "0",
    TEXT: "@",
}
MIN_WIDTH, MAX_WIDTH = 8, 60
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = AUTO
    width: int | None = None  # characters; measured from the content when None


def date_format() -> str:
    """Dates with the month's name in the interface language (Excel locale codes)."""
    return "[$-421]d mmmm yyyy" if language() == "id" else "[$-809]d mmmm yyyy"


def _format(kind: str, value: Any) -> str | None:
    if kind == DATE or (kind == AUTO and isinstance(value, date | datetime)):
        return date_format()
    if kind == AUTO:
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return FORMATS[INTEGER]
        if isinstance(value, float):
            return FORMATS[DECIMAL]
        return None
    return FORMATS.get(kind)


def _value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == TEXT:
        return str(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones
    return value


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, int | float) and not isinstance(value, bool):
        return len(f"{value:,.1f}") if isinstance(value, float) else len(f"{value:,}")
    if isinstance(value, date | datetime):
        return 18
    return max((len(line) for line in str(value).splitlines()), default=0)


def table_write(
    sheet: Any,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "",
    notes: Sequence[str] = (),
    sample: int = 200,
) -> int:
    """Write a header row (after an optional title row), the rows and any notes below.

    Freezes the header, puts filters on it, sizes the columns (from the first `sample` rows
    on a streaming sheet, where widths must be set before the first row) and formats each
    cell by its column's kind. Returns the number of data rows written."""
    write_only = not hasattr(sheet, "cell")
    header_row = 2 if title else 1
    rows_iter = iter(rows)
    buffered: list[Sequence[Any]] = []
    if write_only:
        for row in rows_iter:
            buffered.append(row)
            if len(buffered) >= sample:
                break
    widths = [max(len(c.header), MIN_WIDTH) for c in columns]
    for row in buffered:
        for index, value in enumerate(row[: len(columns)]):
            widths[index] = max(widths[index], _width(value))
    if write_only:
        _widths_apply(sheet, columns, widths)
        sheet.freeze_panes = f"A{header_row + 1}"
        if title:
            sheet.append([_cell(sheet, title, font=Font(bold=True, size=13))])
        sheet.append([_cell(sheet, c.header, font=BOLD) for c in columns])
        count = 0
        for source in (buffered, rows_iter):
            for row in source:
                sheet.append(
                    [
                        _cell(sheet, _value(c.kind, v), number_format=_format(c.kind, v))
                        for c, v in zip(columns, row, strict=False)
                    ]
                )
                count += 1
    else:
        if title:
            sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=header_row, column=index, value=column.header)
            cell.font = BOLD
        count = 0
        for count, row in enumerate(rows_iter, start=1):
            for index, (column, value) in enumerate(zip(columns, row, strict=False), start=1):
                cell = sheet.cell(
                    row=header_row + count, column=index, value=_value(column.kind, value)
                )
                _as_text(cell)
                number_format = _format(column.kind, value)
                if number_format:
                    cell.number_format = number_format
                widths[index - 1] = max(widths[index - 1], _width(value))
        _widths_apply(sheet, columns, widths)
        sheet.freeze_panes = f"A{header_row + 1}"
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + max(count, 1)}"
    if notes:
        if write_only:
            sheet.append([])
            for note in notes:
                sheet.append([note])
        else:
            row_index = header_row + count + 2
            for note in notes:
                sheet.cell(row=row_index, column=1, value=note)
                row_index += 1
    return count


def _widths_apply(sheet: Any, columns: Sequence[Column], widths: list[int]) -> None:
    for index, column in enumerate(columns, start=1):
        width = column.width or min(max(widths[index - 1] + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width


def _as_text(cell: Any) -> None:
    """Text that looks like a formula stays text: a spreadsheet never runs a cell we wrote."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"


def _cell(
    sheet: Any, value: Any, *, font: Font | None = None, number_format: str | None = None
) -> Any:
    cell = WriteOnlyCell(sheet, value=value)
    _as_text(cell)
    if font is not None:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    return cell


def text_sheet(sheet: Any, lines: Iterable[str], *, title: str = "", width: int = 110) -> None:
    """A sheet of sentences (instructions, methodology): one wide wrapped column."""
    if title:
        sheet.append([title])
        sheet["A1"].font = Font(bold=True, size=14)
    for line in lines:
        sheet.append([line])
    sheet.column_dimensions["A"].width = width
    for row in sheet.iter_rows(min_row=2 if title else 1):
        for cell in row:
            cell.alignment = WRAP
