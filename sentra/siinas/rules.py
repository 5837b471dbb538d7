"""Who may do what with SIINas data: the permission policy's capabilities, combined with
the unit's kecamatan for a unit's own status."""

from __future__ import annotations

from typing import Any

from sentra.accounts.scope import Capability, scope
from sentra.registry.models import Unit


def can_record_unit(user: Any, unit: Unit) -> bool:
    """Recording a unit's SIINas status is office work: admins and officers of the unit's
    kecamatan (and the office's own commands), not owners or analysts."""
    return scope(user).may_in_kecamatan(Capability.RECORD_SIINAS, str(unit.kecamatan_id))


def can_record_any(user: Any) -> bool:
    """May the user record statuses at all (the import page, the worklist's links)?"""
    s = scope(user)
    return s.can(Capability.RECORD_SIINAS) and (s.everything or bool(s.kecamatan_codes))


def can_set_target(user: Any) -> bool:
    """The office's yearly target: the office's admins."""
    return scope(user).can(Capability.SET_SIINAS_TARGET)


def can_extract(user: Any) -> bool:
    """The extract is office work over many units, within the reader's area."""
    return scope(user).can(Capability.EXTRACT_SIINAS)
