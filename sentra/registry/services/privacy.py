"""Data subjects' rights under UU PDP 27/2022: access (everything held about a person),
correction requests with their legal deadline, erasure (a tombstone: units and statistics
stay), consent-based publication, the record of who saw NIK or phone, and retention."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.accounts.models import User
from sentra.core import protect
from sentra.core.actors import Actor, actor_label, actor_user_id
from sentra.core.audit import audit_record
from sentra.core.extensions import extension_callables
from sentra.core.models import AuditLog
from sentra.registry.models import (
    DataRequest,
    DataRequestKind,
    Person,
    RequestStatus,
    RevealLog,
    Unit,
    UnitStatus,
)
from sentra.registry.services.changes import registry_changed

# UU PDP 27/2022 Pasal 30 ayat (1): a controller corrects inaccurate personal data at the
# latest 3 × 24 hours after receiving the request.
CORRECTION_DEADLINE = timedelta(hours=72)
ERASED_NAME = "[dihapus]"
# How long the record of who saw a NIK or phone keeps the viewer's address.
REVEAL_LOG_RETENTION = timedelta(days=365)


def _unit_export(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.pk,
        "nama_usaha": unit.business_name,
        "nib": unit.nib,
        "kbli": unit.kbli,
        "komoditas": unit.commodity.name,
        "desa": unit.desa_id,
        "kecamatan": unit.kecamatan_id,
        "kampung": unit.kampung,
        "rt": unit.rt,
        "rw": unit.rw,
        "alamat": unit.address,
        "tahun_berdiri": unit.year_established,
        "status": unit.status,
        "sumber_data": unit.data_source,
        "laporan_tahunan": [
            {
                "tahun": r.year,
                "aktif": r.is_active,
                "tenaga_kerja_laki_laki": r.workers_male,
                "tenaga_kerja_perempuan": r.workers_female,
                "nilai_investasi": r.investment,
                "nilai_produksi": r.production_value,
                "jangkauan_pasar": r.market_reach,
                "nilai_ekspor_usd": r.export_value_usd,
                "negara_tujuan": sorted(r.export_destinations.values_list("country", flat=True)),
            }
            for r in unit.reports.order_by("year")
        ],
        "sertifikat": [
            {
                "jenis": c.kind.name,
                "nomor": c.number,
                "terbit": c.issued_on.isoformat() if c.issued_on else None,
                "berlaku_sampai": c.expires_on.isoformat() if c.expires_on else None,
                "status": c.status,
            }
            for c in unit.certificates.select_related("kind").order_by("pk")
        ],
    }


def person_export(*, actor: Actor, person: Person) -> dict[str, Any]:
    """Everything Sentra holds about a person (UU PDP access right), NIK and phone in clear
    for the person or a permitted officer. Audited."""
    units = Unit.objects.filter(owner=person).select_related("commodity").order_by("pk")
    data: dict[str, Any] = {
        "dibuat": timezone.now().isoformat(),
        "dasar": "UU 27/2022 tentang Pelindungan Data Pribadi, hak akses subjek data",
        "pelaku_usaha": {
            "id": person.pk,
            "nama": person.name,
            "nik": protect.decrypt(person.nik_encrypted) if person.nik_encrypted else "",
            "jenis_kelamin": person.sex,
            "telepon": protect.decrypt(person.phone_encrypted) if person.phone_encrypted else "",
            "persetujuan_pemrosesan": person.consent,
            "waktu_persetujuan": person.consent_at.isoformat() if person.consent_at else None,
            "sumber_data": person.data_source,
            "dicatat": person.created_at.isoformat(),
            "akun": person.account.get_username() if person.account is not None else None,
            "dihapus": person.erased_at.isoformat() if person.erased_at else None,
        },
        "unit_usaha": [_unit_export(u) for u in units],
        "yang_melihat_nik_atau_telepon": [
            {"waktu": r.at.isoformat(), "pengguna": r.user_label, "data": r.field}
            for r in RevealLog.objects.filter(person=person).order_by("at")
        ],
        "permintaan": [
            {
                "jenis": r.kind,
                "diajukan": r.created_at.isoformat(),
                "batas_waktu": r.deadline.isoformat() if r.deadline else None,
                "status": r.status,
            }
            for r in DataRequest.objects.filter(person=person).order_by("created_at")
        ],
        "riwayat_perubahan": [
            {"waktu": a.at.isoformat(), "oleh": a.actor_label, "tindakan": a.action}
            for a in AuditLog.objects.filter(
                object_type="registry.person", object_id=str(person.pk)
            ).order_by("at", "id")
        ],
    }
    for extension in extension_callables("SENTRA_PRIVACY_EXPORT_EXTENSIONS"):
        data.update(extension(person=person, units=list(units)))
    with transaction.atomic():
        audit_record(actor=actor, action="person.subject_export", obj=person)
    return data


def person_erase(*, actor: Actor, person: Person, reason: str) -> Person:
    """Replace a person's personal data with a tombstone at once. Units, yearly reports and
    statistics stay (the sex, which the women-owned counts need, stays too); the audit log
    holds personal data only masked, so it needs no change."""
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Tuliskan alasan penghapusan."), code="required")}
        )
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.erased_at is not None:
            raise ValidationError(_("Data orang ini sudah dihapus."), code="already_erased")
        account_id = person.account_id
        person.name = ERASED_NAME
        person.nik_digest = "erased:" + secrets.token_hex(28)  # unique, matches no NIK
        person.nik_encrypted = ""
        person.nik_masked = ""
        person.phone_encrypted = ""
        person.phone_masked = ""
        person.consent = False
        person.consent_at = None
        person.account = None
        person.erased_at = timezone.now()
        person.version += 1
        person.save()
        if account_id is not None:
            User.objects.filter(pk=account_id).update(
                is_active=False, first_name="", last_name="", email=""
            )
        RevealLog.objects.filter(person=person).update(client="")
        DataRequest.objects.filter(person=person).update(details="")
        audit_record(
            actor=actor,
            action="person.erase",
            obj=person,
            summary=reason.strip()[:200],
        )
        registry_changed(
            unit_ids=list(Unit.objects.filter(owner=person).values_list("pk", flat=True))
        )
    return person


def data_request_file(*, actor: Actor, person: Person, kind: str, details: str) -> DataRequest:
    """A correction request (by the person, with the legal deadline) or an erasure request
    (by an admin; another admin carries it out)."""
    user_id = actor_user_id(actor)
    if user_id is None:
        raise PermissionDenied
    if not details.strip():
        raise ValidationError(
            {"details": ValidationError(_("Tuliskan uraiannya."), code="required")}
        )
    deadline = timezone.now() + CORRECTION_DEADLINE if kind == DataRequestKind.CORRECTION else None
    with transaction.atomic():
        request = DataRequest.objects.create(
            kind=kind,
            person=person,
            requested_by_id=user_id,
            details=details.strip()[:2000],
            deadline=deadline,
        )
        audit_record(actor=actor, action=f"data_request.{kind}", obj=request, summary="filed")
    return request


def data_request_decide(
    *, actor: Actor, request: DataRequest, approve: bool, note: str = ""
) -> DataRequest:
    """Close a request. An erasure is carried out by approving it, and never by the admin
    who asked for it (maker-checker)."""
    user_id = actor_user_id(actor)
    with transaction.atomic():
        locked = DataRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.OPEN:
            raise ValidationError(_("Permintaan ini sudah diputuskan."), code="decided")
        if locked.kind == DataRequestKind.ERASURE and locked.requested_by_id == user_id:
            raise ValidationError(
                _("Penghapusan harus disetujui admin lain, bukan yang mengajukannya."),
                code="maker_checker",
            )
        if not approve and not note.strip():
            raise ValidationError(
                {"note": ValidationError(_("Tuliskan alasan penolakan."), code="required")}
            )
        if approve and locked.kind == DataRequestKind.ERASURE:
            person_erase(actor=actor, person=locked.person, reason=locked.details or "UU PDP")
        DataRequest.objects.filter(pk=locked.pk).update(
            status=RequestStatus.DONE if approve else RequestStatus.REJECTED,
            decided_by_id=user_id,
            decided_at=timezone.now(),
            note=note.strip()[:255],
        )
        audit_record(
            actor=actor,
            action=f"data_request.{'done' if approve else 'reject'}",
            obj=locked,
            summary=locked.kind,
        )
    request.refresh_from_db()
    return request


def reveal_log_record(*, actor: Actor, person: Person, field: str, client: str) -> None:
    RevealLog.objects.create(
        at=timezone.now(),
        person=person,
        user_id=actor_user_id(actor),
        user_label=actor_label(actor),
        field=field,
        client=client[:45],
    )


def reveal_logs_retention(*, now: datetime) -> dict[str, int]:
    """Reveal records older than the retention period are deleted (the audit log keeps the
    event itself, without the viewer's address)."""
    deleted, _detail = RevealLog.objects.filter(at__lt=now - REVEAL_LOG_RETENTION).delete()
    return {"reveal_logs": deleted}


def units_published() -> Any:
    """Units whose owners agreed (and did not withdraw): the only ones any publication
    names. Read at request time, so a withdrawal hides them at once."""
    return Unit.objects.filter(
        owner__consent=True, owner__erased_at__isnull=True, status=UnitStatus.ACTIVE
    )
