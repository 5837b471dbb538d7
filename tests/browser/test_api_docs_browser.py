"""The interactive API documentation in a real browser: Swagger UI from Sentra's own static
files (no CDN), listing the operations, and a call made from it with a token."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="browser suites run once, on SQLite",
)
@pytest.mark.django_db(transaction=True)
def test_the_api_docs_load_only_from_sentra_and_list_the_operations(
    page: Page, live_server: Any, alice_admin: Any
) -> None:
    origin = urlsplit(live_server.url).netloc
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + "/api/v1/docs/")
    expect(page.locator(".swagger-ui .opblock-summary-path").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/units/" in [p.replace("\u200b", "") for p in paths]
    foreign = [u for u in requested if urlsplit(u).netloc not in (origin, "")]
    assert foreign == []
    assert any("/static/ninja/swagger-ui-bundle.js" in u for u in requested)
    assert errors == []
