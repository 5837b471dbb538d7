"""Aid handed over (with its BAST) and certificates obtained through a program."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record, snapshot
from sentra.programs.models import GRANTED_STAGES, AidItem, CertificateFacilitation, Participation
from sentra.programs.rules import can_propose_any, require, require_act_in, target_kecamatan
from sentra.registry.models import Certificate, CertificateKind
from sentra.registry.services import certificate_add


@dataclass
class AidData:
    item: str
    quantity: int
    value: int
    bast_number: str
    handed_over_on: date
    unit_of_measure: str = ""


def _require_delivery_rights(actor: Any, participation: Participation) -> None:
    require(can_propose_any(actor), _("Peran Anda tidak dapat mencatat bantuan."), "role_refused")
    require_act_in(actor, target_kecamatan(participation))
    if participation.stage not in GRANTED_STAGES:
        raise ValidationError(
            _("Bantuan hanya dicatat untuk peserta yang sudah disetujui."), code="not_approved"
        )


def aid_item_add(*, actor: Any, participation: Participation, data: AidData) -> AidItem:
    _require_delivery_rights(actor, participation)
    errors: dict[str, ValidationError] = {}
    if not data.item.strip():
        errors["item"] = ValidationError(_("Nama barang wajib diisi."), code="required")
    if data.quantity < 1:
        errors["quantity"] = ValidationError(_("Jumlah minimal 1."), code="quantity")
    if data.value < 0:
        errors["value"] = ValidationError(_("Nilai tidak boleh negatif."), code="negative")
    if not data.bast_number.strip():
        errors["bast_number"] = ValidationError(
            _("Nomor BAST (berita acara serah terima) wajib diisi."), code="bast_required"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        aid = AidItem.objects.create(
            participation=participation,
            item=data.item.strip(),
            quantity=data.quantity,
            unit_of_measure=data.unit_of_measure.strip(),
            value=data.value,
            bast_number=data.bast_number.strip(),
            handed_over_on=data.handed_over_on,
        )
        audit_record(
            actor=actor,
            action="aid.add",
            obj=aid,
            summary=f"{participation.program.code}: {aid.item} ({aid.bast_number})",
            after=snapshot(
                aid, ["participation", "item", "quantity", "value", "bast_number", "handed_over_on"]
            ),
        )
    return aid


def certificate_link(
    *, actor: Any, participation: Participation, certificate: Certificate
) -> CertificateFacilitation:
    """Record that a unit's certificate was obtained through this program."""
    _require_delivery_rights(actor, participation)
    if participation.unit_id is None or certificate.unit_id != participation.unit_id:
        raise ValidationError(
            _("Sertifikat harus milik unit peserta ini."), code="certificate_other_unit"
        )
    with transaction.atomic():
        if CertificateFacilitation.objects.filter(certificate=certificate).exists():
            raise ValidationError(
                _("Sertifikat ini sudah tercatat pada program lain."), code="certificate_linked"
            )
        link = CertificateFacilitation.objects.create(
            participation=participation, certificate=certificate
        )
        audit_record(
            actor=actor,
            action="certificate.facilitate",
            obj=link,
            summary=f"{participation.program.code}: {certificate}",
            after={"certificate": certificate.pk, "participation": participation.pk},
        )
    return link


def certificate_facilitate(
    *,
    actor: Any,
    participation: Participation,
    kind: CertificateKind,
    number: str,
    issued_on: date | None = None,
    expires_on: date | None = None,
) -> CertificateFacilitation:
    """Add the certificate to the registry (registry service) and link it to the program."""
    _require_delivery_rights(actor, participation)
    if participation.unit is None:
        raise ValidationError(
            _("Sertifikat hanya untuk peserta berupa unit."), code="certificate_other_unit"
        )
    with transaction.atomic():
        certificate = certificate_add(
            actor=actor,
            unit=participation.unit,
            kind=kind,
            number=number,
            issued_on=issued_on,
            expires_on=expires_on,
        )
        return certificate_link(actor=actor, participation=participation, certificate=certificate)
