"""The programs' bulk writer: many programs and their participants in one transaction with
one summarising audit row (the scale demo uses it, as the market's demo uses the market's)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sentra.core.audit import audit_record
from sentra.programs.models import Participation, Program

BATCH = 1000


def programs_bulk_load(
    *, actor: Any, programs: list[Program], participations: list[Participation], summary: str
) -> dict[str, int]:
    """Write unsaved programs and the participations that refer to them. Returns counts."""
    with transaction.atomic():
        Program.objects.bulk_create(programs, batch_size=BATCH)
        for participation in participations:
            participation.program_id = participation.program.pk
        Participation.objects.bulk_create(participations, batch_size=BATCH)
        counts = {"programs": len(programs), "participations": len(participations)}
        audit_record(
            actor=actor,
            action="program.bulk_load",
            object_type="programs.program",
            summary=summary[:255],
            after=counts,
        )
    return counts


def programs_bulk_delete(*, actor: Any, code_prefix: str, summary: str) -> dict[str, int]:
    """Delete demo programs whose code starts with `code_prefix`, with their participants."""
    with transaction.atomic():
        programs = Program.objects.filter(is_demo=True, code__startswith=code_prefix)
        counts = {
            "participations": Participation.objects.filter(program__in=programs).delete()[0],
            "programs": programs.delete()[0],
        }
        audit_record(
            actor=actor,
            action="program.bulk_delete",
            object_type="programs.program",
            summary=summary[:255],
            before=counts,
        )
    return counts
