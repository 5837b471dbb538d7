"""The public home page in a real browser (headless Chromium)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.test_stats import small_registry  # noqa: F401  (fixture)


@pytest.mark.django_db(transaction=True)
def test_home_page_renders_the_statement_without_console_errors(
    page: Page,
    live_server: Any,
    small_registry: None,  # noqa: F811
) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + "/")
    expect(page.locator(".statement")).to_contain_text("Jumlah industri kecil tercatat 2 unit")
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert errors == []
