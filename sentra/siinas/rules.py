"""Who may do what with SIINas data, decided from `scope(user)` and the registry's own
write rule, so that this app follows whatever the permission policy becomes."""

from __future__ import annotations

from typing import Any

from sentra.accounts.scope import scope
from sentra.registry.models import Unit
from sentra.registry.views.edit_access import Writer, unit_writer


def can_record_unit(user: Any, unit: Unit) -> bool:
    """Recording a unit's SIINas status is office work: admins and officers of the unit's
    kecamatan (the registry's staff writers), not owners or analysts. A command names
    itself with a string actor (`"sentra siinas"`) and is trusted like the programs'."""
    if isinstance(user, str):
        return True
    return unit_writer(user, unit) is Writer.STAFF


def can_record_any(user: Any) -> bool:
    """May the user record statuses at all (the import page, the worklist's links)?"""
    s = scope(user)
    return s.can_change and (s.everything or bool(s.kecamatan_codes))


def can_set_target(user: Any) -> bool:
    """The office's yearly target: whoever may change everything (the office's admins)."""
    s = scope(user)
    return s.everything and s.can_change


def can_extract(user: Any) -> bool:
    """The extract is office work over many units: users who see units by area or all."""
    s = scope(user)
    return s.everything or bool(s.kecamatan_codes)
