"""Template filters of the programs screens."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from sentra.core.numbers import format_number_id

register = template.Library()


@register.filter
def measure(value: float | int | None) -> str:
    """A mean or a difference: 1234.5 → 1.234,5 in Indonesian (1,234.5 in English)."""
    if value is None:
        return "–"
    english = (get_language() or "id").startswith("en")
    if isinstance(value, int) or float(value).is_integer():
        whole = int(value)
        return f"{whole:,}" if english else format_number_id(whole)
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    if english:
        return text
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@register.filter
def signed(value: float | int | None) -> str:
    if value is None:
        return "–"
    shown = measure(value)
    return f"+{shown}" if value > 0 else shown


@register.filter
def percent(value: float | None) -> str:
    return "–" if value is None else f"{measure(value)}%"
