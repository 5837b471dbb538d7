"""Template filters of the registry pages."""

from __future__ import annotations

from django import template

from sentra.registry.models import MarketReach

register = template.Library()


@register.filter
def market_reach_label(value: str) -> str:
    """`ekspor` → "Ekspor" (in the interface language)."""
    try:
        return str(MarketReach(value).label)
    except ValueError:
        return value
