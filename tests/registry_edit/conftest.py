"""Units for the editing tests: owner Omar's unit in Rangkasbitung, owner Olga's units in
Rangkasbitung and Bayah (the same shape as the access-matrix world)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.access.spec import World
from tests.access.world import build_world

PASSWORD = "correct horse 42"


@pytest.fixture
def world(
    alice_admin: Any,
    ana_analyst: Any,
    rudi_officer_rangkasbitung: Any,
    bayu_officer_bayah: Any,
    omar_owner: Any,
    olga_owner: Any,
    kiki_koperasi: Any,
    putri_partner: Any,
) -> World:
    return build_world(
        {
            "admin": alice_admin,
            "analyst": ana_analyst,
            "officer_rangkasbitung": rudi_officer_rangkasbitung,
            "officer_bayah": bayu_officer_bayah,
            "owner_a": omar_owner,
            "owner_b": olga_owner,
            "koperasi": kiki_koperasi,
            "partner": putri_partner,
        }
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
