"""Every persona's main pages on the Lebak demo, in headless Chromium at 1366 px and 390 px:
no page scrolls sideways, the Content-Security-Policy is never violated, nothing logs an
error, and axe-core (vendored, see tests/browser/vendor/axe-core/) finds no serious or
critical accessibility violation."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

PASSWORD = "uji-layar-2026-panjang"
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
WIDTHS = (1366, 390)
WATCH = """
window.__problems = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__problems.push("CSP " + e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def _pages(ids: dict[str, int]) -> dict[str | None, list[str]]:
    unit, program = ids["unit"], ids["program"]
    return {
        None: ["/", "/statistik/", "/data-terbuka/", "/masuk/"],
        "admin": [
            "/units/",
            f"/units/{unit}/",
            "/dashboard/",
            "/verifikasi/",
            "/program/",
            f"/program/{program}/",
            f"/program/{program}/kandidat/",
            f"/program/{program}/peserta/",
            "/program/laporan/",
            "/imports/",
            "/pengguna/",
        ],
        "analis": ["/units/", "/dashboard/", f"/program/{program}/kandidat/?show=all"],
        "petugas.rangkasbitung": ["/units/", "/verifikasi/", "/dashboard/", "/imports/"],
        "pemilik.pasirona": ["/usaha-saya/", f"/units/{ids['own_unit']}/"],
    }


def _login(page: Page, base: str, username: str | None) -> None:
    page.context.clear_cookies()
    if username is None:
        return
    page.goto(base + "/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/masuk/" not in page.url, f"{username} could not log in"


def _axe(page: Page) -> list[str]:
    if not page.evaluate("!!window.axe"):
        page.evaluate(AXE)
    assert page.evaluate("typeof window.axe.run") == "function"
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"
    )
    return list(result)


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "id-ID"}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_personas_main_pages_fit_the_screen_obey_the_csp_and_pass_axe(
    page: Page, live_server: Any, monkeypatch: Any, shoot: Any
) -> None:
    from sentra.programs.models import Program
    from sentra.registry.models import Unit

    monkeypatch.setenv("SENTRA_DEMO_PASSWORD", PASSWORD)
    call_command("demo", stdout=StringIO())
    ids = {
        "unit": Unit.objects.filter(kampung__icontains="Pasir Ona").order_by("pk").first().pk,
        "own_unit": Unit.objects.get(owner__account__username="pemilik.pasirona").pk,
        "program": Program.objects.get(code="BP-AREN-2018").pk,
    }
    problems: list[str] = []
    page.add_init_script(WATCH)
    page.on(
        "console",
        lambda msg: problems.append(f"console {msg.text}") if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: problems.append(f"pageerror {exc}"))
    base = live_server.url
    for username, paths in _pages(ids).items():
        _login(page, base, username)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                response = page.goto(base + path)
                assert response is not None and response.status == 200, (username, path)
                page.wait_for_load_state("load")
                where = f"{username or 'publik'} {width}px {path}"
                scroll, view = page.evaluate(
                    "[document.documentElement.scrollWidth, window.innerWidth]"
                )
                assert scroll <= view, f"{where}: page is {scroll}px wide in a {view}px window"
                for problem in page.evaluate("window.__problems"):
                    problems.append(f"{where}: {problem}")
                for violation in _axe(page):
                    problems.append(f"{where}: axe {violation}")
                name = path.strip("/").replace("/", "-").split("?")[0] or "beranda"
                shoot(page, f"{username or 'publik'}-{width}-{name}.png", full_page=False)
    assert problems == []
