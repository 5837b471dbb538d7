"""Units for owners outside an officer's area: the officer's entry waits as a `UnitRequest`
until an admin confirms it (the unit is registered then) or rejects it.

Why: a unit links its owner's data to the officer's kecamatan, so registering a unit for
any NIK would let an officer reach (and reveal) a person whose units all lie elsewhere.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.accounts.models import User
from sentra.core.actors import Actor
from sentra.core.audit import audit_record
from sentra.regions.models import Region, RegionLevel
from sentra.registry.models import (
    Commodity,
    LegalForm,
    Person,
    RequestStatus,
    Unit,
    UnitRequest,
)
from sentra.registry.services.units import UnitData, unit_register, unit_verify

# An officer may have this many requests waiting: each tells them a NIK exists outside
# their area, so an unbounded number would make the form an oracle again.
OPEN_REQUESTS_PER_OFFICER = 5


def _data_json(data: UnitData) -> dict[str, Any]:
    return {
        "business_name": data.business_name,
        "commodity": data.commodity.code,
        "desa_code": data.desa_code,
        "nib": data.nib,
        "kbli": data.kbli,
        "legal_form": data.legal_form.code if data.legal_form else "",
        "kampung": data.kampung,
        "rt": data.rt,
        "rw": data.rw,
        "address": data.address,
        "year_established": data.year_established,
        "status": data.status,
        "data_source": data.data_source,
    }


def unit_request_data(request: UnitRequest) -> UnitData:
    """The unit data an officer entered, as the registry services take it."""
    d = request.unit_data
    legal_form = LegalForm.objects.filter(code=d["legal_form"]).first() if d["legal_form"] else None
    return UnitData(
        business_name=d["business_name"],
        commodity=Commodity.objects.get(code=d["commodity"]),
        desa_code=d["desa_code"],
        nib=d["nib"],
        kbli=d["kbli"],
        legal_form=legal_form,
        kampung=d["kampung"],
        rt=d["rt"],
        rw=d["rw"],
        address=d["address"],
        year_established=d["year_established"],
        status=d["status"],
        data_source=d["data_source"],
    )


def unit_request_open_count(*, user: User) -> int:
    return UnitRequest.objects.filter(requested_by=user, status=RequestStatus.OPEN).count()


def unit_request_create(
    *, actor: User, person: Person, data: UnitData, owner_name_given: str
) -> UnitRequest:
    """Record an officer's unit for a person outside their area, for an admin to confirm."""
    if unit_request_open_count(user=actor) >= OPEN_REQUESTS_PER_OFFICER:
        raise ValidationError(
            _(
                "Anda sudah mempunyai %(n)s permintaan yang menunggu konfirmasi admin. Tunggu "
                "sampai admin memutuskannya."
            ),
            code="too_many_requests",
            params={"n": OPEN_REQUESTS_PER_OFFICER},
        )
    desa = Region.objects.filter(code=data.desa_code, level=RegionLevel.VILLAGE).first()
    if desa is None or desa.parent is None:
        raise ValidationError(
            {"desa": ValidationError(_("Desa/kelurahan tidak dikenal."), code="desa_unknown")}
        )
    with transaction.atomic():
        request = UnitRequest.objects.create(
            requested_by=actor,
            person=person,
            kecamatan=desa.parent,
            unit_data=_data_json(data),
            owner_name_given=owner_name_given.strip()[:150],
        )
        audit_record(
            actor=actor,
            action="unit_request.create",
            obj=request,
            summary=f"unit {data.business_name[:100]} for person {person.pk}",
        )
    return request


def unit_request_approve(*, actor: Actor, request: UnitRequest) -> Unit:
    """Register the requested unit for the person (verified: an officer entered it)."""
    with transaction.atomic():
        locked = UnitRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.OPEN:
            raise ValidationError(_("Permintaan ini sudah diputuskan."), code="decided")
        unit = unit_register(actor=actor, owner=locked.person, data=unit_request_data(locked))
        unit = unit_verify(actor=actor, unit=unit)
        UnitRequest.objects.filter(pk=locked.pk).update(
            status=RequestStatus.DONE,
            decided_by=actor if isinstance(actor, User) else None,
            decided_at=timezone.now(),
            unit=unit,
        )
        audit_record(
            actor=actor,
            action="unit_request.approve",
            obj=locked,
            summary=f"unit {unit.pk} registered",
        )
    request.refresh_from_db()
    return unit


def unit_request_reject(*, actor: Actor, request: UnitRequest, note: str) -> UnitRequest:
    if not note.strip():
        raise ValidationError(
            {"note": ValidationError(_("Tuliskan alasan penolakan."), code="required")}
        )
    with transaction.atomic():
        updated = UnitRequest.objects.filter(pk=request.pk, status=RequestStatus.OPEN).update(
            status=RequestStatus.REJECTED,
            decided_by=actor if isinstance(actor, User) else None,
            decided_at=timezone.now(),
            note=note.strip()[:255],
        )
        if not updated:
            raise ValidationError(_("Permintaan ini sudah diputuskan."), code="decided")
        audit_record(actor=actor, action="unit_request.reject", obj=request, summary="rejected")
    request.refresh_from_db()
    return request


__all__ = [
    "OPEN_REQUESTS_PER_OFFICER",
    "unit_request_approve",
    "unit_request_create",
    "unit_request_data",
    "unit_request_open_count",
    "unit_request_reject",
]
