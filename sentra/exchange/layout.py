"""From a sheet's raw rows to a table: the header row found (below title rows, one or two rows
high), the source layout recognised (`sentra/exchange/profiles/`), every column matched to a
field, and the rows' structure read — vertically merged cells filled down, a "(1) (2) (3) …"
column-number row and a signature block below the data marked as skipped.

Reading bytes (xlsx, csv, json) stays in `read.py`; this module never opens a file.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sentra.exchange.columns import header_keys
from sentra.exchange.mapping import ColumnMatch, columns_match
from sentra.exchange.normalise import text
from sentra.exchange.profiles import Profile, known_keys, profile_detect

HEADER_SEARCH_ROWS = 30
MIN_HEADER_KEYS = 3

Row = list[Any]
Merged = list[tuple[tuple[int, int], tuple[int, int]]]


@dataclass(frozen=True)
class SavedMapping:
    """A column mapping a user saved under a name for one header set: a base profile and
    header text → field ("" to ignore the column)."""

    name: str
    base: str
    columns: dict[str, str]


SavedLookup = Callable[[str], SavedMapping | None]


@dataclass
class Table:
    """A sheet with its header found and its columns matched."""

    sheet: str
    header_row: int  # spreadsheet row number of the (first) header row
    labels: list[str]  # every header text by cell index
    profile: str = "sentra"
    matches: list[ColumnMatch] = field(default_factory=list)
    rows: list[tuple[int, Row]] = field(default_factory=list)  # (row number, cells)
    title_year: int | None = None  # a year the title above the header states ("TAHUN 2018")
    structure: dict[int, str] = field(default_factory=dict)  # row number → skip code
    header_set: str = ""  # digest of the header texts (finds a saved mapping)
    saved_profile: str = ""  # the name of the saved mapping applied, if any

    @property
    def fields(self) -> dict[str, list[int]]:
        """field → the cell indexes that fill it (several for summed figures)."""
        out: dict[str, list[int]] = {}
        for m in self.matches:
            if m.field:
                out.setdefault(m.field, []).append(m.index)
        return out

    @property
    def headers(self) -> dict[str, str]:
        """field → the header text of its (first) column, for messages."""
        out: dict[str, str] = {}
        for m in self.matches:
            if m.field:
                out.setdefault(m.field, m.header)
        return out

    @property
    def unknown_columns(self) -> list[str]:
        return [m.header for m in self.matches if m.how in ("unknown", "duplicate")]


def header_set_digest(labels: Sequence[str]) -> str:
    """The same set of headers (in any order, any case or punctuation) gives the same digest."""
    keys = sorted({header_keys(label)[0] for label in labels if label})
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:32]


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


def _recognised(labels: list[str]) -> int:
    known = known_keys()
    return sum(1 for label in labels if label and any(k in known for k in header_keys(label)))


def find_header(rows: Sequence[Row], merged: Merged) -> tuple[int, bool] | None:
    """(index of the header row, whether it spans two rows), or None. A second header row
    counts only when it names more columns than either row alone ("Tenaga Kerja" over L/P).
    A short file's first row is its header when every cell of it is known (NIB, NIK Pemilik)."""
    first = True
    for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
        if all(text(v) == "" for v in rows[r]):
            continue
        labels = _labels(rows, r, False, merged)
        one = _recognised(labels)
        two = _recognised(_labels(rows, r, True, merged)) if r + 1 < len(rows) else 0
        below = _recognised(_labels(rows, r + 1, False, merged)) if r + 1 < len(rows) else 0
        if two >= MIN_HEADER_KEYS and two > one and two > below:
            return r, True
        if one >= MIN_HEADER_KEYS:
            return r, False
        if first and one >= 2 and one == sum(1 for label in labels if label):
            return r, False
        first = False
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


def _fill_merged(rows: list[Row], merged: Merged, start: int) -> None:
    """A cell merged over several data rows (a kecamatan beside its units) belongs to each."""
    for (r0, c0), (r1, c1) in merged:
        if r0 < start or r1 == r0 or r0 >= len(rows):
            continue
        row = rows[r0]
        value = row[c0] if c0 < len(row) else None
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            target = rows[r]
            if len(target) <= c1:
                target.extend([None] * (c1 + 1 - len(target)))
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    target[c] = value


_COLUMN_NUMBER = re.compile(r"\(?([0-9]{1,3})\)?")


def is_column_numbers(cells: Row) -> bool:
    """ "(1) (2) (3) …" or "1 2 3 …" under a header: at least three cells, numbered upwards."""
    values = [text(c) for c in cells if text(c)]
    if len(values) < 3:
        return False
    numbers = []
    for value in values:
        match = _COLUMN_NUMBER.fullmatch(value)
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return all(b > a for a, b in itertools.pairwise(numbers))


