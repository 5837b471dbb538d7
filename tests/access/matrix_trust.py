"""Access to the trust pages: requests waiting for an admin (units for owners outside an
officer's area, data-subject requests) and the privacy actions on a person's page."""

from __future__ import annotations

from typing import Any

from sentra.accounts.models import LoginThrottle
from sentra.registry.models import DataRequest, UnitRequest
from sentra.registry.services import UnitData
from sentra.registry.services.privacy import data_request_file
from sentra.registry.services.requests import unit_request_create
from tests.access.spec import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, World, every

ADMIN_ONLY = every(FORBIDDEN, anonymous=LOGIN, admin=OK)


def extend_world(world: World) -> None:
    LoginThrottle.objects.create(
        username=world.users["officer_bayah"].username, client="10.0.0.1", failures=7
    )
    world.extra["correction"] = data_request_file(
        actor=world.users["owner_a"],
        person=world.unit_a_rangkasbitung.owner,
        kind="perbaikan",
        details="Jenis kelamin saya salah",
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


def _omar(w: World) -> Any:
    return w.unit_a_rangkasbitung.owner


# The person's data export: the person, admins, officers of a kecamatan where they have a unit.
EXPORT = {
    "anonymous": LOGIN,
    "admin": OK,
    "analyst": FORBIDDEN,
    "officer_rangkasbitung": OK,
    "officer_bayah": NOT_FOUND,
    "owner_a": OK,
    "owner_b": NOT_FOUND,
    "koperasi": NOT_FOUND,
    "partner": NOT_FOUND,
}


def _data_requests(w: World) -> Any:
    return list(DataRequest.objects.order_by("pk").values())


CASES: list[Case] = [
    Case(
        "registry:request_list",
        lambda w: "/permintaan/",
        every(FORBIDDEN, anonymous=LOGIN, admin=OK, officer_rangkasbitung=OK, officer_bayah=OK),
    ),
    Case("registry:person_export", lambda w: f"/people/{_omar(w).pk}/data-pribadi.json", EXPORT),
    Case("registry:person_export_pdf", lambda w: f"/people/{_omar(w).pk}/data-pribadi.pdf", EXPORT),
    Case(
        "registry:person_request",
        lambda w: f"/people/{_omar(w).pk}/permintaan/",
        # Corrections: only the person themself files one.
        every(
            FORBIDDEN,
            anonymous=LOGIN,
            officer_bayah=NOT_FOUND,
            owner_a=302,
            owner_b=NOT_FOUND,
            koperasi=NOT_FOUND,
            partner=NOT_FOUND,
        ),
        method="POST",
        data=lambda w: {"kind": "perbaikan", "details": "Nama saya salah eja"},
        snapshot=_data_requests,
        label="correction",
    ),
    Case(
        "registry:person_request",
        lambda w: f"/people/{_omar(w).pk}/permintaan/",
        every(
            FORBIDDEN,
            anonymous=LOGIN,
            admin=302,
            officer_bayah=NOT_FOUND,
            owner_b=NOT_FOUND,
            koperasi=NOT_FOUND,
            partner=NOT_FOUND,
        ),
        method="POST",
        data=lambda w: {"kind": "penghapusan", "details": "pemilik meminta"},
        snapshot=_data_requests,
        label="erasure",
    ),
    Case(
        "registry:data_request_detail",
        lambda w: f"/permintaan/data/{w.extra['correction'].pk}/",
        every(NOT_FOUND, anonymous=LOGIN, admin=OK, officer_rangkasbitung=OK),
    ),
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
