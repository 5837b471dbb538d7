"""Template filters of the statistics pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from sentra.core import formats
from sentra.core.numbers import format_number

register = template.Library()


@register.filter
def drill(text: Any, href: str | None) -> SafeString | str:
    """The figure as a link to the units behind it, or plain text without a link."""
    if not href:
        return str(text)
    return format_html('<a class="drill" href="{}">{}</a>', href, text)


@register.filter
def percent(value: float | None) -> str:
    return formats.format_percent(value)


@register.filter
def signed(value: int | None) -> str:
    return formats.format_signed(value)


@register.filter
def rupiah(value: int | None) -> str:
    return formats.format_rupiah(value)


@register.filter
def usd(value: int | None) -> str:
    return formats.format_usd(value)


@register.filter
def rate(value: float | None) -> str:
    if value is None:
        return "–"
    return format_number(value, 2)


@register.filter
def id_number_any(value: Any) -> str:
    """Integers with the Indonesian thousands separator; other values as text."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "–" if value is None else str(value)
    return ("−" + format_number(-value)) if value < 0 else format_number(value)


@register.filter
def index(values: list[Any], position: int) -> Any:
    """values[position] in a template ("" past the end)."""
    try:
        return values[int(position)]
    except (IndexError, TypeError, ValueError):
        return ""


@register.filter
def report_cell(value: Any, kind: str) -> str:
    """A report table cell by its column's kind: years never grouped, rates with two
    decimals, shares as percent, counts and money grouped."""
    if value is None:
        return formats.DASH
    if kind == "year":
        return formats.format_year(value)
    if kind == "rate":
        return format_number(value, 2)
    if kind == "percent":
        return formats.format_percent(value)
    return id_number_any(value)