_MONTHS = (
    "januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|"
    "nopember|november|desember|january|february|march|may|june|july|august|october|december"
)
_SIGNATURE = re.compile(
    r"^(?:kepala\b|sekretaris\b|kabid\b|kasi\b|kasubag\b|mengetahui\b|menyetujui\b|"
    r"a\.?\s?n\.?\s|plt\.?\s|plh\.?\s|dibuat oleh\b|petugas pendata\b)"
    rf"|^nip\.?\s*[:.]?\s*[0-9]|^[a-z .'-]+,\s*[0-9]{{1,2}}\s+(?:{_MONTHS})\s+[0-9]{{4}}$",
    re.IGNORECASE,
)
SPARSE_CELLS = 3


def _sparse(cells: Row) -> bool:
    filled = 0
    for cell in cells:  # stops at the first cell past the limit: most rows are full
        if text(cell):
            filled += 1
            if filled > SPARSE_CELLS:
                return False
    return True


def is_signature_start(cells: Row) -> bool:
    """Place and date ("Rangkasbitung, 28 Desember 2018"), "KEPALA DINAS …", "NIP. …" on a
    row with few cells."""
    return _sparse(cells) and any(_SIGNATURE.match(text(c)) for c in cells if text(c))


def _fill_down(rows: list[tuple[int, Row]], indexes: list[int], skip: dict[int, str]) -> None:
    last: dict[int, Any] = {}
    for number, cells in rows:
        if number in skip or all(text(c) == "" for c in cells):
            continue
        for index in indexes:
            if index < len(cells) and text(cells[index]):
                last[index] = cells[index]
            elif index in last:
                if index >= len(cells):
                    cells.extend([None] * (index + 1 - len(cells)))
                cells[index] = last[index]


def _structure(rows: list[tuple[int, Row]]) -> dict[int, str]:
    """Rows that are no data: the column-number row under the header, and the signature block
    from its first line to the end (its sparse rows)."""
    skip: dict[int, str] = {}
    data = [(n, c) for n, c in rows if any(text(v) for v in c)]
    if data and is_column_numbers(data[0][1]):
        skip[data[0][0]] = "column_numbers"
    signing = False
    for number, cells in data:
        if number in skip:
            continue
        if not signing and is_signature_start(cells):
            signing = True
        if signing and _sparse(cells):
            skip[number] = "signature_block"
    return skip


def _derive_profile(
    labels: list[str],
    forced: Profile | None,
    saved: SavedMapping | None,
    profiles_by_name: dict[str, Profile],
) -> Profile:
    if forced is not None:
        return forced
    if saved is not None and saved.base in profiles_by_name:
        return profiles_by_name[saved.base]
    keys = {k for label in labels if label for k in header_keys(label)}
    return profile_detect(keys)


def build_table(
    name: str,
    rows: list[Row],
    merged: Merged,
    *,
    numbers: list[int] | None = None,
    profile: Profile | None = None,
    overrides: dict[str, str | None] | None = None,
    saved: SavedLookup | None = None,
) -> Table | None:
    """The table of one sheet, or None when no header row is found in its first rows.
    `numbers` are the rows' own numbers (CSV: the line a record starts on); by default the
    position from 1. `profile` forces a layout; `overrides` (header → field or None) are a
    user's or a mapping file's choices; `saved` finds a mapping saved for this header set."""
    from sentra.exchange.profiles import profiles

    found = find_header(rows, merged)
    if found is None:
        return None
    r, two = found
    labels = _labels(rows, r, two, merged)
    digest = header_set_digest(labels)
    saved_mapping = saved(digest) if saved is not None and not overrides else None
    chosen = _derive_profile(labels, profile, saved_mapping, profiles())
    mapping: dict[str, str | None] = dict(saved_mapping.columns) if saved_mapping else {}
    mapping.update(overrides or {})
    start = r + (2 if two else 1)
    _fill_merged(rows, merged, start)
    numbering = numbers or list(range(1, len(rows) + 1))
    data = [(numbering[i], rows[i]) for i in range(start, len(rows))]
    table = Table(
        sheet=name,
        header_row=numbering[r],
        labels=labels,
        profile=chosen.name,
        matches=columns_match(labels, chosen, overrides=mapping),
        rows=data,
        title_year=title_year(rows[:r]),
        header_set=digest,
    )
    if saved_mapping is not None:
        table.saved_profile = saved_mapping.name
    table.structure = _structure(data)
    fields = table.fields
    fill = [i for key in chosen.fill_down for i in fields.get(key, [])]
    if fill:
        _fill_down(data, fill, table.structure)
    return table
