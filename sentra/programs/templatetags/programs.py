"""Template filters of the programs screens."""

from __future__ import annotations

from django import template

from sentra.core.numbers import format_number

register = template.Library()


@register.filter
def measure(value: float | int | None) -> str:
    """A mean or a difference: 1234.5 → 1.234,5 in Indonesian (1,234.5 in English)."""
    if value is None:
        return "–"
    if isinstance(value, int) or float(value).is_integer():
        return format_number(int(value))
    # Up to four decimals, trailing zeros dropped: 1234.5 → 1.234,5
    decimals = len(f"{value:.4f}".rstrip("0").split(".")[1])
    return format_number(value, decimals)


@register.filter
def signed(value: float | int | None) -> str:
    if value is None:
        return "–"
    shown = measure(value)
    return f"+{shown}" if value > 0 else shown


@register.filter
def percent(value: float | None) -> str:
    return "–" if value is None else f"{measure(value)}%"


@register.filter
def interval(outcome: object) -> str:
    """The 95% confidence interval of an outcome: "−4,85 s.d. 7,85" ("–" when unknown)."""
    from django.utils.translation import gettext as _

    low = getattr(outcome, "ci_low", None)
    high = getattr(outcome, "ci_high", None)
    if low is None or high is None:
        return "–"
    return _("%(low)s s.d. %(high)s") % {"low": signed(low), "high": signed(high)}
