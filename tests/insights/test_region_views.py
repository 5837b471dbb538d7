"""Dashboards and /statistik/ at every region level: a provincial deployment read by regency,
a regional analyst inside their region only, an officer inside their kecamatan, the public
inside the deployment; every figure drills down to exactly the units it counts."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from sentra.accounts.models import User
from sentra.accounts.services import analyst_assign_regions
from sentra.core.actors import SystemActor
from sentra.insights.refresh import stats_refresh
from sentra.regions.models import Region, RegionLevel
from sentra.regions.services import region_load
from sentra.registry.filters import unit_search
from tests.insights.conftest import make_unit

pytestmark = pytest.mark.django_db
LINK = re.compile(r'<a class="drill" href="([^"]+)">([^<]+)</a>')


@pytest.fixture
def province(crafted: Any) -> dict[str, Any]:
    """The crafted Lebak units and two units in Pandeglang (36.01), statistics rebuilt."""
    region_load(actor=SystemActor("test"), region="36.01")
    desa = Region.objects.filter(code__startswith="36.01.", level=RegionLevel.VILLAGE)
    first, second = desa.order_by("code")[:2]
    crafted["emping"] = make_unit(
        "3601014101800001",
        "Emping Pandeglang",
        first.code,
        "anyaman",
        {2017: {"workers_male": 1}, 2018: {"workers_male": 2, "workers_female": 1}},
    )
    crafted["golok"] = make_unit(
        "3601010101700002",
        "Golok Pandeglang",
        second.code,
        "anyaman",
        {2018: {"workers_male": 4}},
    )
    stats_refresh()
    return crafted


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(response: Any) -> dict[str, int]:
    return {row["code"]: row["units"] for row in response.context["figures"]["by_kecamatan"]}


@pytest.fixture
def rina_regional_pandeglang(province: Any, settings: Any) -> Any:
    settings.SENTRA_HOME_REGION = "36"  # a provincial deployment assigns its regencies
    user = User.objects.create_user(
        username="rina", password="correct horse 42", role="regional_analyst"
    )
    return analyst_assign_regions(actor=SystemActor("test"), user=user, codes=["36.01"])


@override_settings(SENTRA_HOME_REGION="36")
def test_a_provincial_admin_sees_the_province_by_regency(province: Any, alice_admin: Any) -> None:
    response = _client(alice_admin).get("/dashboard/", {"year": "2018"})
    figures = response.context["figures"]
    assert figures["region"]["code"] == "36"
    assert _rows(response) == {"36.01": 2, "36.02": 5}
    assert figures["units"] == 7
    assert figures["workers"] == sum(r["workers"] for r in figures["by_kecamatan"])
    html = response.content.decode()
    assert 'href="?region=36.01&amp;year=2018' in html  # down to a regency's dashboard


@override_settings(SENTRA_HOME_REGION="36")
def test_every_drill_down_of_a_province_lists_exactly_the_units_counted(
    province: Any, alice_admin: Any
) -> None:
    html = _client(alice_admin).get("/dashboard/", {"year": "2018"}).content.decode()
    links = LINK.findall(html)
    assert len(links) > 20
    for href, text in links:
        params = QueryDict(mutable=True)
        for key, value in parse_qsl(urlsplit(href.replace("&amp;", "&")).query):
            params[key] = value
        assert params["region"].startswith("36")
        count = unit_search(user=alice_admin, params=params).queryset.count()
        assert count == int(text.lstrip("+−").replace(".", "")), href


@override_settings(SENTRA_HOME_REGION="ID")
def test_a_national_admin_reads_the_country_a_province_and_a_regency(
    province: Any, alice_admin: Any
) -> None:
    client = _client(alice_admin)
    country = client.get("/dashboard/", {"year": "2018"})
    assert country.context["figures"]["region"]["code"] == "ID"
    assert _rows(country)["36"] == 7
    regency = client.get("/dashboard/", {"year": "2018", "region": "36.02"})
    assert sum(_rows(regency).values()) == 5
    assert [a["code"] for a in regency.context["figures"]["ancestors"]] == ["ID", "36"]
    kecamatan = client.get("/dashboard/", {"year": "2018", "region": "36.02.14"})
    assert list(_rows(kecamatan)) == ["36.02.14"]


def test_a_regional_analyst_reads_their_region_and_nothing_else(
    rina_regional_pandeglang: Any,
) -> None:
    client = _client(rina_regional_pandeglang)
    own = client.get("/dashboard/", {"year": "2018"})
    assert own.context["figures"]["region"]["code"] == "36.01"
    assert own.context["figures"]["units"] == 2
    for outside in ("36", "36.02", "36.02.14", "ID"):
        assert client.get("/dashboard/", {"region": outside}).status_code == 404, outside
    assert client.get("/units/", {"region": "36.02"}).context["units"] == []
    units = client.get("/units/").context["units"]
    assert sorted(u.business_name for u in units) == ["Emping Pandeglang", "Golok Pandeglang"]


def test_an_officer_reads_their_kecamatan_but_not_the_regency(
    province: Any, bayu_officer_bayah: Any
) -> None:
    client = _client(bayu_officer_bayah)
    assert client.get("/dashboard/", {"region": "36.02.03"}).status_code == 200
    assert client.get("/dashboard/", {"region": "36.02"}).status_code == 404
    assert client.get("/dashboard/", {"region": "36.02.14"}).status_code == 404


def test_the_public_page_reads_any_region_inside_the_deployment_only(province: Any) -> None:
    client = Client()
    kecamatan = client.get("/statistik/", {"region": "36.02.14", "year": "2018"})
    assert kecamatan.status_code == 200
    assert 'class="drill"' not in kecamatan.content.decode()
    for outside in ("36", "36.01", "ID", "36.02.14.2017", "x"):
        assert client.get("/statistik/", {"region": outside}).status_code == 404, outside


@override_settings(SENTRA_HOME_REGION="ID")
def test_a_region_dashboard_reads_a_bounded_number_of_queries(
    province: Any, alice_admin: Any
) -> None:
    """The same number of queries for the country and a regency: figures come from the
    pre-aggregated tables, not one query per region."""
    client = _client(alice_admin)
    counts = []
    for code in ("ID", "36", "36.02"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/statistik/", {"region": code}).status_code == 200
        counts.append(len(queries))
    assert max(counts) <= 30, counts
    assert max(counts) - min(counts) <= 3, counts
