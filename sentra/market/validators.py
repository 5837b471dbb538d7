"""Checks shared by the market's forms and services: no HTML in text, ISO country codes."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_countries import countries

from sentra.core.formats import country_name

# A tag, a comment or a character reference: `<b>`, `</p>`, `<!--`, `<script src=…>`,
# `&lt;`. A lone "<" as in "harga < 5 juta" is ordinary text.
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>|<\s*/?\s*[a-zA-Z]+[\s/]|&#?[a-zA-Z0-9]+;")

ISO_COUNTRY = re.compile(r"^[A-Z]{2}$")


def contains_html(value: str) -> bool:
    return bool(_HTML.search(value or ""))


def reject_html(fields: Mapping[str, str], labels: Mapping[str, str]) -> None:
    """Refuse text that carries HTML, naming each field, so that nothing is stored."""
    errors = {
        name: ValidationError(
            _("%(field)s berisi kode HTML (misalnya <b> atau <script>); tulis teks biasa."),
            code="html",
            params={"field": labels.get(name, name)},
        )
        for name, value in fields.items()
        if isinstance(value, str) and contains_html(value)
    }
    if errors:
        raise ValidationError(errors)


def country_normalise(value: str) -> str:
    return (value or "").strip().upper()


def country_validate(value: str) -> str:
    """An ISO 3166-1 alpha-2 code of a real country (the list of django-countries)."""
    code = country_normalise(value)
    if not ISO_COUNTRY.fullmatch(code) or not countries.alpha2(code):
        raise ValidationError(
            _("Negara harus kode ISO 3166 dua huruf (mis. GB, DE, ID), bukan %(value)s."),
            code="country_code",
            params={"value": value[:20]},
        )
    return code


def country_label(code: str) -> str:
    """The country's name in the interface language (Sentra's one formatting rule)."""
    return country_name(code)


def country_choices() -> list[tuple[str, str]]:
    """Every ISO country as (code, "Name (CODE)"), Indonesia and Europe's buyers first."""
    first = ["ID", "GB", "DE", "IT", "NL", "FR", "PT"]
    rest = sorted((c for c in countries), key=lambda c: str(c.name))
    out = [(code, f"{country_label(code)} ({code})") for code in first]
    out += [(c.code, f"{country_label(c.code)} ({c.code})") for c in rest if c.code not in first]
    return out
