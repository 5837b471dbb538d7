"""Template filters shared by every page: the formatting rule of `sentra.core.formats`."""

from __future__ import annotations

from datetime import date, datetime

from django import template

from sentra.core import formats

register = template.Library()


@register.filter
def id_number(value: float | str | None) -> str:
    """16000 → 16.000 in Indonesian, 16,000 in English (text that is not a number stays)."""
    if value is None or value == "":
        return formats.DASH
    if isinstance(value, str):
        if not value.lstrip("-").isdigit():
            return value
        value = int(value)
    return formats.format_number(value)


@register.filter
def about_number(value: int | None) -> str:
    """An estimate as a person says it: two significant figures (1.003.412 → 1.000.000)."""
    if value is None:
        return formats.DASH
    digits = len(str(abs(int(value))))
    return formats.format_number(round(int(value), -max(0, digits - 2)))


@register.filter
def decimal(value: float | None, decimals: int = 1) -> str:
    """37.84 → 37,8 in Indonesian, 37.8 in English."""
    if value is None:
        return formats.DASH
    return formats.format_number(value, int(decimals))


@register.filter
def rupiah(value: float | None) -> str:
    return formats.format_rupiah(value)


@register.filter
def usd(value: float | None) -> str:
    return formats.format_usd(value)


@register.filter
def percent(value: float | None) -> str:
    return formats.format_percent(value)


@register.filter
def long_date(value: date | datetime | None) -> str:
    """29 November 2026."""
    return formats.format_date(value)


@register.filter
def date_time(value: datetime | None) -> str:
    """29 November 2026 14.05."""
    return formats.format_datetime(value)


@register.filter
def country_name(code: str) -> str:
    return formats.country_name(code)
