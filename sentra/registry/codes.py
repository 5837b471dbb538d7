"""Unit codes (`IKM-3602-0001234`): how Sentra writes them and how typed variants are read."""

from __future__ import annotations

import re

_TYPED = re.compile(r"IKM-?([0-9]{4})-?([0-9]{1,9})")


def unit_code_format(regency: str, number: int) -> str:
    """`IKM-3602-0001234`: the regency's Kemendagri code without its dot, then the number."""
    return f"IKM-{regency.replace('.', '')}-{number:07d}"


def unit_code_parse(text: str) -> str | None:
    """The code as Sentra writes it, from "ikm 3602 1234", "IKM36020001234" and friends, or
    None when the text is not a unit code."""
    compact = re.sub(r"[\s._/]+", "-", text.strip().upper().lstrip("'"))
    compact = re.sub(r"-+", "-", compact)
    match = _TYPED.fullmatch(compact)
    if match is None:
        return None
    return f"IKM-{match.group(1)}-{int(match.group(2)):07d}"
