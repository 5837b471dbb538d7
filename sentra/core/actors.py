"""Who acts: a user (signed in or anonymous) or the office's own commands (`SystemActor`).

Kept in core so that the audit log can name actors; the permission policy that decides what
each actor may do lives in `sentra.accounts.scope`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser


@dataclass(frozen=True)
class SystemActor:
    """The office itself, acting through a command on its own server (`sentra import-units`
    without `--as`, the demo loader, scheduled jobs). Its label names the command in the
    audit log. It is trusted because whoever runs it already holds the database and keys;
    a plain string is never an actor."""

    label: str

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise ValueError("A system actor needs a label (the command that acts).")

    def __str__(self) -> str:
        return self.label


# Who can act: a user (as Django's request gives it, signed in or not) or the system.
Actor: TypeAlias = AbstractBaseUser | AnonymousUser | SystemActor


def actor_label(actor: Actor | None) -> str:
    """How an actor is named in the audit log and in import runs."""
    if isinstance(actor, SystemActor):
        return actor.label
    if isinstance(actor, AbstractBaseUser) and actor.is_authenticated:
        return str(actor.get_username())
    if isinstance(actor, AnonymousUser) or actor is None:
        return "anonim"
    # Not an actor (the type checker refuses this): named, but trusted with nothing.
    return str(actor)


def actor_user_id(actor: Actor | None) -> int | None:
    """The account id behind an actor, if any."""
    if isinstance(actor, AbstractBaseUser) and actor.is_authenticated:
        return int(actor.pk)
    return None
