"""The registry's reading side in a real browser (headless Chromium): an analyst logs in,
searches a unit, opens its page and sees the trend charts drawn without console errors."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.registry_web.data import build_registry


@pytest.mark.django_db(transaction=True)
def test_an_analyst_searches_a_unit_and_reads_its_page_with_charts(
    page: Page, live_server: Any, reference: None, ana_analyst: Any, shoot: Any
) -> None:
    registry = build_registry()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_viewport_size({"width": 1200, "height": 900})
    page.set_extra_http_headers({"Accept-Language": "id-ID,id;q=0.9"})

    page.goto(live_server.url + "/units/")
    expect(page).to_have_url(live_server.url + "/masuk/?next=/units/")
    page.get_by_label("Nama pengguna").fill("ana")
    page.get_by_label("Kata sandi").fill("correct horse 42")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Unit IKM")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("4 unit ditemukan")

    search = page.get_by_role("searchbox", name="Cari")
    search.fill("cv bambu")
    search.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("1 unit ditemukan")
    expect(page.locator("table.units")).to_contain_text("240.000.000")  # Indonesian digits
    shoot(page, "unit-list.png", full_page=True)

    page.get_by_role("link", name="CV. Bambu Pasir Ona").click()
    expect(page).to_have_url(f"{live_server.url}/units/{registry.bambu.pk}/")
    expect(page.get_by_role("heading", name="CV. Bambu Pasir Ona", exact=True)).to_be_visible()
    for chart in ("chart-workers", "chart-production"):
        expect(page.locator(f"#{chart}")).to_be_visible()
        # Wait for the chart itself, not the canvas: on a busy machine Chart.js may still be
        # loading when the canvas is already there ("Chart is not defined").
        page.wait_for_function(
            "id => window.Chart && Chart.getChart(document.getElementById(id))", arg=chart
        )
    assert page.evaluate("Chart.getChart('chart-workers').data.datasets[0].data") == [5, 7]
    box = page.locator("#chart-workers").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    shoot(page, "unit-detail.png", full_page=True)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_the_unit_list_is_usable_on_a_phone_and_by_keyboard(
    page: Page, live_server: Any, reference: None, ana_analyst: Any, client: Any, shoot: Any
) -> None:
    build_registry()
    client.force_login(ana_analyst)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page.set_viewport_size({"width": 375, "height": 740})
    page.set_extra_http_headers({"Accept-Language": "id-ID,id;q=0.9"})
    page.goto(live_server.url + "/units/")
    shoot(page, "unit-list-mobile.png")
    # The page never scrolls sideways: on a phone each unit is a card whose fields carry
    # their column's name.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.locator("table.units.cards")).to_have_count(1)
    first = page.locator("table.units tbody tr").first
    assert first.evaluate("e => getComputedStyle(e).display") == "block"
    expect(first.locator('td[data-label="Komoditas"]')).to_have_count(1)
    # Keyboard: the search box is reachable and submits with Enter.
    page.get_by_role("searchbox", name="Cari").focus()
    page.keyboard.type("gula")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("1 unit ditemukan")
    page.get_by_role("link", name="Gula Aren Bayah").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Gula Aren Bayah", exact=True)).to_be_visible()
