"""Who may do what in the programs app. Services and views ask these; nobody else decides.

An actor that is not a user (a string such as "sentra demo") is the system itself, trusted
by the commands that pass it; every user actor is checked against its role and kecamatan.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sentra.accounts.models import Role
from sentra.accounts.scope import scope
from sentra.programs.models import Participation


def is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def is_staff(user: Any) -> bool:
    """Admins, analysts and officers see programs; owners see only their own units'."""
    return scope(user).role in {Role.ADMIN, Role.ANALYST, Role.OFFICER}


def is_admin(user: Any) -> bool:
    return scope(user).role == Role.ADMIN


def target_kecamatan(participation: Participation) -> str:
    if participation.unit_id is not None and participation.unit is not None:
        return str(participation.unit.kecamatan_id)
    return str(participation.cluster.kecamatan_id) if participation.cluster else ""


def can_act_in(actor: Any, kecamatan_code: str) -> bool:
    """Propose, verify, record delivery: admins anywhere, officers in their kecamatan."""
    if not is_user(actor):
        return True
    s = scope(actor)
    if s.role == Role.ADMIN:
        return True
    return s.role == Role.OFFICER and kecamatan_code in s.kecamatan_codes


def can_propose_any(actor: Any) -> bool:
    if not is_user(actor):
        return True
    return scope(actor).role in {Role.ADMIN, Role.OFFICER}


def can_decide(actor: Any) -> bool:
    """Approve or reject: admins only."""
    return not is_user(actor) or is_admin(actor)


class ActionRefused(PermissionDenied):
    """A refused action, with a `code` that tests assert (answered 403 by views)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def require(condition: bool, message: str, code: str) -> None:
    if not condition:
        raise ActionRefused(message, code)


def require_act_in(actor: Any, kecamatan_code: str) -> None:
    require(
        can_act_in(actor, kecamatan_code),
        _("Anda hanya dapat menangani unit di kecamatan tugas Anda."),
        "outside_kecamatan",
    )
