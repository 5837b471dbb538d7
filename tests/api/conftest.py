"""API fixtures: the access world's three units with 2018 reports, a token per persona, and
the market's small world (`market`: Olga's bamboo unit in Pasir Ona, Omar's batik in Bayah)."""

from __future__ import annotations

from typing import Any

import pytest

from sentra.core.actors import SystemActor
from tests.market.conftest import market as market  # re-exported for the market's API tests


@pytest.fixture
def api_world(
    alice_admin: Any,
    ana_analyst: Any,
    rudi_officer_rangkasbitung: Any,
    bayu_officer_bayah: Any,
    omar_owner: Any,
    olga_owner: Any,
) -> Any:
    from sentra.registry.services import ReportData, report_record
    from tests.access.world import build_world

    world = build_world(
        {
            "admin": alice_admin,
            "analyst": ana_analyst,
            "officer_rangkasbitung": rudi_officer_rangkasbitung,
            "officer_bayah": bayu_officer_bayah,
            "owner_a": omar_owner,
            "owner_b": olga_owner,
        }
    )
    for unit in (world.unit_a_rangkasbitung, world.unit_b_rangkasbitung, world.unit_b_bayah):
        report_record(
            actor=SystemActor("test"),
            unit=unit,
            data=ReportData(year=2018, workers_male=2, workers_female=3, production_value=9),
        )
    return world


def make_token(user: Any, scope: str = "write") -> str:
    from sentra.api.services import api_token_create

    return api_token_create(actor=SystemActor("test"), user=user, name="test", scope=scope).raw


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
