"""The user documentation lists what the code knows: every header variant and every issue
code with its message."""

from __future__ import annotations

from pathlib import Path

from sentra.exchange.columns import COLUMNS
from sentra.exchange.issues import CODES

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_column_table_lists_every_header_and_variant() -> None:
    text = (DOCS / "import-columns.md").read_text(encoding="utf-8")
    for column in COLUMNS:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{column.key}` |"))
        for name in (column.header, *column.variants):
            assert name in row, (column.key, name)


def test_the_import_guide_lists_every_issue_code_with_its_message() -> None:
    text = (DOCS / "import.md").read_text(encoding="utf-8")
    for code, (_severity, message) in CODES.items():
        assert f"`{code}`" in text, code
        assert str(message) in text, code
