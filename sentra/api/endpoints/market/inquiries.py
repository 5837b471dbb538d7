"""Buyers' inquiries, scoped exactly like the web inbox `/pasar/permintaan/`: the owner their
own units', an officer their kecamatan's, admin and analyst all, the cooperative those that
became its orders. The buyer's name and e-mail only for readers the market's rules allow;
stage changes through the market's service with If-Match."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from sentra.api.auth import Caller, require_write
from sentra.api.common import READ, WRITE
from sentra.api.endpoints.market.schemas import InquiryOut, InquiryPage, InquiryPatch, StageValue
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
from sentra.market.models import NEXT_STAGES, Inquiry, Order
from sentra.market.rules import ActionRefused, can_follow_up, reads_inquiries, sees_buyer_contact
from sentra.market.selectors import inquiry_list_for_user
from sentra.market.services.inquiries import inquiry_stage_set

router = Router(tags=["inquiries"])


class InquiryQuery(Schema):
    stage: StageValue | None = Field(None, description="Only inquiries in this stage")
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="The producer's unit id")
    product: int | None = Field(None, ge=1, le=MAX_ID, description="Product id")
    cursor: str | None = Field(None, max_length=500, description="From the `next` link")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


InquiryId = Path(..., ge=1, le=MAX_ID)


def _inbox(request: HttpRequest) -> QuerySet[Inquiry]:
    """The caller's inbox; 403 for a caller without one (the partner office), as on the web."""
    if not reads_inquiries(request.user):
        raise ApiProblem(
            status=403,
            code="forbidden",
            detail=_("Anda tidak berwenang membaca permintaan pembeli."),
        )
    return inquiry_list_for_user(user=request.user).select_related(
        "product", "unit", "unit__kecamatan", "unit__owner", "order"
    )


def _order(inquiry: Inquiry) -> dict[str, Any] | None:
    try:
        order: Order = inquiry.order
    except Order.DoesNotExist:
        return None
    return {"id": order.pk, "number": order.number, "status": order.status}


def inquiry_dicts(inquiries: Iterable[Inquiry], *, contact: bool) -> list[dict[str, Any]]:
    return [
        InquiryOut.model_validate(
            {
                "id": i.pk,
                "product": {
                    "id": i.product_id,
                    "name": i.product.name,
                    "unit_of_sale": i.product.unit_of_sale,
                },
                "unit": {
                    "id": i.unit_id,
                    "business_name": i.unit.business_name,
                    "kecamatan": {"code": i.unit.kecamatan_id, "name": i.unit.kecamatan.name},
                },
                "buyer": {
                    "name": i.name if contact else None,
                    "organisation": i.organisation,
                    "country": i.country,
                    "email": i.email if contact else None,
                },
                "quantity": i.quantity,
                "message": i.message,
                "stage": i.stage,
                "stage_changed_at": i.stage_changed_at,
                "next_stages": list(NEXT_STAGES[i.stage]),
                "note": i.note,
                "order": _order(i),
                "created_at": i.created_at,
            }
        ).model_dump(mode="json")
        for i in inquiries
    ]


@router.get("/inquiries/", response={200: InquiryPage, **READ}, url_name="inquiry_list")
def inquiry_list(request: HttpRequest, query: Query[InquiryQuery]) -> HttpResponse:
    """The inquiries the caller's inbox holds, each message in full, ordered by id."""
    only_params(request, InquiryQuery)
    inquiries = _inbox(request)
    if query.stage is not None:
        inquiries = inquiries.filter(stage=query.stage)
    if query.unit is not None:
        inquiries = inquiries.filter(unit_id=query.unit)
    if query.product is not None:
        inquiries = inquiries.filter(product_id=query.product)
    contact = sees_buyer_contact(request.user)

    def serialize(rows: Iterable[Inquiry]) -> list[dict[str, Any]]:
        return inquiry_dicts(rows, contact=contact)

    body = cursor_page(
        request, inquiries, limit=query.limit, cursor=query.cursor, serialize=serialize
    )
    return json_response(request, body)


def _inquiry(request: HttpRequest, inquiry_id: int) -> Inquiry:
    inquiry = _inbox(request).filter(pk=inquiry_id).first()
    if inquiry is None:
        raise ApiProblem(status=404, code="not_found", detail=_("Permintaan tidak ditemukan."))
    return inquiry


def _detail(request: HttpRequest, inquiry: Inquiry) -> dict[str, Any]:
    return inquiry_dicts([inquiry], contact=sees_buyer_contact(request.user))[0]


@router.get(
    "/inquiries/{inquiry_id}/", response={200: InquiryOut, **READ}, url_name="inquiry_detail"
)
def inquiry_detail(request: HttpRequest, inquiry_id: int = InquiryId) -> HttpResponse:
    """An inquiry of the caller's inbox; its ETag goes back as If-Match to change the stage."""
    only_params(request)
    return json_response(request, _detail(request, _inquiry(request, inquiry_id)))


@router.patch(
    "/inquiries/{inquiry_id}/",
    response={200: InquiryOut, **WRITE},
    url_name="inquiry_update",
    openapi_extra={
        "parameters": [
            {
                "in": "header",
                "name": "If-Match",
                "required": True,
                "schema": {"type": "string", "pattern": STATE_TAG_PATTERN},
                "description": "The ETag of the inquiry as you read it.",
            }
        ]
    },
)
def inquiry_update(
    request: HttpRequest, payload: InquiryPatch, inquiry_id: int = InquiryId
) -> HttpResponse:
    """Move an inquiry to its next stage, with an optional note: the producer, officers of
    its kecamatan and admins (analysts and the cooperative read only). Moving it to
    "pesanan" opens the cooperative's order. Needs a write token and If-Match."""
    only_params(request)
    caller: Caller = request.auth  # type: ignore[attr-defined]
    require_write(caller)
    inquiry = _inquiry(request, inquiry_id)
    if not can_follow_up(request.user, inquiry.unit):
        raise ApiProblem(
            status=403,
            code="forbidden",
            detail=_(
                "Anda hanya dapat menindaklanjuti permintaan unit Anda atau kecamatan tugas Anda."
            ),
        )
    try:
        with transaction.atomic():
            Inquiry.objects.select_for_update().filter(pk=inquiry.pk).values_list("pk").get()
            current = _inquiry(request, inquiry.pk)
            require_current_tag(request, etag_for(render(_detail(request, current))))
            inquiry_stage_set(
                actor=request.user, inquiry=current, stage=payload.stage, note=payload.note
            )
    except ActionRefused as exc:
        raise ApiProblem(status=403, code="forbidden", detail=exc.message) from None
    except ValidationError as exc:
        errors = []
        for error in django_errors(exc):
            errors.append({**error, "field": f"body.{error['field'] or 'stage'}"})
        raise validation_problem(errors) from None
    return json_response(request, _detail(request, _inquiry(request, inquiry.pk)))
