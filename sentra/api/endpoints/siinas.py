"""Each unit's SIINas status for a year (sudah/belum lapor, nomor bukti, tanggal)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from sentra.api.common import READ
from sentra.api.http import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, json_response, only_params
from sentra.api.schemas import SiinasOut, SiinasPage
from sentra.registry.models import Unit
from sentra.registry.selectors import report_latest_year
from sentra.siinas.selectors import siinas_units

router = Router(tags=["siinas"])


class SiinasQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2100, description="Default: the latest with data")
    status: Literal["sudah", "belum"] | None = Field(None, description="sudah or belum lapor")
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


@router.get("/siinas/", response={200: SiinasPage, **READ}, url_name="siinas_list")
def siinas_list(request: HttpRequest, query: Query[SiinasQuery]) -> HttpResponse:
    """Units of the year (an active yearly report) that the token's user may see, with their
    SIINas status."""
    only_params(request, SiinasQuery)
    year = query.year or report_latest_year() or timezone.localdate().year
    units = siinas_units(user=request.user, year=year, status=query.status or "")

    def serialize(rows: Iterable[Unit]) -> list[dict[str, Any]]:
        return [
            SiinasOut.model_validate(
                {
                    "unit_id": u.pk,
                    "unit_code": u.code,
                    "business_name": u.business_name,
                    "kecamatan": u.kecamatan.name,
                    "year": year,
                    "reported": u.siinas_reported,  # type: ignore[attr-defined]
                    "receipt_number": u.siinas_receipt or "",  # type: ignore[attr-defined]
                    "reported_on": u.siinas_date,  # type: ignore[attr-defined]
                }
            ).model_dump(mode="json")
            for u in rows
        ]

    body = cursor_page(request, units, limit=query.limit, cursor=query.cursor, serialize=serialize)
    return json_response(request, body)
