"""Deciding on the verification queue: approve or return units (one or many), and the notices
that tell owners what was decided."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record
from sentra.registry.models import NoticeKind, OwnerNotice, Person, Unit, Verification
from sentra.registry.services.changes import registry_changed
from sentra.registry.services.units import unit_verify

REASON_MAX = 500


def _actor_label(actor: Any) -> str:
    return str(getattr(actor, "username", "") or actor or "")[:150]


def notice_send(*, actor: Any, unit: Unit, kind: str, reason: str = "") -> OwnerNotice:
    """A notice on the owner's page about one of their units (written with the decision)."""
    return OwnerNotice.objects.create(
        person_id=unit.owner_id,
        unit=unit,
        kind=kind,
        reason=reason[:REASON_MAX],
        sent_by=_actor_label(actor),
    )


def unit_return(*, actor: Any, unit: Unit, reason: str) -> Unit:
    """Send a unit's data back to its owner with a reason; the owner sees it on their page and
    their next edit puts the unit back in the queue."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Tulis alasan pengembalian agar pemilik tahu apa yang harus diperbaiki.")},
            code="reason_required",
        )
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Alasan paling banyak %(n)s karakter.") % {"n": REASON_MAX}},
            code="reason_too_long",
        )
    with transaction.atomic():
        before = unit.verification
        Unit.objects.filter(pk=unit.pk).update(
            verification=Verification.RETURNED, updated_at=timezone.now()
        )
        unit.verification = Verification.RETURNED
        audit_record(
            actor=actor,
            action="unit.return",
            obj=unit,
            summary=reason[:255],
            before={"verification": before},
            after={"verification": Verification.RETURNED},
        )
        notice_send(actor=actor, unit=unit, kind=NoticeKind.RETURNED, reason=reason)
        registry_changed(unit_ids=[unit.pk])
    return unit


def units_verify(*, actor: Any, units: Sequence[Unit]) -> int:
    """Approve several units at once (one transaction); each owner gets a notice."""
    with transaction.atomic():
        for unit in units:
            unit_verify(actor=actor, unit=unit)
            notice_send(actor=actor, unit=unit, kind=NoticeKind.VERIFIED)
    return len(units)


def units_return(*, actor: Any, units: Sequence[Unit], reason: str) -> int:
    """Return several units with the same reason (one transaction: all or none)."""
    with transaction.atomic():
        for unit in units:
            unit_return(actor=actor, unit=unit, reason=reason)
    return len(units)


def notices_mark_read(*, actor: Any, person: Person) -> int:
    """The owner has seen their notices (no audit row: reading changes no registry data)."""
    return OwnerNotice.objects.filter(person=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )
