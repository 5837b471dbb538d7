"""A unit's catalog products for those who manage them (its owner, an officer of its
kecamatan, an admin): list, create, change, mark out of stock, archive — through the market's
services, so moderation, audit and notices work exactly as on the web."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from sentra.api.auth import Caller, require_write
from sentra.api.common import PROBLEMS, READ, WRITE, form_problem
from sentra.api.endpoints.market.catalog import catalog_url, photo_urls
from sentra.api.endpoints.market.schemas import (
    ManagedProductOut,
    ManagedProductPage,
    ProductIn,
    ProductPatch,
    ProductStatusValue,
)
from sentra.api.http import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    STATE_TAG_PATTERN,
    cursor_page,
    etag_for,
    json_response,
    only_params,
    render,
    require_current_tag,
)
from sentra.api.problems import ApiProblem, django_errors, validation_problem
from sentra.api.schemas import MAX_ID
from sentra.market.forms import ProductForm
from sentra.market.models import Product, ProductPhoto, ProductStatus
from sentra.market.rules import ActionRefused, manages_products
from sentra.market.selectors import (
    catalog_products,
    managed_product_get,
    managed_products_for_user,
    managed_unit_get,
)
from sentra.market.services import catalog as service
from sentra.registry.models import Commodity, Unit

router = Router(tags=["products"])

IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string", "pattern": STATE_TAG_PATTERN},
    "description": "The ETag of the product as you read it.",
}


class ProductQuery(Schema):
    status: ProductStatusValue | None = Field(None, description="Only products in this status")
    cursor: str | None = Field(None, max_length=500, description="From the `next` link")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


UnitId = Path(..., ge=1, le=MAX_ID)
ProductId = Path(..., ge=1, le=MAX_ID)


def _commodity_codes(pending: dict[str, Any]) -> dict[str, Any]:
    """A waiting change as the API names its fields (`commodity` by code)."""
    out = dict(pending)
    if "commodity_id" in out:
        commodity = Commodity.objects.filter(pk=out.pop("commodity_id")).first()
        out["commodity"] = commodity.code if commodity else None
    return out


def _product_dicts(request: HttpRequest, products: Iterable[Product]) -> list[dict[str, Any]]:
    products = list(products)
    photos: dict[int, list[ProductPhoto]] = defaultdict(list)
    for photo in (
        ProductPhoto.objects.filter(product__in=products)
        .defer("large", "thumb")
        .order_by("position", "id")
    ):
        photos[photo.product_id].append(photo)
    shown = set(
        catalog_products().filter(pk__in=[p.pk for p in products]).values_list("pk", flat=True)
    )
    out = []
    for p in products:
        out.append(
            ManagedProductOut.model_validate(
                {
                    "id": p.pk,
                    "unit_id": p.unit_id,
                    "name": p.name,
                    "description": p.description,
                    "commodity": {"code": p.commodity.code, "name": p.commodity.name},
                    "price_min": p.price_min,
                    "price_max": p.price_max,
                    "unit_of_sale": p.unit_of_sale,
                    "min_order": p.min_order,
                    "monthly_capacity": p.monthly_capacity,
                    "in_stock": p.in_stock,
                    "status": p.status,
                    "pending_changes": _commodity_codes(p.pending_changes)
                    if p.pending_changes
                    else None,
                    "moderation_note": p.moderation_note,
                    "submitted_at": p.submitted_at,
                    "moderated_at": p.moderated_at,
                    "in_catalog": p.pk in shown,
                    "url": catalog_url(request, p) if p.pk in shown else None,
                    "photos": [
                        {
                            "id": photo.pk,
                            "approved": photo.approved,
                            "width": photo.width,
                            "height": photo.height,
                            **(
                                photo_urls(request, photo.pk)
                                if photo.approved
                                else {"large": None, "thumb": None}
                            ),
                        }
                        for photo in photos[p.pk]
                    ],
                    "updated_at": p.updated_at,
                }
            ).model_dump(mode="json")
        )
    return out


def _unit(request: HttpRequest, unit_id: int) -> Unit:
    """The unit whose products the caller manages: 403 for a caller who manages no products
    (as the web's product pages), 404 for a unit outside the caller's area."""
    if not manages_products(request.user):
        raise ApiProblem(
            status=403, code="forbidden", detail=_("Anda tidak mengelola produk katalog.")
        )
    try:
        return managed_unit_get(user=request.user, pk=unit_id)
    except Http404:
        raise ApiProblem(status=404, code="not_found", detail=_("Unit tidak ditemukan.")) from None


def _product(request: HttpRequest, unit_id: int, product_id: int) -> Product:
    unit = _unit(request, unit_id)
    try:
        product = managed_product_get(user=request.user, pk=product_id)
    except Http404:
        product = None
    if product is None or product.unit_id != unit.pk:
        raise ApiProblem(status=404, code="not_found", detail=_("Produk tidak ditemukan."))
    return product


def _fresh(product_id: int) -> Product:
    return Product.objects.select_related("unit", "unit__owner", "commodity").get(pk=product_id)


def _answer(request: HttpRequest, product_id: int, *, status: int = 200) -> HttpResponse:
    product = _fresh(product_id)
    response = json_response(request, _product_dicts(request, [product])[0], status=status)
    if status == 201:
        where = reverse(
            "api:product_detail", kwargs={"unit_id": product.unit_id, "product_id": product.pk}
        )
        response["Location"] = request.build_absolute_uri(where)
    return response


def _locked_and_current(request: HttpRequest, product: Product) -> Product:
    """Lock the product's row and check If-Match against what the caller would read now."""
    Product.objects.select_for_update().filter(pk=product.pk).values_list("pk").get()
    current = _fresh(product.pk)
    require_current_tag(request, etag_for(render(_product_dicts(request, [current])[0])))
    return current


def _refused(exc: ActionRefused) -> ApiProblem:
    return ApiProblem(status=403, code="forbidden", detail=exc.message)


def _invalid(exc: ValidationError) -> ApiProblem:
    names = {"commodity_id": "commodity"}
    errors = []
    for error in django_errors(exc):
        field = names.get(error["field"], error["field"])
        errors.append({**error, "field": f"body.{field}" if field else "body"})
    return validation_problem(errors)


def _validated(values: dict[str, Any]) -> service.ProductData:
    """The web's product form checks the shape (an active commodity, price bounds…)."""
    form = ProductForm({k: ("" if v is None else v) for k, v in values.items()})
    if not form.is_valid():
        raise form_problem(form, prefix="body")
    d = form.cleaned_data
    return service.ProductData(
        name=d["name"],
        commodity_id=form.commodity_id(),
        price_min=d["price_min"],
        price_max=d.get("price_max"),
        unit_of_sale=d["unit_of_sale"],
        min_order=d["min_order"],
        monthly_capacity=d.get("monthly_capacity"),
        description=d.get("description", ""),
    )


@router.get(
    "/units/{unit_id}/products/",
    response={200: ManagedProductPage, **READ},
    url_name="product_list",
)
def product_list(
    request: HttpRequest, query: Query[ProductQuery], unit_id: int = UnitId
) -> HttpResponse:
    """Every product of a unit (waiting, published, refused, archived) with its moderation
    state and photos: for its owner, officers of its kecamatan and admins."""
    only_params(request, ProductQuery)
    unit = _unit(request, unit_id)
    products = (
        managed_products_for_user(user=request.user)
        .filter(unit=unit)
        .select_related("unit", "unit__owner", "commodity")
    )
    if query.status is not None:
        products = products.filter(status=query.status)

    def serialize(rows: Iterable[Product]) -> list[dict[str, Any]]:
        return _product_dicts(request, rows)

    body = cursor_page(
        request, products, limit=query.limit, cursor=query.cursor, serialize=serialize
    )
    return json_response(request, body)


@router.post(
    "/units/{unit_id}/products/",
    response={201: ManagedProductOut, **PROBLEMS},
    url_name="product_create",
)
def product_create(request: HttpRequest, payload: ProductIn, unit_id: int = UnitId) -> HttpResponse:
    """A new product of the unit. It waits in the moderation queue (officers of the
    kecamatan and admins are told) before buyers see it. Needs a write token."""
    only_params(request)
    caller: Caller = request.auth  # type: ignore[attr-defined]
    require_write(caller)
    unit = _unit(request, unit_id)
    data = _validated(payload.model_dump())
    try:
        product = service.product_create(actor=request.user, unit=unit, data=data)
    except ActionRefused as exc:
        raise _refused(exc) from None
    except ValidationError as exc:
        raise _invalid(exc) from None
    return _answer(request, product.pk, status=201)


@router.get(
    "/units/{unit_id}/products/{product_id}/",
    response={200: ManagedProductOut, **READ},
    url_name="product_detail",
)
def product_detail(
    request: HttpRequest, unit_id: int = UnitId, product_id: int = ProductId
) -> HttpResponse:
    """A product of the unit with its moderation state; its ETag goes back as If-Match."""
    only_params(request)
    product = _product(request, unit_id, product_id)
    return _answer(request, product.pk)


@router.patch(
    "/units/{unit_id}/products/{product_id}/",
    response={200: ManagedProductOut, **WRITE},
    url_name="product_update",
    openapi_extra={"parameters": [IF_MATCH]},
)
def product_update(
    request: HttpRequest, payload: ProductPatch, unit_id: int = UnitId, product_id: int = ProductId
) -> HttpResponse:
    """Change a product. Content changes of a published product wait for moderation while
    buyers keep seeing the approved text; other products wait again. `in_stock` applies at
    once. Needs a write token and If-Match (412 when the product changed since)."""
    only_params(request)
    caller: Caller = request.auth  # type: ignore[attr-defined]
    require_write(caller)
    product = _product(request, unit_id, product_id)
    changes = payload.model_dump(exclude_unset=True)
    in_stock = changes.pop("in_stock", None)
    try:
        with transaction.atomic():
            current = _locked_and_current(request, product)
            if changes:
                # The values the manager sees: the approved ones with the waiting change.
                values = {n: getattr(current, n) for n in service.CONTENT_FIELDS}
                values.update(current.pending_changes or {})
                values = _commodity_codes(values)
                values.update(changes)
                current = service.product_update(
                    actor=request.user, product=current, data=_validated(values)
                )
            if in_stock is not None:
                service.product_set_stock(
                    actor=request.user, product=_fresh(current.pk), in_stock=in_stock
                )
    except ActionRefused as exc:
        raise _refused(exc) from None
    except ValidationError as exc:
        raise _invalid(exc) from None
    return _answer(request, product.pk)


@router.delete(
    "/units/{unit_id}/products/{product_id}/",
    response={200: ManagedProductOut, **WRITE},
    url_name="product_archive",
    openapi_extra={"parameters": [IF_MATCH]},
)
def product_archive(
    request: HttpRequest, unit_id: int = UnitId, product_id: int = ProductId
) -> HttpResponse:
    """Take a product out of the catalog for good (status `diarsipkan`); its inquiries and
    orders stay. Needs a write token and If-Match."""
    only_params(request)
    caller: Caller = request.auth  # type: ignore[attr-defined]
    require_write(caller)
    product = _product(request, unit_id, product_id)
    try:
        with transaction.atomic():
            current = _locked_and_current(request, product)
            if current.status != ProductStatus.ARCHIVED:
                service.product_archive(actor=request.user, product=current)
    except ActionRefused as exc:
        raise _refused(exc) from None
    return _answer(request, product.pk)
