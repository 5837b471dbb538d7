"""The objects every access case can refer to."""

from __future__ import annotations

from typing import Any

from sentra.core.actors import SystemActor
from sentra.registry.models import Commodity
from sentra.registry.services import (
    PersonData,
    UnitData,
    person_link_account,
    person_register,
    unit_register,
)
from tests.access.spec import World


def _unit(owner_user: Any, nik: str, name: str, desa: str) -> Any:
    from sentra.registry.services import person_find_by_nik

    person = person_find_by_nik(nik=nik) or person_register(
        actor=SystemActor("test"), data=PersonData(nik=nik, name=f"Pemilik {owner_user.username}")
    )
    if person.account_id is None:
        person_link_account(actor=SystemActor("test"), person=person, user=owner_user)
    return unit_register(
        actor=SystemActor("test"),
        owner=person,
        data=UnitData(
            business_name=name,
            commodity=Commodity.objects.get(code="anyaman"),
            desa_code=desa,
        ),
    )


def build_world(users: dict[str, Any]) -> World:
    return World(
        users=users,
        unit_a_rangkasbitung=_unit(
            users["owner_a"], "3602140101800001", "Anyaman Omar", "36.02.14.2017"
        ),
        unit_b_rangkasbitung=_unit(
            users["owner_b"], "3602144202850002", "Anyaman Olga", "36.02.14.1002"
        ),
        unit_b_bayah=_unit(
            users["owner_b"], "3602144202850002", "Bilik Olga Bayah", "36.02.03.2001"
        ),
    )
