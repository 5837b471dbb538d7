"""Which field each column of a file holds, and how Sentra knows: `exact` (the header is one the
profile or the template names), `fuzzy` (close to one, with its score), `manual` (a user's or a
mapping file's choice), `ignored` (known, deliberately not imported), `duplicate` (a second
column for a field that takes one) or `unknown`. Nothing is dropped without being listed.

Fuzzy matching compares headers as words (token-based, accent- and punctuation-insensitive):
"No. KTP (NIK)" is close to "NIK KTP", "Jenis Produk / Komoditi" to "Jenis Produk". A match
needs a score of at least FUZZY_MIN and a clear lead over the next field, so that "Nama"
(business or owner?) stays unknown rather than guessed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from sentra.exchange.columns import VARIANTS, header_key, header_keys
from sentra.exchange.profiles import Profile

FUZZY_MIN = 85
FUZZY_LEAD = 5
# Fields several columns may fill: their numbers are added up (OSS: Modal Usaha + Investasi
# Mesin + Investasi Lainnya). Any other field takes one column.
SUMMED = frozenset(
    {
        "workers_male",
        "workers_female",
        "workers_foreign",
        "investment",
        "production_value",
        "export_value",
    }
)
IGNORE = ""  # the field of a column a mapping ignores


@dataclass
class ColumnMatch:
    index: int
    header: str
    field: str | None
    how: str  # exact | fuzzy | manual | ignored | duplicate | unknown
    score: int | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["index"]
        return out


def _score(a: str, b: str) -> float:
    """Word-set and word-order similarity averaged: the set ratio alone calls "nama" and
    "nama usaha" identical; the sorted ratio alone punishes extra words too much."""
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


@cache
def _candidates(profile: Profile) -> tuple[tuple[str, str], ...]:
    pairs = {**VARIANTS, **{k: v for k, v in profile.columns.items() if v}}
    return tuple(sorted(pairs.items()))


def fuzzy_field(label: str, profile: Profile) -> tuple[str, int] | None:
    """(field, score) of the known header closest to `label`, or None when nothing is close
    enough or two fields are about as close."""
    best: dict[str, float] = {}
    for key in header_keys(label):
        if not key:
            continue
        for known, target in _candidates(profile):
            score = _score(key, known)
            if score > best.get(target, 0):
                best[target] = score
    ranked = sorted(best.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < FUZZY_MIN:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < FUZZY_LEAD:
        return None
    return ranked[0][0], round(ranked[0][1])


def exact_field(label: str, profile: Profile) -> str | None:
    """The field a header names exactly in this profile (IGNORE for a known column not
    imported), or None."""
    for key in header_keys(label):
        if key in profile.columns:
            return profile.columns[key]
        if key in VARIANTS:
            return VARIANTS[key]
    return None


def columns_match(
    labels: list[str],
    profile: Profile,
    *,
    overrides: dict[str, str | None] | None = None,
    exact: dict[str, str] | None = None,
) -> list[ColumnMatch]:
    """Match every non-blank header. `overrides` (header text → field, or IGNORE/None to
    ignore) come from a user or a mapping file and win. `exact` maps header texts that are
    field names themselves (a JSON export's keys)."""
    overrides = overrides or {}
    # A saved mapping meets the same headers in another case or punctuation next time.
    by_key = {header_key(k): v for k, v in overrides.items()}
    matches: list[ColumnMatch] = []
    taken: set[str] = set()
    pending: list[ColumnMatch] = []
    for index, label in enumerate(labels):
        if not label:
            continue
        if label in overrides or header_key(label) in by_key:
            target = overrides[label] if label in overrides else by_key[header_key(label)]
            match = ColumnMatch(index, label, target or None, "manual" if target else "ignored")
        elif exact and label in exact:
            match = ColumnMatch(index, label, exact[label], "exact", 100)
        else:
            found = exact_field(label, profile)
            if found is None:
                pending.append(ColumnMatch(index, label, None, "unknown"))
                matches.append(pending[-1])
                continue
            match = (
                ColumnMatch(index, label, found, "exact", 100)
                if found
                else ColumnMatch(index, label, None, "ignored")
            )
        if match.field and match.field in taken and match.field not in SUMMED:
            match = ColumnMatch(index, label, None, "duplicate")
        elif match.field:
            taken.add(match.field)
        matches.append(match)
    for match in pending:  # fuzzy only for what no exact header claimed
        guess = fuzzy_field(match.header, profile)
        if guess is None:
            continue
        target, score = guess
        if target in taken and target not in SUMMED:
            continue
        taken.add(target)
        match.field, match.how, match.score = target, "fuzzy", score
    matches.sort(key=lambda m: m.index)
    return matches
