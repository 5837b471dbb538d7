"""Upload → preview → confirm in a real browser (headless Chromium), with a real background
worker; the progress page's bar moves while the import runs and Batalkan stops it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from sentra.exchange.models import ImportRun, RunStatus
from sentra.registry.models import Unit
from tests.exchange.jobs import units_csv, worker_process

JOB = 60_000  # ms: a state reached by a background job, waited for (never a fixed sleep)


def _sign_in(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/masuk/?next=/imports/")
    page.fill("#id_username", "rudi")
    page.fill("#id_password", "correct horse 42")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Impor unit IKM")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_an_officer_uploads_previews_and_confirms_an_import(
    page: Page, live_server: Any, rudi_officer_rangkasbitung: Any, messy_xlsx: Path,
    tmp_path: Path, settings: Any, shoot: Any,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    with worker_process(settings.MEDIA_ROOT):
        _sign_in(page, live_server)
        page.set_input_files("#id_file", str(messy_xlsx))
        page.fill("#id_year", "2018")
        page.get_by_role("button", name="Unggah dan lihat pratinjau").click()
        expect(page.get_by_role("heading", name="Pratinjau impor")).to_be_visible(timeout=JOB)
        expect(page.locator(".report-rows")).to_contain_text("Mungkin maksud Anda Rangkasbitung?")
        expect(page.locator(".report-rows")).to_contain_text(
            "Anda tidak berwenang mengimpor data untuk Kecamatan Bayah."
        )
        shoot(page, "import-preview.png", full_page=True)
        assert Unit.objects.count() == 0
        page.get_by_role("button", name="Konfirmasi dan tulis data").click()
        # Three rows create (row 11 adds the product "anyaman" to row 6's new unit, issue 10).
        expect(page.locator(".messages")).to_contain_text("Impor selesai: 3 dibuat", timeout=JOB)
    expect(page.get_by_role("heading", name="Hasil impor")).to_be_visible()
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
    expect(page.get_by_role("heading", name="Pemetaan kolom")).to_be_visible(timeout=JOB)


@pytest.mark.django_db(transaction=True)
def test_an_admin_re_maps_a_column_saves_the_mapping_and_it_returns_for_the_same_headers(
    page: Page, live_server: Any, alice_admin: Any, tmp_path: Path, settings: Any, shoot: Any
) -> None:
    from sentra.exchange.models import ColumnProfile

    settings.MEDIA_ROOT = tmp_path / "media"
    with worker_process(settings.MEDIA_ROOT):
        _remap_save_and_reuse(page, live_server, tmp_path, shoot)
    assert ColumnProfile.objects.get().name == "Rekap kecamatan"
    assert Unit.objects.get(business_name="Anyaman Pasir Ona").address == "kirim lewat Jakarta"


def _remap_save_and_reuse(page: Page, live_server: Any, tmp_path: Path, shoot: Any) -> None:
    from tests.exchange.files import xlsx
    from tests.exchange.test_column_mapping import HANDMADE, ROWS

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
    # The file is read again with the new mapping (a background preview).
    expect(table.locator("tr", has_text="Catatan Petugas")).to_contain_text(
        "dipetakan", timeout=JOB
    )
    page.get_by_role("button", name="Konfirmasi dan tulis data").click()
    expect(page.locator(".messages")).to_contain_text("Impor selesai: 2 dibuat", timeout=JOB)
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
    with worker_process(settings.MEDIA_ROOT):
        _login(page, live_server, "alice")
        _upload(page, files[source](), "2021" if source == "oss" else "")
        expect(page.locator(".column-mapping")).to_contain_text(f"Jenis berkas: {source}.")
        shoot(page, f"import-{source}.png", full_page=True)
        page.get_by_role("button", name="Konfirmasi dan tulis data").click()
        expect(page.locator(".messages")).to_contain_text("Impor selesai", timeout=JOB)
    assert Unit.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_progress_bar_moves_while_the_import_runs_and_batalkan_stops_it(
    page: Page, live_server: Any, rudi_officer_rangkasbitung: Any, tmp_path: Path,
    settings: Any, shoot: Any,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _sign_in(page, live_server)
    page.set_input_files("#id_file", str(units_csv(tmp_path / "unit-besar.csv", 1500)))
    page.fill("#id_year", "2018")
    page.get_by_role("button", name="Unggah dan lihat pratinjau").click()
    # No worker yet: the import waits in the queue, the bar at 0.
    bar = page.locator("#import-progress progress")
    stage = page.locator("#import-progress [data-field=stage]")
    expect(stage).to_have_text("Menunggu pekerja latar")
    expect(bar).to_have_js_property("value", 0)
    page.evaluate("window.sentraSamePage = true")  # gone if the page were reloaded
    gate = tmp_path / "gate"
    with worker_process(settings.MEDIA_ROOT, gate=gate):
        # The worker checks every row, then waits at the gate: the bar moved in place.
        expect(stage).to_have_text("Mencocokkan baris dengan data terdaftar", timeout=JOB)
        expect(bar).to_have_js_property("value", 50)
        expect(page.locator("[data-field=read]")).to_have_text("Baris diperiksa: 1.500 dari 1.500")
        assert page.evaluate("window.sentraSamePage") is True
        shoot(page, "import-progress.png", full_page=True)
        page.get_by_role("button", name="Batalkan").click()
        expect(stage).to_have_text("Membatalkan…")
        expect(page.locator("[data-field=note]")).to_have_text(
            "Pembatalan diminta; impor berhenti di titik pemeriksaan berikutnya."
        )
        expect(page.get_by_role("button", name="Batalkan")).to_be_disabled()
        gate.touch()  # the import reaches its next checkpoint and stops there
        expect(page.locator(".messages")).to_contain_text(
            "Impor dibatalkan; tidak ada data yang ditulis.", timeout=JOB
        )
    expect(page.locator("main")).to_contain_text("Dibatalkan")
    run = ImportRun.objects.get()
    assert (run.status, run.stored_name) == (RunStatus.CANCELLED, "")
    assert Unit.objects.count() == 0
    assert errors == []


@pytest.mark.sqlite_only
@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_progress_page_refreshes_itself_to_the_preview(
    browser: Any, live_server: Any, rudi_officer_rangkasbitung: Any, tmp_path: Path,
    settings: Any,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _sign_in(page, live_server)
    page.set_input_files("#id_file", str(units_csv(tmp_path / "unit.csv", 5)))
    page.fill("#id_year", "2018")
    page.get_by_role("button", name="Unggah dan lihat pratinjau").click()
    expect(page.locator("#import-progress [data-field=stage]")).to_have_text(
        "Menunggu pekerja latar"
    )
    expect(page.get_by_role("link", name="Muat ulang")).to_be_visible()
    with worker_process(settings.MEDIA_ROOT):
        expect(page.get_by_role("heading", name="Pratinjau impor")).to_be_visible(timeout=JOB)
    context.close()
