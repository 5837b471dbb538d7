"""The public catalog through the API: no token needed (as /katalog/ needs no account), the
catalog's search and filters, cursor pages, ETags, and nothing personal in any answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sentra.core.actors import SystemActor
from sentra.market.services import catalog
from tests.api.conftest import bearer, make_token
from tests.market.conftest import OLGA_NIK, OLGA_PHONE, Market, product_data

pytestmark = pytest.mark.django_db


def _names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(p["name"] for p in response.json()["results"])


def test_anyone_reads_the_catalog_without_a_token(market: Market) -> None:
    response = Client().get("/api/v1/products/")
    assert response.status_code == 200
    assert set(response.json()) == {"results", "next"}
    assert _names(response) == [
        "Batik Tulis Motif Seren Taun",
        "Kursi Bambu Santai",
        "Meja Bambu Lipat",
    ]


def test_products_waiting_for_moderation_are_not_in_the_catalog(market: Market) -> None:
    waiting = catalog.product_create(
        actor=market.users["olga"], unit=market.bambu, data=product_data("Rak Bambu")
    )
    assert "Rak Bambu" not in _names(Client().get("/api/v1/products/"))
    assert Client().get(f"/api/v1/products/{waiting.pk}/").status_code == 404


def test_withdrawing_publication_consent_takes_the_producer_out_at_once(market: Market) -> None:
    catalog.consent_withdraw(actor=SystemActor("test"), unit=market.bambu)
    assert _names(Client().get("/api/v1/products/")) == ["Batik Tulis Motif Seren Taun"]
    assert Client().get(f"/api/v1/products/{market.kursi.pk}/").status_code == 404


def test_a_product_carries_its_photos_certificates_and_producer_as_the_page_shows(
    market: Market,
) -> None:
    body = Client().get(f"/api/v1/products/{market.kursi.pk}/").json()
    assert body["price_min"] == 550_000 and body["min_order"] == 10
    assert body["monthly_capacity"] == 120
    assert body["url"] == f"http://testserver/katalog/{market.kursi.pk}-kursi-bambu-santai/"
    producer = body["producer"]
    assert producer["business_name"] == "Anyaman Bambu Pasir Ona"
    assert producer["kecamatan"] == {"code": "36.02.14", "name": "Rangkasbitung"}
    assert producer["desa"]["code"] == "36.02.14.2017"
    assert producer["women_owned"] and producer["home_industry"] and producer["export_ready"]
    assert producer["story"] == "Dikerjakan ibu-ibu kampung Pasir Ona."
    [photo] = body["photos"]
    picture = Client().get(photo["thumb"].removeprefix("http://testserver"))
    assert picture.status_code == 200 and picture["Content-Type"] == "image/jpeg"
    batik = Client().get(f"/api/v1/products/{market.batik_tulis.pk}/").json()
    assert batik["producer"]["certificates"] == [{"code": "halal", "name": "Halal"}]


def test_no_nik_phone_or_address_below_desa_appears_and_the_owner_name_only_by_choice(
    market: Market,
) -> None:
    text = json.dumps(Client().get("/api/v1/products/").json())
    for secret in (OLGA_NIK, OLGA_PHONE, "Olga Sumarni", "RT 002", "No. 17"):
        assert secret not in text
    catalog.profile_update(
        actor=SystemActor("test"),
        unit=market.bambu,
        data=catalog.ProfileData(show_owner_name=True),
    )
    body = Client().get(f"/api/v1/products/{market.kursi.pk}/").json()
    assert body["producer"]["owner_name"] == "Olga Sumarni"


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("q=bambu", ["Kursi Bambu Santai", "Meja Bambu Lipat"]),
        ("q=kursi+bambu", ["Kursi Bambu Santai"]),
        ("q=kursi+batik", []),  # every word must match
        ("q=bayah", ["Batik Tulis Motif Seren Taun"]),  # the producer's kecamatan
        ("commodity=batik-lebak", ["Batik Tulis Motif Seren Taun"]),
        ("kecamatan=36.02.14", ["Kursi Bambu Santai", "Meja Bambu Lipat"]),
        ("cert=halal", ["Batik Tulis Motif Seren Taun"]),
        ("women=1", ["Kursi Bambu Santai", "Meja Bambu Lipat"]),
        ("home=1&export=1", ["Kursi Bambu Santai", "Meja Bambu Lipat"]),
    ],
)
def test_the_catalog_takes_the_search_and_filters_of_the_catalog_page(
    market: Market, query: str, names: list[str]
) -> None:
    assert _names(Client().get(f"/api/v1/products/?{query}")) == names


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("commodity=emas", "query.commodity"),  # not a commodity of the reference list
        ("kecamatan=99.99.99", "query.kecamatan"),
        ("kecamatan=Bayah", "query.kecamatan"),
        ("sort=harga", "query.sort"),  # lists are in id order; no silent re-sorting
    ],
)
def test_an_unknown_filter_value_answers_422_naming_the_parameter(
    market: Market, query: str, field: str
) -> None:
    response = Client().get(f"/api/v1/products/?{query}")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_the_catalog_follows_next_links_in_id_order(market: Market) -> None:
    client, seen, url = Client(), [], "/api/v1/products/?q=bambu&limit=1"
    while url:
        body = client.get(url).json()
        seen += [p["id"] for p in body["results"]]
        url = body["next"]
        assert url is None or ("q=bambu" in url and "limit=1" in url)
    assert seen == sorted([market.kursi.pk, market.meja.pk])


def test_a_repeated_read_with_if_none_match_answers_304(market: Market) -> None:
    url = f"/api/v1/products/{market.kursi.pk}/"
    etag = Client().get(url)["ETag"]
    again = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


def test_a_token_is_optional_but_an_invalid_one_answers_401(market: Market) -> None:
    token = make_token(market.users["partner"], scope="read")
    assert Client().get("/api/v1/products/", **bearer(token)).status_code == 200
    response = Client().get("/api/v1/products/", **bearer("sentra_made-up"))
    assert response.status_code == 401
    assert response.json()["type"] == "urn:sentra:problem:token_invalid"


def test_the_catalog_costs_the_same_queries_for_one_product_or_many(
    market: Market, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.get("/api/v1/products/?limit=1")  # warm caches
    with django_assert_max_num_queries(20) as few:
        client.get("/api/v1/products/?limit=1")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/products/?limit=200")
