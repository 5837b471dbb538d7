"""Upload → preview → confirm in a real browser (headless Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sentra.registry.models import Unit


@pytest.mark.django_db(transaction=True)
def test_an_officer_uploads_previews_and_confirms_an_import(
    page: Page, live_server: Any, rudi_officer_rangkasbitung: Any, messy_xlsx: Path,
    tmp_path: Path, settings: Any, shoot: Any,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + "/masuk/?next=/imports/")
    page.fill("#id_username", "rudi")
    page.fill("#id_password", "correct horse 42")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Impor unit IKM")).to_be_visible()
    page.set_input_files("#id_file", str(messy_xlsx))
    page.fill("#id_year", "2018")
    page.get_by_role("button", name="Unggah dan lihat pratinjau").click()
    expect(page.get_by_role("heading", name="Pratinjau impor")).to_be_visible()
    expect(page.locator(".report-rows")).to_contain_text("Mungkin maksud Anda Rangkasbitung?")
    expect(page.locator(".report-rows")).to_contain_text(
        "Anda tidak berwenang mengimpor data untuk Kecamatan Bayah."
    )
    shoot(page, "import-preview.png", full_page=True)
    assert Unit.objects.count() == 0
    page.get_by_role("button", name="Konfirmasi dan tulis data").click()
    expect(page.locator(".messages")).to_contain_text("Impor selesai: 2 dibuat")
    assert Unit.objects.count() == 2
    page.get_by_role("link", name="Riwayat impor").first.click()
    expect(page.locator("main table")).to_contain_text(messy_xlsx.name)
    assert errors == []
