"""The public catalog through the API: the products of consenting producers (no token needed,
as `/katalog/` needs no account) and a buyer's inquiry, with the web form's checks, duplicate
suppression and per-address limit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from sentra.accounts.throttle import client_ip
from sentra.api.auth import api_caller
from sentra.api.common import PROBLEMS, READ, form_problem
from sentra.api.endpoints.market.schemas import (
    CatalogPage,
    CatalogProductOut,
    InquiryIn,
    InquiryReceipt,
)
from sentra.api.http import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, json_response, only_params
from sentra.api.problems import ApiProblem, django_errors, validation_problem
from sentra.api.schemas import MAX_ID
from sentra.market.forms import InquiryForm
from sentra.market.models import Product, ProductPhoto
from sentra.market.ratelimit import inquiry_rate_hit
from sentra.market.search import catalog_search
from sentra.market.selectors import catalog_products
from sentra.market.services.inquiries import InquiryData, inquiry_submit
from sentra.market.views.catalog import producer_url, product_url
from sentra.registry.models import Certificate, CertificateStatus, Sex

router = Router(tags=["catalog"])

# Anyone may call these; a token, when sent, must be valid (and counts the rate limit).
PUBLIC: dict[str, Any] = {"auth": None, "openapi_extra": {"security": [{}, {"TokenAuth": []}]}}
FILTERS = ("q", "commodity", "kecamatan", "cert", "women", "home", "export")


class CatalogFilters(Schema):
    """The filters of /katalog/. Values from reference data (commodity, kecamatan,
    certificate kind) answer 422 naming the filter when unknown."""

    q: str | None = Field(
        None,
        max_length=100,
        description="Product, producer, commodity, kecamatan or desa; every word must match",
    )
    commodity: str | None = Field(None, max_length=32, description="Commodity code")
    kecamatan: str | None = Field(
        None, pattern=r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$", description="Kemendagri kecamatan code"
    )
    cert: str | None = Field(None, max_length=16, description="Certificate kind code (halal…)")
    women: Literal["1"] | None = Field(None, description="1: women-owned producers")
    home: Literal["1"] | None = Field(None, description="1: home industries")
    export: Literal["1"] | None = Field(None, description="1: export-ready producers")
    cursor: str | None = Field(None, max_length=500, description="From the `next` link")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _absolute(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def photo_urls(request: HttpRequest, pk: int) -> dict[str, str]:
    return {
        "large": _absolute(request, "market:photo", pk=pk, size="besar"),
        "thumb": _absolute(request, "market:photo", pk=pk, size="kecil"),
    }


def catalog_url(request: HttpRequest, product: Product) -> str:
    return request.build_absolute_uri(product_url(product))


def _public_products() -> QuerySet[Product]:
    return catalog_products().select_related("unit__owner")


def _catalog_dicts(request: HttpRequest, products: Iterable[Product]) -> list[dict[str, Any]]:
    """The catalog's products as the API shows them: photos and certificates in one query
    each for the whole page."""
    products = list(products)
    photos: dict[int, list[ProductPhoto]] = defaultdict(list)
    for photo in (
        ProductPhoto.objects.filter(product__in=products, approved=True)
        .defer("large", "thumb")
        .order_by("position", "id")
    ):
        photos[photo.product_id].append(photo)
    certificates: dict[int, dict[str, str]] = defaultdict(dict)
    for unit_id, code, name in (
        Certificate.objects.filter(
            unit_id__in={p.unit_id for p in products}, status=CertificateStatus.ACTIVE
        )
        .order_by("kind__sort_order", "kind__code")
        .values_list("unit_id", "kind__code", "kind__name")
    ):
        certificates[unit_id].setdefault(code, name)
    out = []
    for product in products:
        unit = product.unit
        profile = getattr(unit, "market_profile", None)
        show_owner = profile is not None and profile.show_owner_name
        out.append(
            CatalogProductOut.model_validate(
                {
                    "id": product.pk,
                    "name": product.name,
                    "description": product.description,
                    "commodity": {"code": product.commodity.code, "name": product.commodity.name},
                    "price_min": product.price_min,
                    "price_max": product.price_max,
                    "unit_of_sale": product.unit_of_sale,
                    "min_order": product.min_order,
                    "monthly_capacity": product.monthly_capacity,
                    "in_stock": product.in_stock,
                    "photos": [
                        {**photo_urls(request, p.pk), "width": p.width, "height": p.height}
                        for p in photos[product.pk]
                    ],
                    "producer": {
                        "id": unit.pk,
                        "business_name": unit.business_name,
                        "owner_name": unit.owner.name if show_owner else None,
                        "kecamatan": {"code": unit.kecamatan_id, "name": unit.kecamatan.name},
                        "desa": {"code": unit.desa_id, "name": unit.desa.name},
                        "women_owned": unit.owner.sex == Sex.FEMALE,
                        "home_industry": bool(profile and profile.home_industry),
                        "export_ready": bool(profile and profile.export_ready),
                        "story": profile.story if profile else "",
                        "certificates": [
                            {"code": code, "name": name}
                            for code, name in certificates[unit.pk].items()
                        ],
                        "url": request.build_absolute_uri(producer_url(unit)),
                    },
                    "url": catalog_url(request, product),
                    "published_at": product.moderated_at,
                }
            ).model_dump(mode="json")
        )
    return out


@router.get(
    "/products/",
    response={200: CatalogPage, **READ},
    url_name="catalog_product_list",
    **PUBLIC,
)
def catalog_product_list(request: HttpRequest, filters: Query[CatalogFilters]) -> HttpResponse:
    """The public catalog: published products of producers who consented to publication,
    searched and filtered like /katalog/, ordered by id. No token needed."""
    api_caller(request, required=False)
    only_params(request, CatalogFilters)
    params = QueryDict(mutable=True)
    for name in FILTERS:
        value = getattr(filters, name)
        if value is not None and value != "":
            params[name] = str(value)
    search = catalog_search(params=params)
    if params and not search.form.is_valid():
        raise form_problem(search.form, prefix="query")
    products = search.queryset.select_related("unit__owner")

    def serialize(rows: Iterable[Product]) -> list[dict[str, Any]]:
        return _catalog_dicts(request, rows)

    body = cursor_page(
        request, products, limit=filters.limit, cursor=filters.cursor, serialize=serialize
    )
    return json_response(request, body)


ProductId = Path(..., ge=1, le=MAX_ID)


def _catalog_product(product_id: int) -> Product:
    product = _public_products().filter(pk=product_id).first()
    if product is None:
        raise ApiProblem(status=404, code="not_found", detail=_("Produk tidak ada di katalog."))
    return product


@router.get(
    "/products/{product_id}/",
    response={200: CatalogProductOut, **READ},
    url_name="catalog_product_detail",
    **PUBLIC,
)
def catalog_product_detail(request: HttpRequest, product_id: int = ProductId) -> HttpResponse:
    """A product of the public catalog; 404 for one waiting for moderation, archived, or of a
    producer without publication consent. No token needed."""
    api_caller(request, required=False)
    only_params(request)
    return json_response(request, _catalog_dicts(request, [_catalog_product(product_id)])[0])


def _receipt(product: Product, *, duplicate: bool) -> dict[str, Any]:
    detail = (
        _(
            "Permintaan yang sama sudah kami terima sebelumnya; tidak dikirim lagi. Produsen "
            "akan menghubungi Anda lewat surel."
        )
        if duplicate
        else _(
            "Terima kasih, permintaan Anda terkirim ke produsen dan dinas. Mereka akan "
            "membalas ke surel Anda."
        )
    )
    return InquiryReceipt.model_validate(
        {"product_id": product.pk, "duplicate": duplicate, "detail": detail}
    ).model_dump(mode="json")


@router.post(
    "/products/{product_id}/inquiries/",
    response={201: InquiryReceipt, 200: InquiryReceipt, **PROBLEMS},
    url_name="catalog_inquiry_create",
    **PUBLIC,
)
def catalog_inquiry_create(
    request: HttpRequest, payload: InquiryIn, product_id: int = ProductId
) -> HttpResponse:
    """Send a buyer's inquiry about a catalog product, as the form on its page does: no
    account needed; the same checks (no HTML, a real ISO country, a valid e-mail); the same
    inquiry twice within a day is stored once (200, `duplicate`); at most 10 inquiries a
    minute per client address, counted together with the web form (429 with Retry-After).
    The buyer's contact goes to the producer and the office only."""
    api_caller(request, required=False)
    only_params(request)
    product = _catalog_product(product_id)
    decision = inquiry_rate_hit(address=client_ip(request))
    if not decision.allowed:
        raise ApiProblem(
            status=429,
            code="rate_limited",
            detail=_(
                "Terlalu banyak permintaan pembeli dari alamat ini; coba lagi dalam "
                "%(seconds)s detik."
            )
            % {"seconds": decision.retry_after},
            headers={"Retry-After": str(decision.retry_after)},
        )
    form = InquiryForm(payload.model_dump())
    if not form.is_valid():
        raise form_problem(form, prefix="body")
    data = form.cleaned_data
    try:
        result = inquiry_submit(
            product=product,
            data=InquiryData(
                name=data["name"],
                organisation=data["organisation"],
                country=data["country"],
                email=data["email"],
                quantity=data["quantity"],
                message=data["message"],
            ),
        )
    except ValidationError as exc:
        raise validation_problem(
            [{**e, "field": f"body.{e['field']}".rstrip(".")} for e in django_errors(exc)]
        ) from None
    return json_response(
        request,
        _receipt(product, duplicate=result.duplicate),
        status=200 if result.duplicate else 201,
    )
