"""The dashboard, the public figures and the map in a real browser (headless Chromium)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from sentra.core.actors import SystemActor
from sentra.insights.aggregates import stats_ready
from sentra.insights.tilemap import LEBAK_TILES


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Indonesian, the interface's default language, for the screenshots."""
    return {**browser_context_args, "locale": "id-ID"}


def _login(page: Page, base: str, username: str) -> None:
    page.goto(base + "/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct horse 42")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _watch(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.mark.django_db(transaction=True)
def test_dashboard_and_public_page_render_charts_and_map_on_the_demo(
    page: Page, live_server: Any, alice_admin: Any, shoot: Any
) -> None:
    call_command("demo", stdout=StringIO())
    if not stats_ready():
        from sentra.insights.demo import demo_load

        demo_load(actor=SystemActor("test"), seed=2018)
    errors = _watch(page)
    page.set_viewport_size({"width": 1400, "height": 1000})
    _login(page, live_server.url, "alice")
    page.goto(live_server.url + "/dashboard/?year=2018")
    expect(page.locator(".statement")).to_contain_text("16.000 unit dari sebelumnya 15.372")
    for chart in ("chart-kecamatan", "chart-commodity", "chart-sex", "chart-rates"):
        expect(page.locator(f"#{chart}")).to_be_visible()
        assert page.evaluate(f"!!Chart.getChart(document.getElementById('{chart}'))")
    expect(page.locator("svg.tilemap g.tile")).to_have_count(28)
    expect(page.locator("#rates-panel")).to_contain_text("terlalu sedikit untuk menyimpulkan")
    shoot(page, "dashboard.png", full_page=False)
    shoot(page.locator("#map-section"), "map.png")
    page.goto(live_server.url + "/statistik/")
    expect(page.locator("svg.tilemap g.tile")).to_have_count(28)
    assert page.evaluate("!!Chart.getChart(document.getElementById('chart-kecamatan'))")
    shoot(page, "statistik.png", full_page=False)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_the_choropleth_draws_loaded_boundaries_without_tiles(
    page: Page, live_server: Any, ana_analyst: Any, tmp_path: Path
) -> None:
    from tests.insights.conftest import make_unit

    make_unit(
        "3602140101800001", "Anyaman Ona", "36.02.14.2017", "anyaman", {2018: {"workers_female": 2}}
    )
    features = [
        {
            "type": "Feature",
            "properties": {"kode": code},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [106.0 + col * 0.1, -6.3 - row * 0.1],
                        [106.1 + col * 0.1, -6.3 - row * 0.1],
                        [106.1 + col * 0.1, -6.4 - row * 0.1],
                        [106.0 + col * 0.1, -6.4 - row * 0.1],
                        [106.0 + col * 0.1, -6.3 - row * 0.1],
                    ]
                ],
            },
        }
        for code, (col, row) in LEBAK_TILES.items()
    ]
    path = tmp_path / "kotak.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    call_command("load_boundaries", str(path), stdout=StringIO())
    errors = _watch(page)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    _login(page, live_server.url, "ana")
    page.goto(live_server.url + "/dashboard/")
    expect(page.locator("#choropleth path.leaflet-interactive")).to_have_count(28)
    assert page.locator("#choropleth .leaflet-tile").count() == 0
    assert all(url.startswith(live_server.url) for url in requests)
    assert errors == []
