"""The participation workflow: propose → verify → approve/reject → attended/received →
completed, with maker-checker and the same-kind-twice-a-year override."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record
from sentra.programs.eligibility import unit_candidates
from sentra.programs.models import (
    GRANTED_STAGES,
    Participation,
    Program,
    ProgramStatus,
    Stage,
)
from sentra.programs.rules import (
    can_decide,
    can_propose_any,
    is_user,
    require,
    require_act_in,
    target_kecamatan,
)
from sentra.registry.models import (
    Certificate,
    CertificateStatus,
    Cluster,
    Unit,
    YearlyReport,
)

CLOSED = (ProgramStatus.DONE, ProgramStatus.CANCELLED)


def _user_or_none(actor: Any) -> Any:
    return actor if is_user(actor) else None


def _stage_error(participation: Participation, allowed: tuple[str, ...]) -> ValidationError:
    return ValidationError(
        _("Tahap %(stage)s tidak dapat diubah dengan tindakan ini."),
        code="stage_invalid",
        params={"stage": participation.get_stage_display()},
    )


def _same_kind_same_year(program: Program, unit: Unit | None, cluster: Cluster | None) -> list[str]:
    others = (
        Participation.objects.filter(
            program__kind=program.kind, program__fiscal_year=program.fiscal_year
        )
        .exclude(program=program)
        .exclude(stage=Stage.REJECTED)
    )
    others = others.filter(unit=unit) if unit is not None else others.filter(cluster=cluster)
    return sorted(others.values_list("program__code", flat=True))


def participation_propose(
    *,
    actor: Any,
    program: Program,
    unit: Unit | None = None,
    cluster: Cluster | None = None,
    override_reason: str = "",
) -> Participation:
    """Propose a unit (or a group) for a program. Officers only in their kecamatan. A unit
    that already has the same kind of program this year needs an override reason."""
    if (unit is None) == (cluster is None):
        raise ValueError("give exactly one of unit or cluster")
    require(
        can_propose_any(actor), _("Peran Anda tidak dapat mengusulkan peserta."), "role_refused"
    )
    kecamatan = str(unit.kecamatan_id if unit is not None else cluster.kecamatan_id)  # type: ignore[union-attr]
    require_act_in(actor, kecamatan)
    if program.status in CLOSED:
        raise ValidationError(
            _("Program sudah selesai atau batal; tidak menerima usulan."), code="program_closed"
        )
    override_reason = override_reason.strip()
    with transaction.atomic():
        existing = Participation.objects.filter(program=program, unit=unit, cluster=cluster)
        if existing.exists():
            raise ValidationError(_("Sudah diusulkan pada program ini."), code="already_proposed")
        others = _same_kind_same_year(program, unit, cluster)
        if others and not override_reason:
            raise ValidationError(
                _(
                    "Sudah menerima %(kind)s tahun %(year)s (%(codes)s); isi alasan "
                    "pengecualian untuk mengusulkan lagi."
                ),
                code="same_kind_same_year",
                params={
                    "kind": program.get_kind_display().lower(),
                    "year": program.fiscal_year,
                    "codes": ", ".join(others),
                },
            )
        eligibility: dict[str, Any] = {}
        if unit is not None:
            found = unit_candidates(program=program, units=Unit.objects.filter(pk=unit.pk))
            eligibility = found[0].as_json() if found else {}
        participation = Participation.objects.create(
            program=program,
            unit=unit,
            cluster=cluster,
            stage=Stage.PROPOSED,
            proposed_by=_user_or_none(actor),
            proposed_at=timezone.now(),
            eligibility=eligibility,
            override_reason=override_reason if others else "",
        )
        after: dict[str, Any] = {
            "stage": Stage.PROPOSED.value,
            "program": program.code,
            "eligible": eligibility.get("eligible"),
        }
        summary = f"{program.code}: {participation.target_name}"
        if others:
            after["override_reason"] = override_reason
            after["same_kind_same_year"] = others
            summary = f"{summary} (override: {override_reason})"
        audit_record(
            actor=actor,
            action="participation.propose",
            obj=participation,
            summary=summary,
            after=after,
        )
    return participation


def _transition(
    *,
    actor: Any,
    participation: Participation,
    allowed: tuple[str, ...],
    to: str,
    action: str,
    fields: dict[str, Any],
    note: str = "",
) -> Participation:
    with transaction.atomic():
        # Re-read under the transaction so that two clicks never move a stage twice.
        current = Participation.objects.select_for_update().get(pk=participation.pk)
        if current.stage not in allowed:
            raise _stage_error(current, allowed)
        before = {"stage": current.stage}
        current.stage = to
        for key, value in fields.items():
            setattr(current, key, value)
        current.save()
        audit_record(
            actor=actor,
            action=f"participation.{action}",
            obj=current,
            summary=f"{current.program.code}: {current.target_name}"
            + (f" — {note}" if note else ""),
            before=before,
            after={"stage": to, **({"note": note} if note else {})},
        )
    participation.refresh_from_db()
    return participation


def participation_verify(*, actor: Any, participation: Participation) -> Participation:
    require(
        can_propose_any(actor), _("Peran Anda tidak dapat memverifikasi usulan."), "role_refused"
    )
    require_act_in(actor, target_kecamatan(participation))
    return _transition(
        actor=actor,
        participation=participation,
        allowed=(Stage.PROPOSED,),
        to=Stage.VERIFIED,
        action="verify",
        fields={"verified_by": _user_or_none(actor)},
    )


def _require_checker(actor: Any, participation: Participation) -> None:
    require(can_decide(actor), _("Hanya admin yang dapat memutuskan usulan."), "admin_only")
    if is_user(actor):
        require(
            participation.proposed_by_id != actor.pk,
            _("Pengusul tidak boleh menyetujui atau menolak usulannya sendiri."),
            "maker_checker",
        )


def participation_approve(
    *, actor: Any, participation: Participation, note: str = ""
) -> Participation:
    """Approve a verified proposal (admin, not the proposer); freezes the baseline."""
    _require_checker(actor, participation)
    program = participation.program
    if program.quota:
        granted = program.participations.filter(stage__in=GRANTED_STAGES).count()
        if granted >= program.quota:
            raise ValidationError(
                _("Kuota program (%(quota)s) sudah penuh."),
                code="quota_full",
                params={"quota": program.quota},
            )
    return _transition(
        actor=actor,
        participation=participation,
        allowed=(Stage.VERIFIED,),
        to=Stage.APPROVED,
        action="approve",
        fields={
            "approved_by": _user_or_none(actor),
            "decided_at": timezone.now(),
            "baseline": participation_baseline(participation=participation),
            "decision_note": note,
        },
        note=note,
    )


def participation_reject(*, actor: Any, participation: Participation, note: str) -> Participation:
    _require_checker(actor, participation)
    if not note.strip():
        raise ValidationError(_("Tuliskan alasan penolakan."), code="note_required")
    return _transition(
        actor=actor,
        participation=participation,
        allowed=(Stage.PROPOSED, Stage.VERIFIED),
        to=Stage.REJECTED,
        action="reject",
        fields={
            "approved_by": _user_or_none(actor),
            "decided_at": timezone.now(),
            "decision_note": note.strip(),
        },
        note=note.strip(),
    )


def participation_deliver(
    *, actor: Any, participation: Participation, on: date | None = None
) -> Participation:
    """Mark an approved participant as attended (training, trips...) or received (aid)."""
    require_act_in(actor, target_kecamatan(participation))
    require(can_propose_any(actor), _("Peran Anda tidak dapat mencatat kehadiran."), "role_refused")
    return _transition(
        actor=actor,
        participation=participation,
        allowed=(Stage.APPROVED,),
        to=participation.program.delivered_stage,
        action="deliver",
        fields={"delivered_on": on or participation.program.starts_on or timezone.localdate()},
    )


def participation_complete(*, actor: Any, participation: Participation) -> Participation:
    require_act_in(actor, target_kecamatan(participation))
    require(
        can_propose_any(actor), _("Peran Anda tidak dapat menyelesaikan peserta."), "role_refused"
    )
    return _transition(
        actor=actor,
        participation=participation,
        allowed=(Stage.ATTENDED, Stage.RECEIVED),
        to=Stage.COMPLETED,
        action="complete",
        fields={},
    )


def participation_baseline(*, participation: Participation) -> dict[str, Any]:
    """Workers, production value, status and certificates as known at approval: the unit's
    latest active yearly report up to the program year (a group: the sum of its members)."""
    year = participation.program.fiscal_year
    if participation.unit_id is not None:
        unit_ids = [participation.unit_id]
        status = participation.unit.status if participation.unit else ""
    else:
        unit_ids = list(
            Unit.objects.filter(cluster=participation.cluster).values_list("pk", flat=True)
        )
        status = ""
    latest: dict[int, YearlyReport] = {}
    for report in YearlyReport.objects.filter(
        unit_id__in=unit_ids, year__lte=year, is_active=True
    ).order_by("year"):
        latest[report.unit_id] = report
    certificates = sorted(
        set(
            Certificate.objects.filter(
                unit_id__in=unit_ids, status=CertificateStatus.ACTIVE
            ).values_list("kind__code", flat=True)
        )
    )
    baseline: dict[str, Any] = {
        "year": max((r.year for r in latest.values()), default=None),
        "workers": sum(r.workers for r in latest.values()),
        "production_value": sum(r.production_value for r in latest.values()),
        "status": status,
        "certificates": certificates,
    }
    if participation.cluster_id is not None:
        baseline["members"] = len(unit_ids)
    return baseline


def participation_spent(*, participation: Participation) -> int:
    total: int = participation.aid_items.aggregate(v=Sum("value", default=0))["v"]
    return total
