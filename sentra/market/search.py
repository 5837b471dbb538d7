"""The catalog's search: several words must all match (product, producer, commodity,
kecamatan or desa), filters, sorting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict

from sentra.market.forms import SORTS, CatalogSearchForm
from sentra.market.models import Product
from sentra.market.selectors import catalog_products
from sentra.registry.models import Certificate, CertificateStatus, Sex

MAX_WORDS = 8


@dataclass
class CatalogSearch:
    form: CatalogSearchForm
    queryset: QuerySet[Product]
    sort: str
    words: list[str]

    @property
    def has_filters(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        keys = ("commodity", "kecamatan", "cert", "women", "home", "export")
        return any(data.get(k) for k in keys)


def _word(word: str) -> Q:
    return (
        Q(name__icontains=word)
        | Q(description__icontains=word)
        | Q(unit__business_name__icontains=word)
        | Q(commodity__name__icontains=word)
        | Q(unit__kecamatan__name__icontains=word)
        | Q(unit__desa__name__icontains=word)
    )


def catalog_search(*, params: QueryDict | dict[str, Any]) -> CatalogSearch:
    form = CatalogSearchForm(params or None)
    products = catalog_products()
    data = form.cleaned_data if form.is_valid() else {}
    words = [w for w in str(data.get("q") or "").split() if w][:MAX_WORDS]
    for word in words:  # every word must match somewhere
        products = products.filter(_word(word))
    if data.get("commodity"):
        products = products.filter(commodity__code=data["commodity"])
    if data.get("kecamatan"):
        products = products.filter(unit__kecamatan_id=data["kecamatan"])
    if data.get("women"):
        products = products.filter(unit__owner__sex=Sex.FEMALE)
    if data.get("home"):
        products = products.filter(unit__market_profile__home_industry=True)
    if data.get("export"):
        products = products.filter(unit__market_profile__export_ready=True)
    if data.get("cert"):
        products = products.filter(
            Exists(
                Certificate.objects.filter(
                    unit=OuterRef("unit_id"),
                    kind__code=data["cert"],
                    status=CertificateStatus.ACTIVE,
                )
            )
        )
    sort = str(data.get("sort") or "baru")
    sort = sort if sort in SORTS else "baru"
    return CatalogSearch(
        form=form, queryset=products.order_by(*SORTS[sort]), sort=sort, words=words
    )
