"""Schemathesis against the live app: every operation of the OpenAPI document the app
serves, with valid and invalid inputs, answers as documented and never with a server error.

Runs once, on SQLite only (the schema-fuzz suite is bounded and not repeated per engine).
Hypothesis drives Schemathesis' strategies directly, one bounded run per operation and
generation mode, because Schemathesis' lazy pytest loader does not work with pytest 9.2."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from sentra.core.actors import SystemActor
from tests.api.conftest import make_token

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the schema-fuzz suite runs once, on SQLite",
)
MAX_EXAMPLES = 25  # per operation and generation mode


def _fuzz(operation: Any, mode: Any, headers: dict[str, str], calls: dict[str, int]) -> None:
    label = f"{operation.method.upper()} {operation.path} {mode.value}"
    # "Valid data is accepted" cannot hold for three kinds of input a static schema allows:
    # the unit list's and the catalog's filters take values from reference data (commodity,
    # kecamatan, a year with reports...), so a well-formed unknown value answers 422 naming
    # the filter; a write's body is checked against reference data and content rules (a
    # commodity code, a real country, an e-mail address, no HTML) the schema cannot spell;
    # and a write's well-formed If-Match that names a stale version answers 412, by design.
    reference_filters = operation.path in ("/api/v1/units/", "/api/v1/products/")
    excluded = [positive_data_acceptance] if reference_filters or operation.method != "get" else []

    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        calls[label] = calls.get(label, 0) + 1
        # A cursor is opaque and signed: only the `next` links the API made are accepted.
        made_up_cursor = bool(case.query and "cursor" in case.query)
        skip = [positive_data_acceptance] if made_up_cursor else list(excluded)
        # A query parameter whose generated value is None never leaves the client (requests
        # drops it), so the "extra parameter" Schemathesis believes it sent was not sent.
        if any(value is None for value in (case.query or {}).values()):
            skip.append(negative_data_rejection)
        case.call_and_validate(headers=headers, excluded_checks=skip)

    run()


def _a_small_market(world: Any) -> None:
    """Owner A's unit in the catalog with a product and a buyer's inquiry, so that the market's
    operations meet real records too (small ids are among the first a fuzzer tries)."""
    from sentra.market.services import catalog
    from sentra.market.services.inquiries import InquiryData, inquiry_submit
    from sentra.registry.models import Commodity
    from sentra.registry.services import PersonUpdateData, person_update

    unit = world.unit_a_rangkasbitung
    owner = unit.owner
    person_update(
        actor=SystemActor("test"),
        person=owner,
        data=PersonUpdateData(name=owner.name, sex=owner.sex, consent=True),
    )
    catalog.consent_give(actor=SystemActor("test"), unit=unit)
    product = catalog.product_create(
        actor=SystemActor("test"),
        unit=unit,
        data=catalog.ProductData(
            name="Kursi Bambu", commodity_id=Commodity.objects.get(code="mebel").pk, price_min=1
        ),
        publish=True,
    )
    inquiry_submit(
        product=product,
        data=InquiryData(
            name="Lena", country="DE", email="lena@example.org", quantity=2, message="Angebot?"
        ),
    )


def test_every_operation_answers_as_documented_for_valid_and_invalid_input(
    live_server: Any, transactional_db: Any, api_world: Any, settings: Any, capsys: Any
) -> None:
    settings.SENTRA_API_RATE_LIMIT = 100_000  # fuzzing is not what the limit is for
    _a_small_market(api_world)
    token = make_token(api_world.users["admin"], scope="write")
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {token}"}
    calls: dict[str, int] = {}
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 24  # the market's eleven included
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, headers, calls)
    with capsys.disabled():
        print(
            f"\nschemathesis: {sum(calls.values())} calls over {len(operations)} operations "
            f"in {time.monotonic() - started:.1f} s"
        )
