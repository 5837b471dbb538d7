"""In-app notifications: who is told about a unit's market events, and marking them read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from sentra.accounts.models import User
from sentra.accounts.scope import Capability
from sentra.accounts.selectors import users_holding
from sentra.market.models import Notification
from sentra.registry.models import Unit


def officers_of(kecamatan_code: str) -> list[User]:
    """The office's people working in a kecamatan (who follow up its market events)."""
    return list(
        users_holding(Capability.MANAGE_PRODUCTS, kecamatan_code=kecamatan_code).order_by("pk")
    )


def owner_account(unit: Unit) -> User | None:
    account_id = unit.owner.account_id
    if account_id is None:
        return None
    return User.objects.filter(pk=account_id, is_active=True).first()


def link_to(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def notify(*, recipients: Iterable[User | None], text: str, link: str = "") -> int:
    """One notification per distinct recipient; runs in the caller's transaction."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, text=text[:255], link=link[:200]))
    Notification.objects.bulk_create(rows)
    return len(rows)


def notify_unit_staff(
    *,
    unit: Unit,
    text: str,
    link_name: str,
    link_args: tuple[Any, ...] = (),
    exclude: Any = None,
    owner: bool = True,
    staff: bool = True,
) -> int:
    """Tell the unit's owner (if they have an account) and the officers of its kecamatan,
    except the person who acted."""
    recipients: list[User | None] = []
    if owner:
        recipients.append(owner_account(unit))
    if staff:
        recipients.extend(officers_of(str(unit.kecamatan_id)))
    skip = getattr(exclude, "pk", None)
    return notify(
        recipients=[u for u in recipients if u is not None and u.pk != skip],
        text=text,
        link=link_to(link_name, *link_args),
    )


def notifications_mark_read(*, actor: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications read (all of them without `ids`)."""
    with transaction.atomic():
        rows = Notification.objects.filter(recipient=actor, read_at__isnull=True)
        if ids is not None:
            rows = rows.filter(pk__in=list(ids))
        return rows.update(read_at=timezone.now())
