"""Access to the trust pages: requests waiting for an admin (units for owners outside an
officer's area, data-subject requests) and the privacy actions on a person's page."""

from __future__ import annotations

from typing import Any

from sentra.accounts.models import LoginThrottle
from sentra.registry.models import UnitRequest
from sentra.registry.services import UnitData
from sentra.registry.services.requests import unit_request_create
from tests.access.spec import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, World, every

ADMIN_ONLY = every(FORBIDDEN, anonymous=LOGIN, admin=OK)


def extend_world(world: World) -> None:
    LoginThrottle.objects.create(
        username=world.users["officer_bayah"].username, client="10.0.0.1", failures=7
    )
    bayah_unit = world.unit_b_bayah
    world.extra["unit_request"] = unit_request_create(
        actor=world.users["officer_rangkasbitung"],
        person=bayah_unit.owner,
        data=UnitData(
            business_name="Permintaan Matriks",
            commodity=bayah_unit.commodity,
            desa_code="36.02.14.2017",
        ),
        owner_name_given="Olga",
    )


def _throttles(w: World) -> Any:
    return list(LoginThrottle.objects.order_by("pk").values())


def _requests(w: World) -> Any:
    return list(UnitRequest.objects.order_by("pk").values())


CASES: list[Case] = [
    Case("registry:request_list", lambda w: "/permintaan/", ADMIN_ONLY),
    Case(
        "registry:unit_request_detail",
        lambda w: f"/permintaan/unit/{w.extra['unit_request'].pk}/",
        ADMIN_ONLY,
    ),
    Case(
        "registry:unit_request_detail",
        lambda w: f"/permintaan/unit/{w.extra['unit_request'].pk}/",
        # Rejecting without a note comes back with the error (200) and changes nothing.
        ADMIN_ONLY,
        method="POST",
        data=lambda w: {"action": "reject", "note": ""},
        snapshot=_requests,
        label="reject without note",
    ),
    Case(
        "accounts:user_unlock",
        lambda w: f"/pengguna/{w.users['officer_bayah'].pk}/buka-kunci/",
        every(FORBIDDEN, anonymous=LOGIN, admin=302),
        method="POST",
        snapshot=_throttles,
    ),
    Case(
        "registry:unit_request_detail",
        lambda w: "/permintaan/unit/999999/",
        every(FORBIDDEN, anonymous=LOGIN, admin=NOT_FOUND),
        label="missing",
    ),
]
