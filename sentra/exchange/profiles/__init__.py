"""Source layouts as data: each `*.toml` file beside this module describes one kind of file an
office receives (OSS RBA export, SIINas report, KoboToolbox/ODK export, Sentra's own template).

A profile holds its column mapping (header → field, "" for known columns not imported), how
it is recognised (`[detect]`), its row shape (`[shape]`: which fields fill down), its value
vocabularies (`[values.FIELD]`: a cell's text → what Sentra reads), derived values
(`[[derive]]`) and its merge policy (`[merge]`: which rows are one unit, which figures add up).
This module only loads and checks them; `sentra/exchange/layout.py` applies them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sentra.exchange.columns import COLUMN_BY_KEY, SOURCE_FIELDS, header_key

FIELDS = frozenset({*COLUMN_BY_KEY, *SOURCE_FIELDS})
DEFAULT = "sentra"


@dataclass(frozen=True)
class Derive:
    """`field` takes the value of `copy` when the column `when_header` holds one of
    `when_values` (compared as header keys)."""

    field: str
    copy: str
    when_header: str
    when_values: frozenset[str]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity (one object per profile)
class Profile:
    name: str
    title: str
    priority: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # header key → field ("" ignored)
    detect_all: tuple[str, ...] = ()
    detect_any: tuple[str, ...] = ()
    detect_any_min: int = 0
    fill_down: tuple[str, ...] = ()
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    derive: tuple[Derive, ...] = ()
    merge_by: str = ""
    merge_sum: frozenset[str] = frozenset()
    merge_keep: str = "last"

    def detects(self, keys: set[str]) -> bool:
        """Whether a header with these keys is this layout."""
        if not self.detect_all and not self.detect_any:
            return False
        if any(k not in keys for k in self.detect_all):
            return False
        if self.detect_any:
            return sum(1 for k in self.detect_any if k in keys) >= self.detect_any_min
        return True


class ProfileError(ValueError):
    """A profile file that does not say what a profile must."""


def _keys(values: list[str]) -> tuple[str, ...]:
    return tuple(header_key(v) for v in values)


def profile_parse(name: str, data: dict[str, object]) -> Profile:
    """A profile from the parsed TOML; raises ProfileError naming what is wrong."""
    columns: dict[str, str] = {}
    raw_columns = data.get("columns", {})
    assert isinstance(raw_columns, dict)
    for header, target in raw_columns.items():
        if target and target not in FIELDS:
            raise ProfileError(f"{name}: column {header!r} maps to unknown field {target!r}")
        columns[header_key(header)] = str(target)
    detect = data.get("detect", {})
    shape = data.get("shape", {})
    merge = data.get("merge", {})
    values = data.get("values", {})
    assert isinstance(detect, dict) and isinstance(shape, dict) and isinstance(merge, dict)
    assert isinstance(values, dict)
    derive = []
    for rule in data.get("derive", []):  # type: ignore[attr-defined]
        derive.append(
            Derive(
                field=rule["field"],
                copy=rule["copy"],
                when_header=header_key(rule["when_header"]),
                when_values=frozenset(_keys(rule["when_values"])),
            )
        )
    for target in (*shape.get("fill_down", []), *merge.get("sum", []), *values):
        if target not in FIELDS:
            raise ProfileError(f"{name}: unknown field {target!r}")
    if merge.get("keep", "last") not in ("first", "last"):
        raise ProfileError(f"{name}: merge.keep must be first or last")
    return Profile(
        name=str(data.get("name", name)),
        title=str(data.get("title", name)),
        priority=int(data.get("priority", 0)),  # type: ignore[call-overload]
        columns=columns,
        detect_all=_keys(detect.get("all", [])),
        detect_any=_keys(detect.get("any", [])),
        detect_any_min=int(detect.get("any_min", 1)),
        fill_down=tuple(shape.get("fill_down", [])),
        values={
            key: {str(k).lower(): str(v) for k, v in table.items()} for key, table in values.items()
        },
        derive=tuple(derive),
        merge_by=str(merge.get("by", "")),
        merge_sum=frozenset(merge.get("sum", [])),
        merge_keep=str(merge.get("keep", "last")),
    )


@cache
def profiles() -> dict[str, Profile]:
    """Every built-in profile by name, most specific (highest priority) first."""
    found = []
    for path in sorted(Path(__file__).resolve().parent.glob("*.toml")):
        with path.open("rb") as fh:
            found.append(profile_parse(path.stem, tomllib.load(fh)))
    found.sort(key=lambda p: -p.priority)
    return {p.name: p for p in found}


def profile_get(name: str) -> Profile | None:
    return profiles().get(name)


def profile_names() -> list[str]:
    return sorted(profiles())


def profile_detect(keys: set[str]) -> Profile:
    """The layout a header with these keys is: the most specific profile that recognises it,
    else Sentra's own."""
    for profile in profiles().values():
        if profile.detects(keys):
            return profile
    return profiles()[DEFAULT]


@cache
def known_keys() -> frozenset[str]:
    """Every header key some profile or the template knows (for finding the header row)."""
    from sentra.exchange.columns import VARIANTS

    keys = set(VARIANTS)
    for profile in profiles().values():
        keys |= set(profile.columns) | set(profile.detect_all) | set(profile.detect_any)
    keys.discard("")
    return frozenset(keys)
