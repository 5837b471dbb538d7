"""Who may write what: one helper per object kind, each asking the permission policy.
Objects outside the reader's scope answer 404 (via the selectors); objects a user may see but
not change answer 403."""

from __future__ import annotations

from enum import Enum

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse

from sentra.accounts.scope import Actor, Capability, scope
from sentra.registry.models import Person, Unit
from sentra.registry.selectors import person_get_for_user, unit_get_for_user


class Writer(Enum):
    STAFF = "staff"  # admin, or officer of the unit's kecamatan: every field, verified
    OWNER = "owner"  # the unit's owner: business data only, back to unverified


def unit_writer(user: Actor | None, unit: Unit) -> Writer | None:
    s = scope(user)
    if s.may_in_kecamatan(Capability.CHANGE_UNITS, unit.kecamatan_id):
        return Writer.STAFF
    owns = s.owner_user_id is not None and unit.owner.account_id == s.owner_user_id
    if owns and s.can(Capability.EDIT_OWN_UNITS):
        return Writer.OWNER
    return None


def unit_for_write(user: Actor | None, pk: int, *, staff_only: bool = False) -> tuple[Unit, Writer]:
    """The unit and how the user may change it: 404 outside scope, 403 without the right."""
    unit = unit_get_for_user(user=user, pk=pk)
    writer = unit_writer(user, unit)
    if writer is None or (staff_only and writer is not Writer.STAFF):
        raise PermissionDenied
    return unit, writer


def person_writer(user: Actor | None, person: Person) -> Writer | None:
    """How the user may correct an owner's data: staff (admin, or officer of a kecamatan where
    the person owns a unit, at the time of the request) every field; the owner themself only
    phone and consent."""
    s = scope(user)
    if s.can(Capability.CORRECT_PERSONS):
        if s.everything:
            return Writer.STAFF
        if s.kecamatan_codes:
            in_area = Unit.objects.filter(owner=person, kecamatan_id__in=sorted(s.kecamatan_codes))
            if in_area.exists():
                return Writer.STAFF
    owns = s.owner_user_id is not None and person.account_id == s.owner_user_id
    if owns and s.can(Capability.EDIT_OWN_PERSON):
        return Writer.OWNER
    return None


def person_for_write(user: Actor | None, pk: int) -> tuple[Person, Writer]:
    """The person and how the user may change them: 404 outside scope, 403 without the right."""
    person = person_get_for_user(user=user, pk=pk)
    writer = person_writer(user, person)
    if writer is None:
        raise PermissionDenied
    return person, writer


def can_create_units(user: Actor | None) -> bool:
    return scope(user).can(Capability.CREATE_UNITS)


def can_verify(user: Actor | None) -> bool:
    return scope(user).can(Capability.VERIFY_UNITS)


def unit_url(unit: Unit) -> str:
    """The unit page when the reading pages are installed, else its edit form."""
    try:
        return reverse("registry:unit_detail", args=[unit.pk])
    except NoReverseMatch:
        return reverse("registry:unit_edit", args=[unit.pk])
