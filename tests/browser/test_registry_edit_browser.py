"""An officer of Rangkasbitung in a real browser (headless Chromium): logs in through the
login page, finds a unit with the search, edits it, sees the Indonesian error for an invalid
NIK, and gets the conflict page when a second browser saved the same unit first."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Browser, Page, expect

from sentra.accounts.models import User
from sentra.core.actors import SystemActor
from sentra.regions.models import Region
from sentra.registry.models import Commodity, Unit
from sentra.registry.services import PersonData, UnitData, person_register, unit_register

PASSWORD = "correct horse 42"


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """An Indonesian browser: Chromium would otherwise ask for English (Accept-Language)."""
    return {**browser_context_args, "locale": "id-ID"}


def _officer_and_unit() -> Unit:
    officer = User.objects.create_user(username="petugas.uji", password=PASSWORD, role="officer")
    officer.kecamatan.set(Region.objects.filter(code="36.02.14"))
    owner = person_register(
        actor=SystemActor("test"), data=PersonData(nik="3602140101800001", name="Ujang Pasir Ona")
    )
    return unit_register(
        actor=SystemActor("test"),
        owner=owner,
        data=UnitData(
            business_name="Anyaman Bambu Pasir Ona",
            commodity=Commodity.objects.get(code="anyaman"),
            desa_code="36.02.14.2017",
            kampung="Pasir Ona",
        ),
    )


def _login(page: Page, base: str, *, shoot: Any = None) -> None:
    page.goto(base + "/masuk/")
    page.get_by_label("Nama pengguna").fill("petugas.uji")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    if shoot is not None:
        shoot(page, "login.png", full_page=True)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".who")).to_contain_text("petugas.uji")


def _open_edit_form(page: Page, base: str, unit: Unit) -> None:
    try:
        reverse("registry:unit_list")
    except NoReverseMatch:  # the reading pages are not installed: go straight to the form
        page.goto(base + f"/units/{unit.pk}/edit/")
        return
    page.goto(base + "/units/?q=pasir+ona")
    page.get_by_role("link", name="Anyaman Bambu Pasir Ona").first.click()
    page.goto(base + f"/units/{unit.pk}/edit/")


@pytest.mark.django_db(transaction=True)
def test_an_officer_searches_edits_sees_the_nik_error_and_the_conflict_page(
    page: Page, browser: Browser, live_server: Any, reference: None, shoot: Any
) -> None:
    unit = _officer_and_unit()
    base = live_server.url
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    _login(page, base, shoot=shoot)
    expect(page.locator("html")).to_have_attribute("lang", "id")
    _open_edit_form(page, base, unit)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ubah unit")
    page.get_by_label("Nama usaha").fill("Anyaman Bambu Pasir Ona Jaya")
    page.get_by_label("Alamat").fill("Kp. Pasir Ona RT 01/02")
    shoot(page, "unit-edit.png", full_page=True)
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".messages")).to_contain_text("disimpan")
    unit.refresh_from_db()
    assert (unit.business_name, unit.version) == ("Anyaman Bambu Pasir Ona Jaya", 2)

    # An invalid NIK (month 13) on the create form: the Indonesian error names the field.
    page.goto(base + "/units/new/")
    page.locator("#id_owner_nik").fill("3602140113800001")
    page.locator("#id_owner_name").fill("Siti")
    page.locator("#id_business_name").fill("Batik Siti")
    page.locator("#id_commodity").select_option(label="Batik Lebak")
    page.locator("#id_desa").select_option(value="36.02.14.2017")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "NIK pemilik: Bulan lahir pada NIK (13) harus 01–12."
    )
    assert not Unit.objects.filter(business_name="Batik Siti").exists()

    # Two browsers open the same unit; the second one saves first.
    page.goto(base + f"/units/{unit.pk}/edit/")
    other_context = browser.new_context(locale="id-ID")
    other = other_context.new_page()
    _login(other, base)
    other.goto(base + f"/units/{unit.pk}/edit/")
    other.get_by_label("Kampung").fill("Pasir Ona Hilir")
    other.get_by_role("button", name="Simpan").click()
    expect(other.locator(".messages")).to_contain_text("disimpan")
    other_context.close()

    page.get_by_label("Kampung").fill("Pasir Ona Girang")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("sudah diubah orang lain")
    expect(page.locator("tr.differs")).to_contain_text("Pasir Ona Girang")
    expect(page.locator("tr.differs")).to_contain_text("Pasir Ona Hilir")
    shoot(page, "conflict.png", full_page=True)
    unit.refresh_from_db()
    assert unit.kampung == "Pasir Ona Hilir"  # nothing lost silently

    page.get_by_role("button", name="Terapkan ulang perubahan saya").click()
    expect(page.locator(".messages")).to_contain_text("disimpan")
    unit.refresh_from_db()
    assert (unit.kampung, unit.version) == ("Pasir Ona Girang", 4)
    # The conflict page answers 409 on purpose; Chromium reports that status as a console error.
    assert [e for e in errors if "409 (Conflict)" not in e] == []
