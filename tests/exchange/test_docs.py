"""The user documentation lists what the code knows: every header variant and every issue
code with its message."""

from __future__ import annotations

from pathlib import Path

from sentra.exchange.columns import COLUMNS, EXTRA_COLUMNS
from sentra.exchange.issues import CODES
from sentra.exchange.profiles import profiles

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_column_table_lists_every_header_and_variant() -> None:
    text = (DOCS / "import-columns.md").read_text(encoding="utf-8")
    for column in (*COLUMNS, *EXTRA_COLUMNS):
        row = next(line for line in text.splitlines() if line.startswith(f"| `{column.key}` |"))
        for name in (column.header, *column.variants):
            assert name in row, (column.key, name)


def test_the_import_guide_lists_every_issue_code_with_its_message() -> None:
    text = (DOCS / "import.md").read_text(encoding="utf-8")
    for code, (_severity, message) in CODES.items():
        assert f"`{code}`" in text, code
        assert str(message) in text, code


def test_the_column_page_lists_every_header_of_every_source_layout() -> None:
    import tomllib

    text = (DOCS / "import-columns.md").read_text(encoding="utf-8")
    folder = DOCS.parent / "sentra" / "exchange" / "profiles"
    for name in profiles():
        if name == "sentra":
            continue
        data = tomllib.loads((folder / f"{name}.toml").read_text(encoding="utf-8"))
        section = text.split(f"### `{name}`")[1].split("###")[0]
        for header in data["columns"]:
            assert f"| {header} |" in section, (name, header)
