"""Owners (pelaku usaha): NIK and phone masked; shown in clear only to a user who may reveal
them and asks (`?reveal=nik`), audited exactly like the web's "Tampilkan"."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from sentra.api.common import READ
from sentra.api.http import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, json_response, only_params
from sentra.api.problems import ApiProblem
from sentra.api.schemas import MAX_ID, OwnerOut, OwnerPage
from sentra.registry.models import Person
from sentra.registry.selectors import (
    person_can_reveal,
    person_get_for_user,
    person_list_for_user,
    unit_list_for_user,
)
from sentra.registry.services import person_reveal

router = Router(tags=["owners"])


class PageQuery(Schema):
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class RevealQuery(Schema):
    reveal: list[Literal["nik", "phone"]] = Field(
        default_factory=list, max_length=2, description="Show these fields in clear (audited)"
    )


def _people(user: Any) -> QuerySet[Person]:
    visible = unit_list_for_user(user=user).only("pk", "owner_id").order_by("pk")
    return person_list_for_user(user=user).prefetch_related(
        Prefetch("units", queryset=visible, to_attr="visible_units")
    )


def owner_dict(person: Person, clear: dict[str, str] | None = None) -> dict[str, Any]:
    clear = clear or {}
    return OwnerOut.model_validate(
        {
            "id": person.pk,
            "name": person.name,
            "sex": person.sex,
            "nik": clear.get("nik", person.nik_masked),
            "phone": clear.get("phone", person.phone_masked),
            "consent": person.consent,
            "units": [u.pk for u in person.visible_units],  # type: ignore[attr-defined]
            "revealed": sorted(clear),
        }
    ).model_dump(mode="json")


@router.get("/owners/", response={200: OwnerPage, **READ}, url_name="owner_list")
def owner_list(request: HttpRequest, page: Query[PageQuery]) -> HttpResponse:
    """Owners of the units the token's user may see; NIK and phone always masked here."""
    only_params(request, PageQuery)

    def serialize(people: Iterable[Person]) -> list[dict[str, Any]]:
        return [owner_dict(p) for p in people]

    body = cursor_page(
        request,
        _people(request.user),
        limit=page.limit,
        cursor=page.cursor,
        serialize=serialize,
    )
    return json_response(request, body)


@router.get("/owners/{owner_id}/", response={200: OwnerOut, **READ}, url_name="owner_detail")
def owner_detail(
    request: HttpRequest, query: Query[RevealQuery], owner_id: int = Path(..., ge=1, le=MAX_ID)
) -> HttpResponse:
    """An owner. `?reveal=nik` / `?reveal=phone` shows the value in clear to admins, officers
    of a kecamatan where the owner has a unit and the owner themself (audited, never cached);
    others get 403."""
    only_params(request, RevealQuery)
    try:
        person_get_for_user(user=request.user, pk=owner_id)
    except Http404:
        raise ApiProblem(
            status=404, code="not_found", detail=_("Pelaku usaha tidak ditemukan.")
        ) from None
    person = _people(request.user).get(pk=owner_id)
    fields = sorted(set(query.reveal))
    if not fields:
        return json_response(request, owner_dict(person))
    if not person_can_reveal(user=request.user, person=person):
        raise ApiProblem(
            status=403,
            code="reveal_forbidden",
            detail=_("Anda tidak berwenang melihat NIK atau telepon pelaku usaha ini."),
        )
    clear: dict[str, str] = {
        f: person_reveal(actor=request.user, person=person, field=f) for f in fields
    }
    return json_response(request, owner_dict(person, clear), private_data=True)
