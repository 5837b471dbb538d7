"""The dashboard and public pages: who sees what, drill-downs that match the figures."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.http import QueryDict
from django.test import Client

from sentra.core.actors import SystemActor
from sentra.insights.refresh import stats_refresh
from sentra.registry.filters import unit_search

pytestmark = pytest.mark.django_db
LINK = re.compile(r'<a class="drill" href="([^"]+)">([^<]+)</a>')


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def test_the_dashboard_asks_anonymous_visitors_to_log_in(crafted: Any) -> None:
    response = Client().get("/dashboard/")
    assert response.status_code == 302
    assert "/masuk/" in response["Location"]


@pytest.mark.parametrize("stored", [False, True])
def test_every_drill_down_lists_exactly_the_units_counted(
    crafted: Any, alice_admin: Any, stored: bool
) -> None:
    if stored:
        stats_refresh()
    html = _client(alice_admin).get("/dashboard/?year=2018").content.decode()
    links = LINK.findall(html)
    assert len(links) > 30
    for href, text in links:
        parts = urlsplit(href.replace("&amp;", "&"))
        assert parts.path == "/units/"
        params = QueryDict(mutable=True)
        for key, value in parse_qsl(parts.query):
            params[key] = value
        assert params["year"] in {"2017", "2018"}
        count = unit_search(user=alice_admin, params=params).queryset.count()
        assert count == _number(text.lstrip("+−")), href


def test_an_officer_sees_only_their_kecamatan(
    crafted: Any, bayu_officer_bayah: Any, rudi_officer_rangkasbitung: Any
) -> None:
    stats_refresh()
    bayu = _client(bayu_officer_bayah).get("/dashboard/?year=2017")
    assert bayu.status_code == 200
    figures = bayu.context["figures"]
    assert [row["code"] for row in figures["by_kecamatan"]] == ["36.02.03"]
    assert figures["units"] == 3  # gula aren, bilik and mebel
    rudi = _client(rudi_officer_rangkasbitung).get("/dashboard/?year=2018").context["figures"]
    assert rudi["units"] == 4
    assert "Bayah" not in [row["name"] for row in rudi["by_kecamatan"]]


def test_an_owner_sees_only_their_own_units(crafted: Any, omar_owner: Any) -> None:
    from sentra.registry.services import person_link_account

    person_link_account(actor=SystemActor("test"), person=crafted["batik"].owner, user=omar_owner)
    client = _client(omar_owner)
    # Owners get their own page, not a regency dashboard of one unit.
    response = client.get("/dashboard/?year=2018")
    assert (response.status_code, response["Location"]) == (302, "/usaha-saya/")
    units = client.get("/usaha-saya/").context["units"]
    assert [unit.pk for unit, _reports in units] == [crafted["batik"].pk]


def test_the_public_page_shows_aggregates_without_links(crafted: Any) -> None:
    response = Client().get("/statistik/?year=2018")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="drill"' not in html
    assert "Pemilik" not in html and "Anyaman Pasir Ona" not in html
    destinations = response.context["figures"]["destinations"]
    assert all(row["value_usd"] is None for row in destinations if row["units"] < 3)
    assert 'class="tilemap"' in html


def test_the_map_measure_can_be_chosen(crafted: Any, ana_analyst: Any) -> None:
    html = _client(ana_analyst).get("/dashboard/?year=2018&measure=women_share").content.decode()
    assert 'aria-label="Rangkasbitung: 50,0%"' in html


def test_the_choropleth_appears_once_boundaries_are_loaded(crafted: Any, ana_analyst: Any) -> None:
    from sentra.insights.models import KecamatanBoundary

    client = _client(ana_analyst)
    assert 'id="choropleth"' not in client.get("/dashboard/").content.decode()
    KecamatanBoundary.objects.create(
        kecamatan_id="36.02.14",
        geometry={
            "type": "Polygon",
            "coordinates": [[[106, -6], [106.1, -6], [106, -6.1], [106, -6]]],
        },
        source="test",
    )
    html = client.get("/dashboard/").content.decode()
    assert 'id="choropleth"' in html and "insights-geojson" in html


def test_the_annual_report_downloads_for_staff(crafted: Any, ana_analyst: Any) -> None:
    client = _client(ana_analyst)
    response = client.get("/dashboard/laporan-tahunan-2018.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/dashboard/laporan-tahunan-1999.pdf").status_code == 404


def test_open_data_files_are_listed_and_served(crafted: Any) -> None:
    client = Client()
    html = client.get("/data-terbuka/").content.decode()
    assert "/data-terbuka/ikm-kecamatan-komoditas-2018.csv" in html
    response = client.get("/data-terbuka/ekspor-negara-2018.json")
    assert response.status_code == 200
    data = response.json()
    assert data["metadata"]["lisensi"].startswith("CC BY")
    assert [row["kode_negara"] for row in data["data"]] == ["DE", "GB"]
    de = data["data"][0]
    assert de["unit_pengekspor"] == 3 and de["disembunyikan"] is False
    assert data["data"][1]["nilai_ekspor_usd"] is None
    assert client.get("/data-terbuka/ekspor-negara-1999.json").status_code == 404
