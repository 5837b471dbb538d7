"""Number formatting: Indonesian (16.000; 37,8) or English (16,000; 37.8) by interface language."""

from __future__ import annotations

from django.utils.translation import get_language

_SWAP = str.maketrans(",.", ".,")


def format_number_id(value: int) -> str:
    """Indonesian thousands separator, whatever the interface language: 16000 → "16.000".
    For texts that are always Indonesian, such as the quoted statement."""
    return f"{value:,}".replace(",", ".")


def format_number(value: float, decimals: int = 0) -> str:
    """A number in the interface language: 16.000 / 37,8 in Indonesian, 16,000 / 37.8 in
    English."""
    text = f"{value:,.{decimals}f}"
    if (get_language() or "id").startswith("en"):
        return text
    return text.translate(_SWAP)
