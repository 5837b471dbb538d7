"""Programs in a real browser: an officer proposes recipients, an admin approves, aid is
recorded with its handover record (BAST)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

PASSWORD = "correct horse 42"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """An Indonesian browser, as the office's staff use: numbers read 750.000."""
    return {**browser_context_args, "locale": "id-ID"}


def _login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk").click()


@pytest.fixture
def batik_program(reference: None, alice_admin: Any, rudi_officer_rangkasbitung: Any) -> Any:
    from tests.programs.conftest import BAYAH_DESA, make_program, make_unit

    make_unit("Batik Sekar Lebak", female=True, reports={2017: (3, 45_000_000)})
    make_unit("Batik Kidang Kencana", reports={2017: (2, 25_000_000)})
    make_unit("Gula Aren Cibeas", commodity="gula-aren", reports={2017: (2, 25_000_000)})
    make_unit("Batik Bayah", desa=BAYAH_DESA, reports={2017: (2, 25_000_000)})
    return make_program(
        "PLT-BATIK-2018",
        year=2018,
        criteria={"commodities": ["batik-lebak"], "not_aided_years": 2},
    )


@pytest.mark.django_db(transaction=True)
def test_an_officer_proposes_an_admin_approves_and_aid_is_recorded(
    page: Page, live_server: Any, batik_program: Any, shoot: Any
) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})

    # The officer of Rangkasbitung sees only candidates in Rangkasbitung, with reasons.
    _login(page, base, "rudi")
    page.goto(f"{base}/program/{batik_program.pk}/kandidat/?show=all")
    expect(page.locator("tr.eligible")).to_have_count(2)
    expect(page.get_by_text("Komoditas Gula Aren bukan sasaran program.")).to_be_visible()
    expect(page.get_by_text("Batik Bayah")).to_have_count(0)
    page.get_by_label("Usulkan Batik Sekar Lebak").check()
    page.get_by_label("Usulkan Batik Kidang Kencana").check()
    shoot(page, "program-candidates.png", full_page=True)
    page.get_by_role("button", name="Usulkan yang dipilih").click()
    expect(page.locator(".messages")).to_contain_text("2 peserta diusulkan")
    proposed = page.locator('[data-stage="diusulkan"] .board-card')
    expect(proposed).to_have_count(2)
    for _ in range(2):
        page.locator('[data-stage="diusulkan"] .board-card').first.get_by_role(
            "button", name="Verifikasi"
        ).click()
    expect(page.locator('[data-stage="diverifikasi"] .board-card')).to_have_count(2)
    # Officers never see an approve button: only admins decide.
    expect(page.get_by_role("button", name="Setujui")).to_have_count(0)

    # The admin approves both (she did not propose them).
    _login(page, base, "alice")
    page.goto(f"{base}/program/{batik_program.pk}/peserta/")
    for _ in range(2):
        page.locator('[data-stage="diverifikasi"] .board-card').first.get_by_role(
            "button", name="Setujui"
        ).click()
    expect(page.locator('[data-stage="disetujui"] .board-card')).to_have_count(2)
    shoot(page, "program-board.png", full_page=True)

    # Aid is recorded on the participant's page with its BAST; then attendance.
    page.locator('[data-stage="disetujui"] .board-card a', has_text="Batik Sekar Lebak").click()
    expect(page.locator(".stage")).to_have_text("Disetujui")
    page.get_by_label("Barang/jasa").fill("Paket bahan praktik batik")
    page.get_by_label("Jumlah").fill("1")
    page.get_by_label("Satuan").fill("paket")
    page.get_by_label("Nilai (Rp)").fill("750000")
    page.get_by_label("Nomor BAST").fill("027/0001/BAST-DPP/V/2018")
    page.get_by_label("Tanggal serah terima").fill("2018-05-14")
    page.get_by_role("button", name="Catat bantuan").click()
    expect(page.locator(".messages")).to_contain_text("Bantuan dicatat")
    expect(page.locator("table.aid-items")).to_contain_text("027/0001/BAST-DPP/V/2018")
    expect(page.locator("table.aid-items")).to_contain_text("750.000")
    page.get_by_role("button", name="Tandai hadir").click()
    expect(page.locator(".stage")).to_have_text("Hadir")
    shoot(page, "program-aid.png", full_page=True)

    page.goto(f"{base}/program/{batik_program.pk}/")
    expect(page.locator(".impact")).to_be_visible()
    shoot(page, "program-page.png", full_page=True)
    assert errors == []
