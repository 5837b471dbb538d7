"""Template filters shared by every page."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from sentra.core.numbers import format_number

register = template.Library()

COUNTRY_NAMES = {
    "GB": _("Inggris"),
    "DE": _("Jerman"),
    "IT": _("Italia"),
    "NL": _("Belanda"),
    "FR": _("Prancis"),
    "PT": _("Portugal"),
    "ES": _("Spanyol"),
    "BE": _("Belgia"),
    "US": _("Amerika Serikat"),
    "JP": _("Jepang"),
    "CN": _("Tiongkok"),
    "KR": _("Korea Selatan"),
    "SG": _("Singapura"),
    "MY": _("Malaysia"),
    "AU": _("Australia"),
    "SA": _("Arab Saudi"),
    "AE": _("Uni Emirat Arab"),
}


@register.filter
def id_number(value: int | None) -> str:
    """16000 → 16.000 in Indonesian, 16,000 in English."""
    if value is None:
        return "–"
    return format_number(value)


@register.filter
def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))
