"""The market's whole story on a phone (390 px wide), in a real browser: a buyer finds a bamboo
chair and sends an inquiry, the producer reads it, the office moves it to an order, the
cooperative records the payment and the payout (maker and checker), the officer accepts the
export figure, and the unit's yearly figures follow. Runs once, on SQLite."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from playwright.sync_api import Page, expect

from tests.market.conftest import market  # noqa: F401 - the small market, as a fixture

PASSWORD = "correct horse 42"
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="browser suites run once, on SQLite"
)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "id-ID", "viewport": PHONE}


def _login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk").click()


@pytest.mark.django_db(transaction=True)
def test_a_buyer_inquiry_becomes_a_paid_order_and_the_units_figures_follow(
    page: Page,
    live_server: Any,
    market: Any,  # noqa: F811
) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    base = live_server.url
    page.set_viewport_size(PHONE)

    # A buyer in Britain, on a phone, finds a bamboo chair.
    page.goto(base + "/katalog/")
    page.get_by_label("Cari produk").fill("kursi bambu")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_role("status")).to_contain_text("1 produk")
    page.get_by_role("link", name="Kursi Bambu Santai").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.locator(".price-big")).to_contain_text("Rp 550.000")
    page.get_by_label("Nama", exact=True).fill("Oliver Bennett")
    page.get_by_label("Organisasi / perusahaan").fill("Bennett Home Ltd")
    page.get_by_label("Negara").select_option("GB")
    page.get_by_label("Surel").fill("oliver@bennett-home.example")
    page.get_by_label("Jumlah").fill("20")
    page.get_by_label("Pesan").fill("Please quote twenty chairs, FOB Jakarta.")
    page.get_by_role("button", name="Kirim permintaan").click()
    expect(page.locator(".messages")).to_contain_text("permintaan Anda terkirim")
    assert "?" not in page.url

    # The producer reads it in full and answers.
    _login(page, base, "olga")
    page.goto(base + "/pasar/permintaan/")
    card = page.locator("article.inquiry").first
    expect(card).to_contain_text("Please quote twenty chairs, FOB Jakarta.")
    expect(card).to_contain_text("oliver@bennett-home.example")
    card.get_by_label("Tahap berikutnya").select_option("dihubungi")
    card.get_by_role("button", name="Pindahkan").click()
    expect(page.locator(".messages")).to_contain_text("Dihubungi")

    # The office moves it to an order for the cooperative.
    _login(page, base, "rudi")
    page.goto(base + "/pasar/permintaan/")
    card = page.locator("article.inquiry").first
    card.get_by_label("Tahap berikutnya").select_option("pesanan")
    card.get_by_role("button", name="Pindahkan").click()
    order_link = page.locator("article.inquiry").first.get_by_role("link", name="Pesanan")
    expect(order_link).to_be_visible()

    # The cooperative records the order, the payment and proposes the payout (maker) ...
    _login(page, base, "kiki")
    page.goto(base + "/pasar/pesanan/")
    page.locator("table a").first.click()
    page.get_by_label("Tanggal pesanan").fill("2018-06-05")
    page.get_by_label("Nilai ekspor (USD)").fill("800")
    page.get_by_role("button", name="Simpan rincian").click()
    page.get_by_role("button", name="Konfirmasi pesanan").click()
    expect(page.locator(".messages")).to_contain_text("Pesanan dikonfirmasi")
    page.get_by_label("Tanggal diterima").fill("2018-06-10")
    page.get_by_role("button", name="Catat pembayaran").click()
    expect(page.locator(".messages")).to_contain_text("Pembayaran dicatat")
    page.get_by_role("button", name="Ajukan pencairan").click()
    expect(
        page.get_by_text("Menunggu persetujuan anggota koperasi lain.", exact=True)
    ).to_be_visible()
    expect(page.get_by_role("button", name="Setujui pencairan")).to_have_count(0)
    order_url = page.url

    # ... and another member approves it (checker).
    _login(page, base, "kusuma")
    page.goto(order_url)
    page.get_by_label("Tanggal dibayarkan").fill("2018-06-20")
    page.get_by_role("button", name="Setujui pencairan").click()
    expect(page.locator(".page-head .stage")).to_have_text("Selesai")

    # The officer accepts the foreign sale as the unit's export figure for 2018.
    _login(page, base, "rudi")
    page.goto(base + "/pasar/ekspor/")
    expect(page.locator("article").first).to_contain_text("USD 800")
    page.get_by_role("button", name="Terima ke laporan tahunan").click()
    expect(page.locator(".messages")).to_contain_text("ekspor USD 800")

    # The unit's yearly figures follow: the export, and the sale beside production value.
    page.goto(f"{base}/units/{market.bambu.pk}/")
    expect(page.get_by_text("Penjualan lewat koperasi di samping nilai produksi")).to_be_visible()
    expect(page.locator("body")).to_contain_text("11.000.000")
    expect(page.locator("body")).to_contain_text("GB")
    assert errors == []
