"""A unit's page: every field, yearly records with trend data, certificates, history, panels."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.registry.services import UnitData, unit_update
from tests.registry_web.data import AHMAD_NIK, Registry

pytestmark = pytest.mark.django_db


def page(client: Any, unit: Any) -> str:
    response = client.get(f"/units/{unit.pk}/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_page_shows_every_field_of_the_unit(
    registry: Registry, client_for: Any, alice_admin: Any
) -> None:
    html = page(client_for(alice_admin), registry.bambu)
    for text in (
        "CV. Bambu Pasir Ona",
        "Ahmad Sutisna",
        "9120001234567",
        "Persekutuan Komanditer (CV)",
        "16291",
        "Anyam-anyaman",
        "Rangkasbitung",
        "Desa Rangkasbitung Timur",
        "36.02.14.2017",
        "Pasir Ona",
        "002/003",
        "2009",
        "Pendataan petugas",
        "Belum diverifikasi",
    ):
        assert text in html, text
    assert f'href="/people/{registry.ahmad.pk}/"' in html


def test_the_yearly_records_are_a_table_with_trend_chart_data(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    html = page(client_for(ana_analyst), registry.bambu)
    assert "240.000.000" in html and "150.000.000" in html
    assert "Inggris" in html and "Jerman" in html  # export destinations of 2018
    assert html.index('<th scope="row">2018</th>') < html.index('<th scope="row">2017</th>')
    match = re.search(r'<script id="trend-data" type="application/json">(.*?)</script>', html)
    assert match is not None
    data = json.loads(match.group(1))
    assert data["years"] == [2017, 2018]
    assert data["workers"] == [5, 7]
    assert data["production_value"] == [150_000_000, 240_000_000]
    assert 'id="chart-workers"' in html and 'id="chart-production"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html


def test_a_unit_with_one_record_has_no_chart(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    html = page(client_for(ana_analyst), registry.batik)
    assert "trend-data" not in html
    assert "chart.umd.min.js" not in html


def test_a_unit_without_records_says_so(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    html = page(client_for(ana_analyst), registry.mebel)
    assert "Belum ada laporan tahunan untuk unit ini." in html
    assert "Belum ada sertifikat tercatat." in html


def test_certificates_are_listed(registry: Registry, client_for: Any, ana_analyst: Any) -> None:
    html = page(client_for(ana_analyst), registry.bambu)
    assert "Halal" in html
    assert "ID36110000123" in html
    assert "1 Maret 2027" in html  # one date rule: day, full month name, year


def test_the_history_shows_who_changed_what_and_before_and_after(
    registry: Registry, client_for: Any, alice_admin: Any, ana_analyst: Any
) -> None:
    unit = registry.bambu
    unit_update(
        actor=alice_admin,
        unit=unit,
        expected_version=unit.version,
        data=UnitData(
            business_name="CV. Bambu Pasir Ona Lestari",
            commodity=unit.commodity,
            desa_code=unit.desa_id,
            nib=unit.nib,
            kbli=unit.kbli,
            legal_form=unit.legal_form,
            status="tidak_aktif",
        ),
    )
    html = page(client_for(ana_analyst), unit)
    history = html[html.index('id="history-title"') :]
    assert "Data unit diubah" in history
    assert "alice" in history
    assert "CV. Bambu Pasir Ona</td><td>CV. Bambu Pasir Ona Lestari" in history
    assert "Aktif</td><td>Tidak aktif" in history  # choices by their labels
    assert "Laporan 2018" in history and "Laporan tahunan dicatat" in history
    assert "Sertifikat ditambahkan" in history
    assert "Unit didaftarkan" in history
    assert "Anyam-anyaman" in history  # the commodity by name, not by id


def test_the_page_never_shows_the_owners_nik(
    registry: Registry, client_for: Any, alice_admin: Any
) -> None:
    html = page(client_for(alice_admin), registry.bambu)
    assert AHMAD_NIK not in html


def test_later_apps_add_panels_and_unsafe_html_is_escaped(
    registry: Registry, client_for: Any, ana_analyst: Any, settings: Any
) -> None:
    settings.SENTRA_UNIT_PANELS = [
        "tests.registry_web.panels.programs_panel",
        "tests.registry_web.panels.nothing_panel",
        "tests.registry_web.panels.careless_panel",
    ]
    html = page(client_for(ana_analyst), registry.bambu)
    assert "Program yang diterima" in html
    assert f"<p class='test-panel'>Pelatihan batik untuk {registry.bambu.pk}</p>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_officer_gets_404_for_a_unit_of_another_kecamatan(
    registry: Registry, client_for: Any, bayu_officer_bayah: Any
) -> None:
    client = client_for(bayu_officer_bayah)
    assert client.get(f"/units/{registry.bambu.pk}/").status_code == 404
    assert client.get(f"/units/{registry.gula.pk}/").status_code == 200


def test_the_owner_sees_their_own_unit_only(
    registry: Registry, client_for: Any, omar_owner: Any
) -> None:
    from sentra.registry.services import person_link_account

    person_link_account(actor=SystemActor("test"), person=registry.ahmad, user=omar_owner)
    client = client_for(omar_owner)
    assert client.get(f"/units/{registry.bambu.pk}/").status_code == 200
    assert client.get(f"/units/{registry.batik.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "edit", "verify"),
    [
        ("alice_admin", True, True),
        ("rudi_officer_rangkasbitung", True, True),
        ("ana_analyst", False, False),
        ("omar_owner", True, False),
    ],
)
def test_edit_and_verify_actions_appear_only_for_those_who_may_use_them(
    registry: Registry,
    client_for: Any,
    request: pytest.FixtureRequest,
    persona: str,
    edit: bool,
    verify: bool,
) -> None:
    from django.urls import NoReverseMatch, reverse

    from sentra.registry.services import person_link_account

    user = request.getfixturevalue(persona)
    person_link_account(
        actor=SystemActor("test"), person=registry.ahmad, user=request.getfixturevalue("omar_owner")
    )
    html = page(client_for(user), registry.bambu)
    try:
        edit_url = reverse("registry:unit_edit", args=[registry.bambu.pk])
        verify_url = reverse("registry:unit_verify", args=[registry.bambu.pk])
    except NoReverseMatch:  # the editing pages are not installed
        return
    assert (f'href="{edit_url}"' in html) is edit
    assert (f'action="{verify_url}"' in html) is verify
