"""Workbooks Sentra writes carry values, never live formulas: openpyxl stores any text that
starts with "=" as a formula, so text typed by users (a program called
`=HYPERLINK("http://…")`) would run when the office opens the file."""

from __future__ import annotations

import io

from openpyxl import Workbook


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as xlsx bytes, every formula-looking text stored as plain text."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"  # the same characters, shown, never evaluated
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
