"""Likely duplicates of a unit about to be saved: same NIB, or same owner NIK with a similar
business name. Only units in the user's scope are shown; others are only counted."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from sentra.registry.models import Person, Unit
from sentra.registry.names import business_match_name
from sentra.registry.selectors import unit_list_for_user

SIMILARITY = 0.8


def names_similar(a: str, b: str) -> bool:
    a, b = business_match_name(a), business_match_name(b)
    if not a or not b:
        return False
    return a == b or a in b or b in a or difflib.SequenceMatcher(None, a, b).ratio() >= SIMILARITY


@dataclass
class Duplicates:
    visible: list[Unit] = field(default_factory=list)
    hidden: int = 0

    def __bool__(self) -> bool:
        return bool(self.visible) or self.hidden > 0


def unit_duplicates(
    *, user: Any, business_name: str, nib: str, owner: Person | None, exclude_pk: int | None
) -> Duplicates:
    condition = Q(pk__in=[])
    if nib:
        condition |= Q(nib=nib)
    if owner is not None:
        condition |= Q(owner=owner)
    candidates = Unit.objects.filter(condition).select_related("desa", "kecamatan", "owner")
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    matches = [
        u
        for u in candidates[:200]
        if (nib and u.nib == nib) or names_similar(business_name, u.business_name)
    ]
    if not matches:
        return Duplicates()
    visible_ids = set(
        unit_list_for_user(user=user)
        .filter(pk__in=[u.pk for u in matches])
        .values_list("pk", flat=True)
    )
    return Duplicates(
        visible=[u for u in matches if u.pk in visible_ids],
        hidden=sum(1 for u in matches if u.pk not in visible_ids),
    )
