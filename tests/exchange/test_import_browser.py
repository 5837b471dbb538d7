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
    # Three rows create (row 11 adds the product "anyaman" to row 6's new unit, issue 10).
    expect(page.locator(".messages")).to_contain_text("Impor selesai: 3 dibuat")
    assert Unit.objects.count() == 2
    page.get_by_role("link", name="Riwayat impor").first.click()
    expect(page.locator("main table")).to_contain_text(messy_xlsx.name)
    assert errors == []


def _login(page: Page, live_server: Any, username: str) -> None:
    page.goto(live_server.url + "/masuk/?next=/imports/")
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse 42")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Impor unit IKM")).to_be_visible()


def _upload(page: Page, path: Path, year: str = "") -> None:
    page.set_input_files("#id_file", str(path))
    if year:
        page.fill("#id_year", year)
    page.get_by_role("button", name="Unggah dan lihat pratinjau").click()
    expect(page.get_by_role("heading", name="Pemetaan kolom")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_an_admin_re_maps_a_column_saves_the_mapping_and_it_returns_for_the_same_headers(
    page: Page, live_server: Any, alice_admin: Any, tmp_path: Path, settings: Any, shoot: Any
) -> None:
    from sentra.exchange.models import ColumnProfile
    from tests.exchange.files import xlsx
    from tests.exchange.test_column_mapping import HANDMADE, ROWS

    settings.MEDIA_ROOT = tmp_path / "media"
    _login(page, live_server, "alice")
    _upload(page, xlsx(tmp_path / "rekap-januari.xlsx", [HANDMADE, *ROWS]), "2018")
    table = page.locator(".mapping-table")
    expect(table.locator("tr", has_text="No. KTP (NIK)")).to_contain_text("mirip (")
    expect(table.locator("tr", has_text="Catatan Petugas")).to_contain_text("tidak dikenal")
    shoot(page, "import-mapping.png", full_page=True)
    row = table.locator("tr", has_text="Catatan Petugas")
    row.get_by_role("combobox").select_option("address")
    page.fill("#id_save_as", "Rekap kecamatan")
    page.get_by_role("button", name="Terapkan pemetaan").click()
    expect(page.locator(".messages")).to_contain_text("Pemetaan disimpan sebagai profil")
    expect(table.locator("tr", has_text="Catatan Petugas")).to_contain_text("dipetakan")
    assert ColumnProfile.objects.get().name == "Rekap kecamatan"
    page.get_by_role("button", name="Konfirmasi dan tulis data").click()
    expect(page.locator(".messages")).to_contain_text("Impor selesai: 2 dibuat")
    assert Unit.objects.get(business_name="Anyaman Pasir Ona").address == "kirim lewat Jakarta"
    page.goto(live_server.url + "/imports/")
    _upload(page, xlsx(tmp_path / "rekap-februari.xlsx", [HANDMADE, *ROWS]), "2018")
    expect(page.locator(".column-mapping")).to_contain_text(
        "Profil tersimpan “Rekap kecamatan” dipakai."
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("source", ["oss", "siinas", "kobo"])
def test_each_source_layout_is_recognised_in_the_preview(
    page: Page, live_server: Any, alice_admin: Any, tmp_path: Path, settings: Any, shoot: Any,
    source: str,
) -> None:  # fmt: skip
    from tests.exchange.sources import kobo_file, oss_file, oss_units, siinas_sheet

    settings.MEDIA_ROOT = tmp_path / "media"
    files = {
        "oss": lambda: oss_file(tmp_path / "Data NIB OSS.xlsx", oss_units(2, 4)),
        "siinas": lambda: siinas_sheet(tmp_path / "Laporan IK 2018.xlsx")[0],
        "kobo": lambda: kobo_file(tmp_path / "Pendataan IKM Kobo.xlsx", codes=True),
    }
    _login(page, live_server, "alice")
    _upload(page, files[source](), "2021" if source == "oss" else "")
    expect(page.locator(".column-mapping")).to_contain_text(f"Jenis berkas: {source}.")
    shoot(page, f"import-{source}.png", full_page=True)
    page.get_by_role("button", name="Konfirmasi dan tulis data").click()
    expect(page.locator(".messages")).to_contain_text("Impor selesai")
    assert Unit.objects.exists()
