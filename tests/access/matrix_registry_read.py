"""Access to the registry's reading pages: unit list, unit page, owner page, "show NIK"."""

from __future__ import annotations

from typing import Any

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from tests.access.spec import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, World, every

# Who may see which unit: A's unit in Rangkasbitung, B's in Rangkasbitung, B's in Bayah.
SEES_A_RANGKAS = every(
    OK,
    anonymous=LOGIN,
    officer_bayah=NOT_FOUND,
    owner_b=NOT_FOUND,
    koperasi=NOT_FOUND,
    partner=NOT_FOUND,
)
SEES_B_RANGKAS = every(
    OK,
    anonymous=LOGIN,
    officer_bayah=NOT_FOUND,
    owner_a=NOT_FOUND,
    koperasi=NOT_FOUND,
    partner=NOT_FOUND,
)
SEES_B_BAYAH = every(
    OK,
    anonymous=LOGIN,
    officer_rangkasbitung=NOT_FOUND,
    owner_a=NOT_FOUND,
    koperasi=NOT_FOUND,
    partner=NOT_FOUND,
)
# Owner B has units in both kecamatan: both officers may see B.
SEES_PERSON_B = every(OK, anonymous=LOGIN, owner_a=NOT_FOUND, koperasi=NOT_FOUND, partner=NOT_FOUND)
SEES_PERSON_C = every(
    OK,
    anonymous=LOGIN,
    officer_rangkasbitung=NOT_FOUND,
    owner_a=NOT_FOUND,
    owner_b=NOT_FOUND,
    koperasi=NOT_FOUND,
    partner=NOT_FOUND,
)


def extend_world(world: World) -> None:
    """Owner C: no account, one unit in Bayah only."""
    from sentra.registry.models import Commodity
    from sentra.registry.services import PersonData, UnitData, person_register, unit_register

    person = person_register(
        actor=SystemActor("test"),
        data=PersonData(nik="3602035507790417", name="Pemilik C", phone="081234567891"),
    )
    world.extra["unit_c_bayah"] = unit_register(
        actor=SystemActor("test"),
        owner=person,
        data=UnitData(
            business_name="Gula Aren C",
            commodity=Commodity.objects.get(code="gula-aren"),
            desa_code="36.02.03.2001",
        ),
    )


def reveals(world: World) -> Any:
    return AuditLog.objects.filter(action__startswith="person.reveal").count()


def _person(w: World, which: str) -> int:
    if which == "a":
        return int(w.unit_a_rangkasbitung.owner_id)
    if which == "b":
        return int(w.unit_b_bayah.owner_id)
    return int(w.extra["unit_c_bayah"].owner_id)


def _reveal(which: str, expect: dict[str, int], field: str = "nik") -> Case:
    return Case(
        "registry:person_reveal",
        lambda w: f"/people/{_person(w, which)}/reveal/",
        expect,
        method="POST",
        data=lambda w: {"field": field},
        snapshot=reveals,
        label=f"person {which} {field}",
    )


REVEAL_A = every(
    OK,
    anonymous=LOGIN,
    analyst=FORBIDDEN,
    officer_bayah=NOT_FOUND,
    owner_b=NOT_FOUND,
    koperasi=NOT_FOUND,
    partner=NOT_FOUND,
)
REVEAL_B = every(
    OK, anonymous=LOGIN, analyst=FORBIDDEN, owner_a=NOT_FOUND, koperasi=NOT_FOUND, partner=NOT_FOUND
)
REVEAL_C = every(
    OK,
    anonymous=LOGIN,
    analyst=FORBIDDEN,
    officer_rangkasbitung=NOT_FOUND,
    owner_a=NOT_FOUND,
    owner_b=NOT_FOUND,
    koperasi=NOT_FOUND,
    partner=NOT_FOUND,
)

CASES = [
    Case(
        "registry:owner_home",
        lambda w: "/usaha-saya/",
        every(FORBIDDEN, anonymous=LOGIN, owner_a=OK, owner_b=OK),
    ),
    Case(
        "registry:owner_notices_read",
        lambda w: "/usaha-saya/pemberitahuan/",
        every(FORBIDDEN, anonymous=LOGIN, owner_a=302, owner_b=302),
        method="POST",
    ),
    Case("registry:unit_list", lambda w: "/units/", every(OK, anonymous=LOGIN)),
    Case(
        "registry:unit_list",
        lambda w: "/units/?q=anyaman&kecamatan=36.02.14&year=2018&sort=-workers&page=2",
        every(OK, anonymous=LOGIN),
        label="filtered",
    ),
    # The region filter (issue 14): a region outside the reader's area is an invalid filter
    # (an empty list with the error), never a wider one.
    Case(
        "registry:unit_list",
        lambda w: "/units/?region=36.02.03&page=2",
        every(OK, anonymous=LOGIN),
        label="region",
    ),
    Case(
        "registry:unit_detail",
        lambda w: f"/units/{w.unit_a_rangkasbitung.pk}/",
        SEES_A_RANGKAS,
        label="A rangkasbitung",
    ),
    Case(
        "registry:unit_detail",
        lambda w: f"/units/{w.unit_b_rangkasbitung.pk}/",
        SEES_B_RANGKAS,
        label="B rangkasbitung",
    ),
    Case(
        "registry:unit_detail",
        lambda w: f"/units/{w.unit_b_bayah.pk}/",
        SEES_B_BAYAH,
        label="B bayah",
    ),
    Case(
        "registry:unit_detail",
        lambda w: "/units/999999/",
        every(NOT_FOUND, anonymous=LOGIN),
        label="missing",
    ),
    Case(
        "registry:person_detail",
        lambda w: f"/people/{_person(w, 'a')}/",
        SEES_A_RANGKAS,
        label="person a",
    ),
    Case(
        "registry:person_detail",
        lambda w: f"/people/{_person(w, 'b')}/",
        SEES_PERSON_B,
        label="person b",
    ),
    Case(
        "registry:person_detail",
        lambda w: f"/people/{_person(w, 'c')}/",
        SEES_PERSON_C,
        label="person c",
    ),
    _reveal("a", REVEAL_A),
    _reveal("b", REVEAL_B),
    _reveal("c", REVEAL_C),
    _reveal("c", REVEAL_C, field="phone"),
    _reveal(
        "a",
        every(
            400,
            anonymous=LOGIN,
            analyst=FORBIDDEN,
            officer_bayah=NOT_FOUND,
            owner_b=NOT_FOUND,
            koperasi=NOT_FOUND,
            partner=NOT_FOUND,
        ),
        field="password",
    ),
    Case(
        "registry:person_reveal",
        lambda w: f"/people/{_person(w, 'a')}/reveal/?field=nik",
        every(405),
        snapshot=reveals,
        label="GET refused",
    ),
]
