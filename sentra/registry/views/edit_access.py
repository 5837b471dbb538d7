"""Who may write what: one helper per object kind. Objects outside the reader's scope answer
404 (via the selectors); objects a user may see but not change answer 403."""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse

from sentra.accounts.models import Role
from sentra.accounts.scope import scope
from sentra.registry.models import Person, Unit
from sentra.registry.selectors import person_get_for_user, unit_get_for_user


class Writer(Enum):
    STAFF = "staff"  # admin, or officer of the unit's kecamatan: every field, verified
    OWNER = "owner"  # the unit's owner: business data only, back to unverified


def unit_writer(user: Any, unit: Unit) -> Writer | None:
    s = scope(user)
    if s.role == Role.ADMIN:
        return Writer.STAFF
    if s.role == Role.OFFICER and unit.kecamatan_id in s.kecamatan_codes:
        return Writer.STAFF
    if s.role == Role.OWNER and unit.owner.account_id == user.pk:
        return Writer.OWNER
    return None


def unit_for_write(user: Any, pk: int, *, staff_only: bool = False) -> tuple[Unit, Writer]:
    """The unit and how the user may change it: 404 outside scope, 403 without the right."""
    unit = unit_get_for_user(user=user, pk=pk)
    writer = unit_writer(user, unit)
    if writer is None or (staff_only and writer is not Writer.STAFF):
        raise PermissionDenied
    return unit, writer


def person_writer(user: Any, person: Person) -> Writer | None:
    """How the user may correct an owner's data: staff (admin, or officer of a kecamatan where
    the person owns a unit) every field; the owner themself only phone and consent."""
    s = scope(user)
    if s.role == Role.ADMIN:
        return Writer.STAFF
    if s.role == Role.OFFICER and s.kecamatan_codes:
        in_area = Unit.objects.filter(owner=person, kecamatan_id__in=sorted(s.kecamatan_codes))
        return Writer.STAFF if in_area.exists() else None
    if s.role == Role.OWNER and person.account_id is not None and person.account_id == user.pk:
        return Writer.OWNER
    return None


def person_for_write(user: Any, pk: int) -> tuple[Person, Writer]:
    """The person and how the user may change them: 404 outside scope, 403 without the right."""
    person = person_get_for_user(user=user, pk=pk)
    writer = person_writer(user, person)
    if writer is None:
        raise PermissionDenied
    return person, writer


def can_create_units(user: Any) -> bool:
    s = scope(user)
    return s.role == Role.ADMIN or (s.role == Role.OFFICER and bool(s.kecamatan_codes))


def can_verify(user: Any) -> bool:
    return scope(user).role in (Role.ADMIN, Role.OFFICER)


def unit_url(unit: Unit) -> str:
    """The unit page when the reading pages are installed, else its edit form."""
    try:
        return reverse("registry:unit_detail", args=[unit.pk])
    except NoReverseMatch:
        return reverse("registry:unit_edit", args=[unit.pk])
