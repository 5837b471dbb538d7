"""Reading accounts through the permission policy: who holds a capability (to tell them
something), without other apps knowing which roles those are."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sentra.accounts.models import Role, User
from sentra.accounts.scope import ROLE_POLICY, Area, Capability


def users_holding(capability: Capability, *, kecamatan_code: str | None = None) -> QuerySet[User]:
    """Active users whose role holds `capability`; with `kecamatan_code`, only those whose
    area covers that kecamatan through an assignment (officers of it), never the whole-office
    roles."""
    roles = [role for role, policy in ROLE_POLICY.items() if capability in policy.capabilities]
    users = User.objects.filter(is_active=True)
    if kecamatan_code is not None:
        local = [r for r in roles if ROLE_POLICY[r].area is Area.KECAMATAN]
        return users.filter(role__in=local, kecamatan__code=kecamatan_code).distinct()
    everyone = Q(role__in=roles)
    if capability in ROLE_POLICY["admin"].capabilities:
        everyone |= Q(is_superuser=True)  # a superuser counts as an admin
    return users.filter(everyone).distinct()


def users_listed(*, role: str) -> tuple[QuerySet[User], str]:
    """The user-management list, by username, filtered by `role` when it names one; returns
    the role actually applied ("" for all)."""
    users = User.objects.order_by("username").prefetch_related("kecamatan", "regions")
    if role in Role.values:
        return users.filter(role=role), role
    return users, ""


def role_choices() -> list[tuple[str, str]]:
    """The roles as (value, label) pairs, for the user list's filter."""
    return [(str(value), str(label)) for value, label in Role.choices]
