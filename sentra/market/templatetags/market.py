"""Template filters of the market: rupiah, price ranges, countries and catalog addresses."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from sentra.core.numbers import format_number
from sentra.market.validators import country_label

register = template.Library()


@register.filter
def rupiah(value: int | None) -> str:
    if value is None:
        return "–"
    return f"Rp {format_number(value)}"


@register.filter
def price_range(product: Any) -> str:
    low = rupiah(product.price_min)
    if product.price_max and product.price_max != product.price_min:
        return f"{low} – {format_number(product.price_max)}"
    return low


@register.filter
def country(code: str) -> str:
    return country_label(code or "")


@register.filter
def product_url(product: Any) -> str:
    return reverse("market:product", kwargs={"pk": product.pk, "slug": product.slug})


@register.filter
def producer_url(unit: Any) -> str:
    from sentra.market.views.catalog import producer_url as url

    return url(unit)


@register.simple_tag
def photo_url(pk: int | None, size: str = "kecil") -> str:
    if not pk:
        return ""
    return reverse("market:photo", kwargs={"pk": pk, "size": size})


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{format_number(value, 1)}%"


@register.filter
def month_name(number: int) -> str:
    names = [
        _("Jan"),
        _("Feb"),
        _("Mar"),
        _("Apr"),
        _("Mei"),
        _("Jun"),
        _("Jul"),
        _("Agu"),
        _("Sep"),
        _("Okt"),
        _("Nov"),
        _("Des"),
    ]
    return str(names[number - 1]) if 1 <= number <= 12 else str(number)
