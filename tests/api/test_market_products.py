"""A unit's catalog products through the API, for those who manage them (its owner, an
officer of its kecamatan, an admin): everything goes through the market's services, so new
products and changes wait for moderation, stock changes apply at once, and every write is
audited and guarded by If-Match."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.market.models import Product, ProductStatus
from sentra.market.selectors import moderation_queue_for_user
from sentra.market.services import catalog
from tests.api.conftest import bearer, make_token
from tests.market.conftest import Market

pytestmark = pytest.mark.django_db

NEW = {"name": "Lampu Bambu", "commodity": "mebel", "price_min": 125_000, "min_order": 5}


def _products_url(unit: Any) -> str:
    return f"/api/v1/units/{unit.pk}/products/"


def _url(product: Any) -> str:
    return f"/api/v1/units/{product.unit_id}/products/{product.pk}/"


def _create(user: Any, unit: Any, body: dict[str, Any], scope: str = "write") -> Any:
    return Client().post(
        _products_url(unit),
        json.dumps(body),
        content_type="application/json",
        **bearer(make_token(user, scope=scope)),
    )


def _change(user: Any, product: Any, body: dict[str, Any] | None, etag: str | None = "read") -> Any:
    token = make_token(user)
    if etag == "read":
        etag = Client().get(_url(product), **bearer(token))["ETag"]
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    if body is None:
        return Client().delete(_url(product), **headers, **bearer(token))
    return Client().patch(
        _url(product), json.dumps(body), content_type="application/json", **headers, **bearer(token)
    )


def _public_price(product: Any) -> Any:
    return Client().get(f"/api/v1/products/{product.pk}/").json()["price_min"]


def test_the_owner_lists_every_product_of_their_unit_with_its_moderation_state(
    market: Market,
) -> None:
    catalog.product_create(
        actor=market.users["olga"],
        unit=market.bambu,
        data=catalog.ProductData(
            name="Rak Bambu", commodity_id=market.kursi.commodity_id, price_min=1
        ),
    )
    token = make_token(market.users["olga"], scope="read")
    body = Client().get(_products_url(market.bambu), **bearer(token)).json()
    rows = sorted((p["name"], p["status"], p["in_catalog"]) for p in body["results"])
    assert rows == [
        ("Kursi Bambu Santai", "tayang", True),
        ("Meja Bambu Lipat", "tayang", True),
        ("Rak Bambu", "menunggu", False),
    ]
    waiting = Client().get(_products_url(market.bambu) + "?status=menunggu", **bearer(token))
    assert [p["name"] for p in waiting.json()["results"]] == ["Rak Bambu"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("olga", 200),
        ("officer", 200),  # for producers without a smartphone
        ("admin", 200),
        ("omar", 404),  # another owner's unit
        ("officer_bayah", 404),  # another kecamatan
        ("analyst", 403),  # reads the registry, manages no products (as on the web)
        ("kiki", 403),
        ("partner", 403),
    ],
)
def test_a_units_products_are_for_those_who_manage_them(
    market: Market, who: str, status: int
) -> None:
    token = make_token(market.users[who], scope="read")
    assert Client().get(_products_url(market.bambu), **bearer(token)).status_code == status
    assert Client().get(_url(market.kursi), **bearer(token)).status_code == status


def test_a_product_of_another_unit_is_not_found_under_this_one(market: Market) -> None:
    token = make_token(market.users["admin"], scope="read")
    url = f"/api/v1/units/{market.bambu.pk}/products/{market.batik_tulis.pk}/"
    assert Client().get(url, **bearer(token)).status_code == 404


def test_a_new_product_waits_for_moderation_and_the_officer_is_told(market: Market) -> None:
    response = _create(market.users["olga"], market.bambu, NEW)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["in_catalog"], body["url"]) == ("menunggu", False, None)
    assert response["Location"] == f"http://testserver{_url(Product.objects.get(pk=body['id']))}"
    assert (
        response["ETag"]
        == Client().get(
            _url(Product.objects.get(pk=body["id"])), **bearer(make_token(market.users["olga"]))
        )["ETag"]
    )
    assert Client().get(f"/api/v1/products/{body['id']}/").status_code == 404
    queue = moderation_queue_for_user(user=market.users["officer"])
    assert list(queue.values_list("name", flat=True)) == ["Lampu Bambu"]
    assert market.users["officer"].market_notifications.filter(text__contains="Lampu").exists()
    audit = AuditLog.objects.get(action="market.product_create", object_id=str(body["id"]))
    assert audit.actor == market.users["olga"]


def test_an_officer_adds_a_product_for_a_producer_of_their_kecamatan_only(
    market: Market,
) -> None:
    assert _create(market.users["officer"], market.bambu, NEW).status_code == 201
    assert _create(market.users["officer_bayah"], market.bambu, NEW).status_code == 404
    assert _create(market.users["analyst"], market.bambu, NEW).status_code == 403
    assert Product.objects.filter(name="Lampu Bambu").count() == 1


def test_a_read_token_may_not_add_a_product(market: Market) -> None:
    response = _create(market.users["olga"], market.bambu, NEW, scope="read")
    assert response.status_code == 403
    assert response.json()["type"] == "urn:sentra:problem:token_scope"
    assert not Product.objects.filter(name="Lampu Bambu").exists()


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"commodity": "emas"}, "body.commodity", "invalid_choice"),
        ({"price_min": 500, "price_max": 100}, "body.price_max", "price_range"),
        ({"name": "<b>Lampu</b>"}, "body.name", "html"),
        ({"description": "<script>x</script>"}, "body.description", "html"),
        ({"price_min": -1}, "body.price_min", "greater_than_equal"),
        ({"colour": "hijau"}, "body.colour", "extra_forbidden"),
    ],
)
def test_a_bad_product_answers_422_naming_the_field_and_stores_nothing(
    market: Market, change: dict[str, Any], field: str, code: str
) -> None:
    response = _create(market.users["olga"], market.bambu, {**NEW, **change})
    assert response.status_code == 422, response.content
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    assert Product.objects.count() == 3


def test_a_published_products_change_waits_while_buyers_see_the_approved_price(
    market: Market,
) -> None:
    response = _change(market.users["olga"], market.kursi, {"price_min": 600_000})
    assert response.status_code == 200, response.content
    assert response.json()["pending_changes"] == {"price_min": 600_000}
    assert response.json()["price_min"] == 550_000
    assert _public_price(market.kursi) == 550_000
    catalog.product_approve(actor=market.users["officer"], product=market.kursi)
    assert _public_price(market.kursi) == 600_000


def test_a_waiting_commodity_change_is_shown_by_code(market: Market) -> None:
    response = _change(market.users["officer"], market.kursi, {"commodity": "anyaman"})
    assert response.json()["pending_changes"] == {"commodity": "anyaman"}
    again = _change(market.users["officer"], market.kursi, {"name": "Kursi Anyaman"})
    assert again.json()["pending_changes"] == {"commodity": "anyaman", "name": "Kursi Anyaman"}


def test_out_of_stock_applies_at_once_without_moderation(market: Market) -> None:
    response = _change(market.users["olga"], market.kursi, {"in_stock": False})
    assert response.status_code == 200
    assert response.json()["pending_changes"] is None
    assert Client().get(f"/api/v1/products/{market.kursi.pk}/").json()["in_stock"] is False
    assert AuditLog.objects.filter(action="market.product_stock").count() == 1
    assert AuditLog.objects.filter(action="market.product_update").count() == 0


def test_a_change_with_a_stale_etag_answers_412_and_changes_nothing(market: Market) -> None:
    olga = market.users["olga"]
    stale = Client().get(_url(market.kursi), **bearer(make_token(olga)))["ETag"]
    assert _change(market.users["officer"], market.kursi, {"in_stock": False}).status_code == 200
    response = _change(olga, market.kursi, {"price_min": 1}, etag=stale)
    assert response.status_code == 412
    assert response["ETag"] == Client().get(_url(market.kursi), **bearer(make_token(olga)))["ETag"]
    assert Product.objects.get(pk=market.kursi.pk).pending_changes is None


def test_a_change_without_if_match_answers_428(market: Market) -> None:
    response = _change(market.users["olga"], market.kursi, {"price_min": 1}, etag=None)
    assert response.status_code == 428
    assert Product.objects.get(pk=market.kursi.pk).pending_changes is None


def test_archiving_takes_a_product_out_of_the_catalog_for_good(market: Market) -> None:
    response = _change(market.users["olga"], market.meja, None)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == ProductStatus.ARCHIVED
    assert Client().get(f"/api/v1/products/{market.meja.pk}/").status_code == 404
    assert _change(market.users["olga"], market.meja, None).status_code == 200  # again: no-op
    assert AuditLog.objects.filter(action="market.product_archive").count() == 1


def test_changing_an_archived_product_sends_it_back_to_moderation_as_on_the_web(
    market: Market,
) -> None:
    catalog.product_archive(actor=SystemActor("test"), product=market.meja)
    response = _change(market.users["olga"], market.meja, {"price_min": 1})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["in_catalog"]) == ("menunggu", False)
    assert Client().get(f"/api/v1/products/{market.meja.pk}/").status_code == 404
