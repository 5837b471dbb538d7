"""Menus show each role only what it may open; every menu link is an HTML page that answers
200 for that role; error pages keep the layout with the menu."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.access.spec import World
from tests.registry_edit.conftest import client_for

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav aria-label="Navigasi utama">(.*?)</nav>', re.S)


def _menu(html: str) -> dict[str, str]:
    nav = NAV.search(html)
    assert nav is not None, "the page has no main menu"
    return {
        label.strip(): href
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(1))
    }


PUBLIC = {"Beranda", "Statistik", "Data terbuka", "Katalog"}
SIGNED_IN = {*PUBLIC, "Token API"}  # every account may hold API tokens (the API asks the policy)
MENUS = {
    "anonymous": {*PUBLIC, "Masuk"},
    "admin": {
        *SIGNED_IN, "Unit IKM", "Program", "Impor", "Pasar", "SIINas", "Dasbor", "Verifikasi",
        "Permintaan", "Pengguna",
    },
    "analyst": {*SIGNED_IN, "Unit IKM", "Program", "Pasar", "SIINas", "Dasbor"},
    "officer_rangkasbitung": {
        *SIGNED_IN, "Unit IKM", "Program", "Impor", "Pasar", "SIINas", "Dasbor", "Verifikasi",
        "Permintaan",
    },
    "owner_a": {*SIGNED_IN, "Unit IKM", "Pasar", "Usaha saya"},
    "koperasi": {*SIGNED_IN, "Pasar"},
    "partner": {*SIGNED_IN, "Pasar"},
}  # fmt: skip


def _client(world: World, persona: str) -> Client:
    return Client() if persona == "anonymous" else client_for(world.users[persona])


@pytest.mark.parametrize("persona", sorted(MENUS))
def test_each_role_sees_only_the_menu_links_it_may_open_and_each_answers_200(
    world: World, persona: str
) -> None:
    client = _client(world, persona)
    menu = _menu(client.get("/").content.decode())
    assert set(menu) == MENUS[persona]
    for label, href in menu.items():
        response = client.get(href)
        assert response.status_code == 200, (label, href, response.status_code)
        assert response["Content-Type"].startswith("text/html"), (label, href)


def test_the_403_page_keeps_the_layout_and_the_users_menu(world: World) -> None:
    response = client_for(world.users["analyst"]).get("/pengguna/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Akses ditolak" in html
    assert set(_menu(html)) == MENUS["analyst"]


def test_the_404_page_keeps_the_layout_without_echoing_the_path(world: World) -> None:
    response = client_for(world.users["owner_a"]).get("/units/987654/?q=3602140101800001")
    assert response.status_code == 404
    html = response.content.decode()
    assert set(_menu(html)) == MENUS["owner_a"]
    assert "987654" not in html and "3602140101800001" not in html


def test_the_500_page_keeps_the_layout(world: World, settings: Any) -> None:
    from django.test import RequestFactory

    from sentra.core.views import server_error

    request = RequestFactory().get("/")
    request.user = world.users["admin"]
    response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan" in html
    assert "Pengguna" in _menu(html)


def test_the_owner_menu_offers_no_program_import_or_annual_report(world: World) -> None:
    from sentra.core.actors import SystemActor
    from sentra.registry.services import ReportData, report_record

    report_record(
        actor=SystemActor("test"),
        unit=world.unit_a_rangkasbitung,
        data=ReportData(year=2018, workers_male=1),
    )
    html = client_for(world.users["owner_a"]).get("/dashboard/").content.decode()
    assert "/program/" not in html
    assert "/impor/" not in html
    assert "laporan-tahunan" not in html and "annual" not in html
