"""The public catalog: who is shown, search where every word must match, filters, sorting,
pages of at least 20, canonical addresses, and no personal data on public pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sentra.core.actors import SystemActor
from sentra.market.services import catalog
from sentra.registry.models import UnitStatus
from sentra.registry.services import PersonUpdateData, person_update
from tests.market.conftest import OLGA_NIK, OLGA_PHONE, Market, product_data, product_url

pytestmark = pytest.mark.django_db


def _names(client: Any, query: str = "") -> list[str]:
    html = client.get("/katalog/" + query).content.decode()
    return re.findall(r'<h2><a href="/katalog/\d+-[\w-]+/">([^<]+)</a></h2>', html)


def test_the_catalog_lists_published_products_of_consenting_units(
    client: Any, market: Market
) -> None:
    assert sorted(_names(client)) == [
        "Batik Tulis Motif Seren Taun",
        "Kursi Bambu Santai",
        "Meja Bambu Lipat",
    ]


def test_withdrawing_publication_consent_hides_the_unit_at_once(
    client: Any, market: Market
) -> None:
    catalog.consent_withdraw(actor=market.users["olga"], unit=market.bambu)
    assert _names(client) == ["Batik Tulis Motif Seren Taun"]
    assert client.get(product_url(market.kursi)).status_code == 404
    assert client.get(f"/katalog/produsen/{market.bambu.pk}-x/").status_code == 404


def test_a_unit_whose_owner_withdrew_data_processing_consent_is_hidden(
    client: Any, market: Market
) -> None:
    owner = market.bambu.owner
    person_update(
        actor=SystemActor("test"),
        person=owner,
        data=PersonUpdateData(name=owner.name, sex="P", consent=False),
    )
    assert "Kursi Bambu Santai" not in _names(client)


def test_a_closed_unit_leaves_the_catalog(client: Any, market: Market) -> None:
    type(market.batik).objects.filter(pk=market.batik.pk).update(status=UnitStatus.CLOSED)
    assert "Batik Tulis Motif Seren Taun" not in _names(client)


def test_a_product_waiting_for_moderation_is_not_public(client: Any, market: Market) -> None:
    waiting = catalog.product_create(
        actor=market.users["olga"], unit=market.bambu, data=product_data("Rak Bambu")
    )
    assert "Rak Bambu" not in _names(client)
    assert client.get(product_url(waiting)).status_code == 404


def test_every_word_of_the_search_must_match(client: Any, market: Market) -> None:
    assert sorted(_names(client, "?q=bambu")) == ["Kursi Bambu Santai", "Meja Bambu Lipat"]
    assert _names(client, "?q=kursi+bambu") == ["Kursi Bambu Santai"]
    # "kursi" in the product, "rangkasbitung" in its kecamatan: both must match.
    assert _names(client, "?q=KURSI+rangkasbitung") == ["Kursi Bambu Santai"]
    assert _names(client, "?q=kursi+bayah") == []
    assert _names(client, "?q=seren+batik") == ["Batik Tulis Motif Seren Taun"]


def test_filters_narrow_the_catalog(client: Any, market: Market) -> None:
    assert _names(client, "?cert=halal") == ["Batik Tulis Motif Seren Taun"]
    assert sorted(_names(client, "?women=1")) == ["Kursi Bambu Santai", "Meja Bambu Lipat"]
    assert sorted(_names(client, "?home=1&export=1")) == ["Kursi Bambu Santai", "Meja Bambu Lipat"]
    assert _names(client, "?commodity=batik-lebak") == ["Batik Tulis Motif Seren Taun"]
    assert _names(client, "?kecamatan=36.02.03") == ["Batik Tulis Motif Seren Taun"]


def test_sorting_by_price_both_ways(client: Any, market: Market) -> None:
    assert _names(client, "?sort=harga") == [
        "Batik Tulis Motif Seren Taun",
        "Kursi Bambu Santai",
        "Meja Bambu Lipat",
    ]
    assert _names(client, "?sort=-harga")[0] == "Meja Bambu Lipat"


def test_a_page_holds_at_least_twenty_products_with_constant_queries(
    client: Any, market: Market
) -> None:
    for n in range(30):
        catalog.product_create(
            actor=SystemActor("test"),
            unit=market.batik,
            data=product_data(f"Kain {n:02d}", "batik-lebak"),
            publish=True,
        )
    client.get("/katalog/")  # warm caches of reference lists
    with CaptureQueriesContext(connection) as queries:
        names = _names(client)
    assert 20 <= len(names) <= 30
    assert len(queries) < 15  # no query per product card
    assert len(_names(client, "?page=2")) == 33 - len(names)


def test_a_product_page_lives_at_one_address_without_a_query_string(
    client: Any, market: Market
) -> None:
    url = product_url(market.kursi)
    assert url == f"/katalog/{market.kursi.pk}-kursi-bambu-santai/"
    assert client.get(url).status_code == 200
    wrong = client.get(f"/katalog/{market.kursi.pk}-kursi-lama/")
    assert (wrong.status_code, wrong["Location"]) == (301, url)
    query = client.get(url + "?utm=x")
    assert (query.status_code, query["Location"]) == (301, url)


def test_the_product_page_shows_what_a_buyer_needs(client: Any, market: Market) -> None:
    html = client.get(product_url(market.kursi)).content.decode()
    for text in (
        "Rp 550.000",
        "10 buah",  # minimum order
        "120 buah",  # monthly capacity
        "Anyaman Bambu Pasir Ona",
        "Desa Rangkasbitung Timur",
        "Kecamatan Rangkasbitung",
        "Dikerjakan ibu-ibu kampung Pasir Ona.",
        "Siap ekspor",
        "/katalog/foto/",
    ):
        assert text in html, text


def test_public_pages_show_no_nik_phone_owner_name_or_address_below_desa(
    client: Any, market: Market
) -> None:
    pages = [
        "/katalog/",
        "/katalog/?q=bambu",
        product_url(market.kursi),
        f"/katalog/produsen/{market.bambu.pk}-anyaman-bambu-pasir-ona/",
        "/pemasok/",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        for secret in (OLGA_NIK, OLGA_PHONE, "Olga Sumarni", "RT 002", "No. 17", "Pasir Ona RT"):
            assert secret not in html, (url, secret)


def test_the_owner_name_shows_only_when_the_owner_chose_it(client: Any, market: Market) -> None:
    catalog.profile_update(
        actor=market.users["olga"],
        unit=market.bambu,
        data=catalog.ProfileData(show_owner_name=True),
    )
    assert "Olga Sumarni" in client.get(product_url(market.kursi)).content.decode()


def test_html_stored_in_any_field_is_shown_escaped(client: Any, market: Market) -> None:
    type(market.bambu).objects.filter(pk=market.bambu.pk).update(
        business_name="<script>alert('x')</script> Bambu"
    )
    html = client.get(product_url(market.kursi)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_photos_of_public_products_are_served_and_revalidated(client: Any, market: Market) -> None:
    photo = market.kursi.photos.get()
    response = client.get(f"/katalog/foto/{photo.pk}-kecil.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-cache" in response["Cache-Control"]
    again = client.get(f"/katalog/foto/{photo.pk}-kecil.jpg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    catalog.consent_withdraw(actor=SystemActor("test"), unit=market.bambu)
    assert client.get(f"/katalog/foto/{photo.pk}-kecil.jpg").status_code == 404
