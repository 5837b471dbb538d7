"""The one formatting rule for numbers, money, dates and countries, used by templates, chart
data, PDFs and spreadsheets alike.

Everything follows the interface language: 16.000 / 37,8 / 29 November 2026 in Indonesian,
16,000 / 37.8 / 29 November 2026 in English. Years and codes are never grouped ("2018", not
"2.018"). Texts that are always Indonesian (the quoted statement) use `format_number_id`.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from django.utils import dateformat, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sentra.core.numbers import format_number, format_number_id

__all__ = [
    "country_name",
    "format_date",
    "format_datetime",
    "format_number",
    "format_number_id",
    "format_percent",
    "format_rupiah",
    "format_signed",
    "format_usd",
    "format_year",
    "language",
]

DASH = "–"

# The names an Indonesian office writes (shorter than CLDR's "Inggris Raya", "Hong Kong DAK
# Tiongkok"); every other ISO 3166 code is named by CLDR through Babel.
PREFERRED_COUNTRY_NAMES = {
    "GB": _("Inggris"),
    "HK": _("Hong Kong"),
    "US": _("Amerika Serikat"),
    "CN": _("Tiongkok"),
    "KR": _("Korea Selatan"),
}


def language() -> str:
    """ "en" or "id": the interface language of the current request or command."""
    return "en" if (get_language() or "id").startswith("en") else "id"


def format_percent(value: float | None, decimals: int = 1) -> str:
    return DASH if value is None else format_number(value, decimals) + "%"


def format_signed(value: float | None, decimals: int = 0) -> str:
    """+12 / −3 (a real minus sign) / 0."""
    if value is None:
        return DASH
    if value > 0:
        return "+" + format_number(value, decimals)
    if value < 0:
        return "−" + format_number(-value, decimals)
    return format_number(0, decimals)


def format_rupiah(value: float | None) -> str:
    return DASH if value is None else "Rp " + format_number(value)


def format_usd(value: float | None) -> str:
    return DASH if value is None else "US$ " + format_number(value)


def format_year(value: int | None) -> str:
    """Years are never grouped: 2018, not 2.018."""
    return DASH if value is None else str(value)


def format_date(value: date | datetime | None) -> str:
    """29 November 2026 (month names in the interface language)."""
    if value is None:
        return DASH
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return dateformat.format(value, "j F Y")


def format_datetime(value: datetime | None) -> str:
    """29 November 2026 14.05 in Indonesian, 29 November 2026 14:05 in English."""
    if value is None:
        return DASH
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    clock = "H:i" if language() == "en" else "H.i"
    return dateformat.format(local, f"j F Y {clock}")


@cache
def _cldr_territories(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(lang).territories)


def country_name(code: str) -> str:
    """An ISO 3166 alpha-2 code as a country name in the interface language ("HK" → Hong
    Kong); an unknown code stays as it is."""
    code = (code or "").upper()
    if code in PREFERRED_COUNTRY_NAMES:
        return str(PREFERRED_COUNTRY_NAMES[code])
    return _cldr_territories(language()).get(code, code)
