"""Per persona (admin, analyst, officer, owner, public) at 1366 px and 390 px in headless
Chromium: every link of the main menu answers 200 for that role (issue 13, item 1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser

from sentra.core.actors import SystemActor
from sentra.registry.services import ReportData, report_record

PERSONAS = ("admin", "analyst", "officer_rangkasbitung", "owner_a", "public")
WIDTHS = (1366, 390)


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "id-ID"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_menu_link_answers_200_for_the_persona(
    browser: Browser,
    live_server: Any,
    alice_admin: Any,
    ana_analyst: Any,
    rudi_officer_rangkasbitung: Any,
    bayu_officer_bayah: Any,
    omar_owner: Any,
    olga_owner: Any,
    persona: str,
    width: int,
) -> None:
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
    for unit in (world.unit_a_rangkasbitung, world.unit_b_bayah):
        report_record(
            actor=SystemActor("test"), unit=unit, data=ReportData(year=2018, workers_male=2)
        )
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
    if persona != "public":
        client = Client()
        client.force_login(world.users[persona])
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    page = context.new_page()
    page.goto(live_server.url + "/")
    links = page.eval_on_selector_all(
        "header nav a", "els => els.map(a => [a.textContent.trim(), a.getAttribute('href')])"
    )
    assert len(links) >= 4
    answers = {}
    for label, href in links:
        response = page.goto(live_server.url + href)
        assert response is not None
        answers[label] = (response.status, response.headers.get("content-type", ""))
    context.close()
    failures = {k: v for k, v in answers.items() if v[0] != 200 or "text/html" not in v[1]}
    assert failures == {}
