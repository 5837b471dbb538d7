"""Who may do what in the programs app, as the permission policy (`scope`) answers it.
Services and views ask these; nobody else decides. A `SystemActor` (the demo loader, a
command) holds every capability; a plain string is not an actor."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sentra.accounts.scope import Actor, Capability, actor_user_id, scope
from sentra.programs.models import Participation


def is_user(actor: Actor | None) -> bool:
    """Is the actor a signed-in account (maker-checker compares accounts)?"""
    return actor_user_id(actor) is not None


def is_staff(user: Actor | None) -> bool:
    """Admins, analysts and officers see programs; owners see only their own units'."""
    return scope(user).can(Capability.VIEW_PROGRAMS)


def is_admin(user: Actor | None) -> bool:
    """May create and edit programs."""
    return scope(user).can(Capability.MANAGE_PROGRAMS)


def target_kecamatan(participation: Participation) -> str:
    if participation.unit_id is not None and participation.unit is not None:
        return str(participation.unit.kecamatan_id)
    return str(participation.cluster.kecamatan_id) if participation.cluster else ""


def can_act_in(actor: Actor | None, kecamatan_code: str) -> bool:
    """Propose, verify, record delivery: admins anywhere, officers in their kecamatan."""
    return scope(actor).may_in_kecamatan(Capability.RUN_PROGRAMS, kecamatan_code)


def can_propose_any(actor: Actor | None) -> bool:
    return scope(actor).can(Capability.RUN_PROGRAMS)


def can_decide(actor: Actor | None) -> bool:
    """Approve or reject: admins only."""
    return scope(actor).can(Capability.DECIDE_PROGRAMS)


class ActionRefused(PermissionDenied):
    """A refused action, with a `code` that tests assert (answered 403 by views)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def require(condition: bool, message: str, code: str) -> None:
    if not condition:
        raise ActionRefused(message, code)


def require_act_in(actor: Actor | None, kecamatan_code: str) -> None:
    require(
        can_act_in(actor, kecamatan_code),
        _("Anda hanya dapat menangani unit di kecamatan tugas Anda."),
        "outside_kecamatan",
    )
