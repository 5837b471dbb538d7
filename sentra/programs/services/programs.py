"""Creating and editing programs (admins only)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record, diff, snapshot
from sentra.programs.criteria import criteria_validate
from sentra.programs.models import Program, ProgramStatus
from sentra.programs.rules import can_decide, require

PROGRAM_AUDIT_FIELDS = [
    "kind",
    "name",
    "code",
    "fiscal_year",
    "funding_source",
    "budget_ceiling",
    "realised_spending",
    "quota",
    "starts_on",
    "ends_on",
    "place",
    "partners",
    "target_kind",
    "criteria",
    "status",
    "description",
]


@dataclass
class ProgramData:
    kind: str
    name: str
    code: str
    fiscal_year: int
    funding_source: str
    budget_ceiling: int = 0
    realised_spending: int = 0
    quota: int = 0
    starts_on: date | None = None
    ends_on: date | None = None
    place: str = ""
    partners: str = ""
    target_kind: str = "unit"
    criteria: dict[str, Any] = field(default_factory=dict)
    status: str = ProgramStatus.PLANNED
    description: str = ""


def _program_fields(data: ProgramData, instance: Program | None) -> dict[str, Any]:
    values = asdict(data)
    values["name"] = data.name.strip()
    values["code"] = data.code.strip()
    values["criteria"] = criteria_validate(data.criteria)
    program = Program(**values)
    if instance is not None:
        program.pk = instance.pk
        program._state.adding = False  # so that the unique check skips the row itself
    errors: dict[str, list[ValidationError]] = {}
    if data.realised_spending > data.budget_ceiling:
        errors["realised_spending"] = [
            ValidationError(_("Realisasi anggaran tidak boleh melebihi pagu."), code="over_budget")
        ]
    try:
        program.full_clean(exclude=["is_demo"])
    except ValidationError as exc:
        for key, messages in exc.error_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return values


def program_create(*, actor: Any, data: ProgramData, is_demo: bool = False) -> Program:
    require(can_decide(actor), _("Hanya admin yang dapat membuat program."), "admin_only")
    values = _program_fields(data, None)
    with transaction.atomic():
        program = Program.objects.create(is_demo=is_demo, **values)
        audit_record(
            actor=actor,
            action="program.create",
            obj=program,
            summary=program.code,
            after=snapshot(program, PROGRAM_AUDIT_FIELDS),
        )
    return program


def program_update(*, actor: Any, program: Program, data: ProgramData) -> Program:
    require(can_decide(actor), _("Hanya admin yang dapat mengubah program."), "admin_only")
    values = _program_fields(data, program)
    with transaction.atomic():
        before = snapshot(program, PROGRAM_AUDIT_FIELDS)
        for key, value in values.items():
            setattr(program, key, value)
        program.save()
        changed_before, changed_after = diff(before, snapshot(program, PROGRAM_AUDIT_FIELDS))
        audit_record(
            actor=actor,
            action="program.update",
            obj=program,
            summary=program.code,
            before=changed_before,
            after=changed_after,
        )
    return program


def program_data_of(program: Program) -> ProgramData:
    """The editable fields of a program, e.g. to change one field in a script."""
    return ProgramData(**{name: getattr(program, name) for name in PROGRAM_AUDIT_FIELDS})
