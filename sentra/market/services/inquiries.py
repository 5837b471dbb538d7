"""Buyers' inquiries: receiving them (duplicates suppressed) and following them up through
the stages baru → dihubungi → penawaran → pesanan → selesai / batal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import protect
from sentra.core.audit import audit_record
from sentra.market.models import NEXT_STAGES, Inquiry, InquiryStage, Product
from sentra.market.rules import can_follow_up, require
from sentra.market.services.notices import notify_unit_staff
from sentra.market.services.orders import order_cancel_for_inquiry, order_open
from sentra.market.validators import country_validate, reject_html

DUPLICATE_WINDOW = timedelta(days=1)


@dataclass
class InquiryData:
    name: str
    country: str
    email: str
    quantity: int
    message: str
    organisation: str = ""


@dataclass(frozen=True)
class InquiryResult:
    inquiry: Inquiry
    duplicate: bool  # the same inquiry arrived earlier; nothing was stored this time


def _labels() -> dict[str, str]:
    return {
        "name": _("Nama"),
        "organisation": _("Organisasi"),
        "email": _("Surel"),
        "message": _("Pesan"),
    }


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def inquiry_fingerprint(*, product: Product, email: str, message: str) -> str:
    return protect.digest(f"inquiry:{product.pk}:{email.strip().lower()}:{_normalised(message)}")


def inquiry_submit(
    *, product: Product, data: InquiryData, at: datetime | None = None
) -> InquiryResult:
    """Store a buyer's inquiry and tell the producer and the office. The same e-mail sending
    the same message about the same product within a day is not stored twice."""
    data.name = data.name.strip()
    data.organisation = data.organisation.strip()
    data.email = data.email.strip()
    data.message = data.message.strip()
    reject_html(
        {
            "name": data.name,
            "organisation": data.organisation,
            "email": data.email,
            "message": data.message,
        },
        _labels(),
    )
    data.country = country_validate(data.country)
    if data.quantity < 1:
        raise ValidationError(
            {"quantity": ValidationError(_("Jumlah paling sedikit 1."), code="quantity")}
        )
    now = at or timezone.now()
    fingerprint = inquiry_fingerprint(product=product, email=data.email, message=data.message)
    with transaction.atomic():
        earlier = (
            Inquiry.objects.filter(fingerprint=fingerprint, created_at__gte=now - DUPLICATE_WINDOW)
            .order_by("created_at")
            .first()
        )
        if earlier is not None:
            return InquiryResult(inquiry=earlier, duplicate=True)
        inquiry = Inquiry.objects.create(
            product=product,
            unit_id=product.unit_id,
            name=data.name,
            organisation=data.organisation,
            country=data.country,
            email=data.email,
            quantity=data.quantity,
            message=data.message,
            fingerprint=fingerprint,
            stage_changed_at=now,
        )
        if at is not None:  # the demo dates its inquiries in 2017–2018
            Inquiry.objects.filter(pk=inquiry.pk).update(created_at=at, updated_at=at)
            inquiry.created_at = at
        # Who sent it is personal data: the audit row carries the country and quantity only.
        audit_record(
            actor=AnonymousUser(),  # a buyer without an account
            action="market.inquiry_receive",
            obj=inquiry,
            summary=f"product {product.pk} from {data.country}",
            after={"product": product.pk, "country": data.country, "quantity": data.quantity},
        )
        notify_unit_staff(
            unit=product.unit,
            text=_("Permintaan baru dari pembeli (%(country)s) untuk %(product)s")
            % {"country": data.country, "product": product.name},
            link_name="market:inquiry_list",
        )
    return InquiryResult(inquiry=inquiry, duplicate=False)


def inquiry_stage_set(
    *, actor: Any, inquiry: Inquiry, stage: str, note: str = "", at: datetime | None = None
) -> Inquiry:
    """Move an inquiry on. Moving it to "pesanan" opens the cooperative's order."""
    require(
        can_follow_up(actor, inquiry.unit),
        _("Anda hanya dapat menindaklanjuti permintaan unit Anda atau kecamatan tugas Anda."),
        "outside_scope",
    )
    note = note.strip()
    reject_html({"note": note}, {"note": _("Catatan")})
    with transaction.atomic():
        current = Inquiry.objects.select_for_update().select_related("unit").get(pk=inquiry.pk)
        _stage_check(current, stage)
        before = {"stage": current.stage}
        current.stage = stage
        current.stage_changed_at = at or timezone.now()
        if note:
            current.note = note[:255]
        current.save(update_fields=["stage", "stage_changed_at", "note", "updated_at"])
        audit_record(
            actor=actor,
            action="market.inquiry_stage",
            obj=current,
            summary=f"{before['stage']} → {stage}" + (f": {note}" if note else ""),
            before=before,
            after={"stage": stage},
        )
        if stage == InquiryStage.ORDERED:
            order_open(actor=actor, inquiry=current, on=(at or timezone.now()).date())
        elif stage == InquiryStage.CANCELLED:
            order_cancel_for_inquiry(actor=actor, inquiry=current)
    inquiry.refresh_from_db()
    return inquiry


def _stage_check(inquiry: Inquiry, stage: str) -> None:
    if stage not in InquiryStage.values:
        raise ValidationError(_("Tahap tidak dikenal."), code="stage_unknown")
    if stage not in NEXT_STAGES[inquiry.stage]:
        raise ValidationError(
            _("Permintaan pada tahap %(from)s tidak dapat dipindah ke %(to)s."),
            code="stage_invalid",
            params={
                "from": inquiry.get_stage_display(),
                "to": InquiryStage(stage).label,
            },
        )
