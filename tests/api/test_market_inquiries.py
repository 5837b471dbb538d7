"""Buyers' inquiries through the API: sending one (the web form's checks, duplicates stored
once, at most 10 a minute per address shared with the form, 429), and the inbox (scoped
exactly like /pasar/permintaan/, buyers' contact only where the market's rules allow, stage
changes with If-Match through the market's service)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from sentra.core.models import AuditLog
from sentra.market.models import Inquiry, InquiryStage, Order
from sentra.market.services.inquiries import inquiry_stage_set, inquiry_submit
from tests.api.conftest import bearer, make_token
from tests.market.conftest import Market, inquiry_data, product_url

pytestmark = pytest.mark.django_db

BUYER = {
    "name": "Lena Fischer",
    "organisation": "Naturmöbel GmbH",
    "country": "DE",
    "email": "lena@naturmoebel.example",
    "quantity": 12,
    "message": "Bitte ein Angebot für zwölf Stühle.",
}


def _send(product: Any, body: dict[str, Any], client: Client | None = None, **extra: Any) -> Any:
    return (client or Client()).post(
        f"/api/v1/products/{product.pk}/inquiries/",
        json.dumps(body),
        content_type="application/json",
        **extra,
    )


# --- sending an inquiry ------------------------------------------------------------------------


def test_a_buyer_without_a_token_sends_an_inquiry_and_the_producer_is_told(
    market: Market,
) -> None:
    response = _send(market.kursi, BUYER)
    assert response.status_code == 201, response.content
    assert response.json()["duplicate"] is False
    assert "terkirim" in response.json()["detail"]
    inquiry = Inquiry.objects.get()
    assert (inquiry.unit, inquiry.country, inquiry.quantity) == (market.bambu, "DE", 12)
    assert inquiry.stage == InquiryStage.NEW
    assert market.users["olga"].market_notifications.count() == 1
    assert market.users["officer"].market_notifications.count() == 1
    audit = AuditLog.objects.get(action="market.inquiry_receive")
    assert "lena@naturmoebel.example" not in json.dumps([audit.summary, audit.after])


def test_the_answer_never_hands_the_buyer_the_stored_inquiry(market: Market) -> None:
    body = _send(market.kursi, BUYER).json()
    assert set(body) == {"product_id", "duplicate", "detail"}


def test_the_same_inquiry_twice_is_stored_once_and_answered_200(market: Market) -> None:
    assert _send(market.kursi, BUYER).status_code == 201
    again = _send(market.kursi, {**BUYER, "message": "  bitte EIN angebot für zwölf stühle. "})
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert Inquiry.objects.count() == 1


def test_the_api_and_the_web_form_suppress_each_others_duplicates(market: Market) -> None:
    Client().post(product_url(market.kursi), {**BUYER, "quantity": "12"})
    assert _send(market.kursi, BUYER).json()["duplicate"] is True
    assert Inquiry.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("message", "<a href='http://spam.example'>cheap</a>", "html"),
        ("name", "<b>Lena</b>", "html"),
        ("organisation", "<script>x</script>", "html"),
        ("country", "XX", "country_code"),  # two letters, but no country
        ("country", "Germany", "string_pattern_mismatch"),
        ("email", "not-an-address", "invalid"),
        ("quantity", 0, "greater_than_equal"),
        ("message", "", "string_too_short"),
    ],
)
def test_bad_input_answers_422_naming_the_field_and_stores_nothing(
    market: Market, field: str, value: Any, code: str
) -> None:
    response = _send(market.kursi, {**BUYER, field: value})
    assert response.status_code == 422, response.content
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(f"body.{field}", code)]
    assert Inquiry.objects.count() == 0


def test_the_field_errors_are_in_english_when_asked(market: Market) -> None:
    response = _send(market.kursi, {**BUYER, "message": "<b>hi</b>"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["errors"][0]["message"].startswith("Message contains HTML")


def test_the_api_has_no_honeypot_field_and_refuses_unknown_fields(market: Market) -> None:
    response = _send(market.kursi, {**BUYER, "website": "http://spam.example"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.website"
    assert Inquiry.objects.count() == 0


def test_an_inquiry_about_a_product_outside_the_catalog_answers_404(market: Market) -> None:
    from sentra.market.services import catalog
    from tests.market.conftest import product_data

    waiting = catalog.product_create(
        actor=market.users["olga"], unit=market.bambu, data=product_data("Rak Bambu")
    )
    assert _send(waiting, BUYER).status_code == 404
    assert Inquiry.objects.count() == 0


def test_the_eleventh_inquiry_in_a_minute_from_one_address_answers_429(market: Market) -> None:
    flood = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(5):  # the web form and the API count together
        web = flood.post(product_url(market.kursi), {**BUYER, "message": f"Web {n}"})
        assert web.status_code == 302
    for n in range(5):
        assert _send(market.kursi, {**BUYER, "message": f"API {n}"}, flood).status_code == 201
    refused = _send(market.kursi, {**BUYER, "message": "API 11"}, flood)
    assert refused.status_code == 429
    assert refused.json()["type"] == "urn:sentra:problem:rate_limited"
    assert int(refused["Retry-After"]) >= 1
    assert Inquiry.objects.count() == 10
    other = Client(REMOTE_ADDR="198.51.100.20")
    assert _send(market.kursi, {**BUYER, "message": "Hallo"}, other).status_code == 201


def test_any_valid_token_may_send_an_inquiry_but_an_invalid_one_is_refused(
    market: Market,
) -> None:
    read_token = make_token(market.users["analyst"], scope="read")
    assert _send(market.kursi, BUYER, **bearer(read_token)).status_code == 201
    refused = _send(market.kursi, {**BUYER, "message": "x"}, **bearer("sentra_made-up"))
    assert refused.status_code == 401
    assert Inquiry.objects.count() == 1


# --- the inbox ---------------------------------------------------------------------------------


@pytest.fixture
def inquiries(market: Market) -> dict[str, Inquiry]:
    """An inquiry for Olga's chairs that became an order, a new one for her table, and one
    for Omar's batik."""
    chairs = inquiry_submit(product=market.kursi, data=inquiry_data()).inquiry
    inquiry_stage_set(actor=market.users["olga"], inquiry=chairs, stage="pesanan")
    table = inquiry_submit(
        product=market.meja, data=inquiry_data(email="b@buyer.example", message="A table?")
    ).inquiry
    batik = inquiry_submit(
        product=market.batik_tulis,
        data=inquiry_data(country="ID", email="rina@toko.example", message="Batik seragam."),
    ).inquiry
    return {"chairs": chairs, "table": table, "batik": batik}


def _web_inbox(user: Any) -> list[int]:
    client = Client()
    client.force_login(user)
    html = client.get("/pasar/permintaan/").content.decode()
    return sorted(int(n) for n in re.findall(r'id="permintaan-(\d+)"', html))


def _api_inbox(user: Any) -> list[int]:
    response = Client().get("/api/v1/inquiries/", **bearer(make_token(user, scope="read")))
    assert response.status_code == 200, response.content
    return [i["id"] for i in response.json()["results"]]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin", {"chairs", "table", "batik"}),
        ("analyst", {"chairs", "table", "batik"}),
        ("officer", {"chairs", "table"}),
        ("officer_bayah", {"batik"}),
        ("olga", {"chairs", "table"}),
        ("omar", {"batik"}),
        ("kiki", {"chairs"}),  # the cooperative: the inquiries that became its orders
    ],
)
def test_each_reader_gets_exactly_the_inquiries_of_their_web_inbox(
    market: Market, inquiries: dict[str, Inquiry], who: str, expected: set[str]
) -> None:
    user = market.users[who]
    ids = sorted(inquiries[name].pk for name in expected)
    assert _api_inbox(user) == ids
    assert _web_inbox(user) == ids


def test_the_partner_office_has_no_inbox_and_anonymous_callers_need_a_token(
    market: Market, inquiries: dict[str, Inquiry]
) -> None:
    token = make_token(market.users["partner"], scope="read")
    for url in ("/api/v1/inquiries/", f"/api/v1/inquiries/{inquiries['chairs'].pk}/"):
        assert Client().get(url, **bearer(token)).status_code == 403
        assert Client().get(url).status_code == 401


def test_analysts_read_each_message_in_full_without_the_buyers_name_and_email(
    market: Market, inquiries: dict[str, Inquiry]
) -> None:
    url = f"/api/v1/inquiries/{inquiries['chairs'].pk}/"
    analyst = Client().get(url, **bearer(make_token(market.users["analyst"]))).json()
    assert analyst["message"] == "Please quote twenty chairs, FOB Jakarta."
    assert analyst["buyer"] == {
        "name": None,
        "organisation": "Bennett Home Ltd",
        "country": "GB",
        "email": None,
    }
    assert "oliver@bennett-home.example" not in json.dumps(analyst)
    producer = Client().get(url, **bearer(make_token(market.users["olga"]))).json()
    assert producer["buyer"]["email"] == "oliver@bennett-home.example"
    assert producer["order"]["number"] == Order.objects.get().number


def test_the_inbox_filters_by_stage_unit_and_product(
    market: Market, inquiries: dict[str, Inquiry]
) -> None:
    token = make_token(market.users["admin"], scope="read")

    def ids(query: str) -> list[int]:
        return [
            i["id"]
            for i in Client().get(f"/api/v1/inquiries/?{query}", **bearer(token)).json()["results"]
        ]

    assert ids("stage=pesanan") == [inquiries["chairs"].pk]
    assert ids(f"unit={market.batik.pk}") == [inquiries["batik"].pk]
    assert ids(f"product={market.meja.pk}&stage=baru") == [inquiries["table"].pk]
    assert Client().get("/api/v1/inquiries/?stage=lama", **bearer(token)).status_code == 422


def _move(user: Any, inquiry: Inquiry, body: dict[str, Any], etag: str | None = "read") -> Any:
    token = make_token(user)
    url = f"/api/v1/inquiries/{inquiry.pk}/"
    if etag == "read":
        etag = Client().get(url, **bearer(token))["ETag"]
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return Client().patch(
        url, json.dumps(body), content_type="application/json", **headers, **bearer(token)
    )


def test_the_producer_moves_an_inquiry_on_with_the_etag_read(
    market: Market, inquiries: dict[str, Inquiry]
) -> None:
    response = _move(
        market.users["olga"], inquiries["table"], {"stage": "dihubungi", "note": "Dibalas."}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["stage"], response.json()["note"]) == ("dihubungi", "Dibalas.")
    assert response.json()["next_stages"] == ["penawaran", "pesanan", "batal"]
    audit = AuditLog.objects.filter(action="market.inquiry_stage").latest("id")
    assert audit.actor == market.users["olga"]
    assert audit.after == {"stage": "dihubungi"}


def test_moving_an_inquiry_to_pesanan_opens_the_cooperatives_order(
    market: Market, inquiries: dict[str, Inquiry]
) -> None:
    response = _move(market.users["officer"], inquiries["table"], {"stage": "pesanan"})
    assert response.status_code == 200
    order = Order.objects.get(inquiry=inquiries["table"])
    assert response.json()["order"] == {"id": order.pk, "number": order.number, "status": "draf"}


def test_a_stage_change_with_a_stale_etag_answers_412_and_changes_nothing(
    market: Market, inquiries: dict[str, Inquiry]
) -> None:
    olga = market.users["olga"]
    token = make_token(olga)
    url = f"/api/v1/inquiries/{inquiries['table'].pk}/"
    stale = Client().get(url, **bearer(token))["ETag"]
    inquiry_stage_set(actor=market.users["officer"], inquiry=inquiries["table"], stage="dihubungi")
    response = _move(olga, inquiries["table"], {"stage": "batal"}, etag=stale)
    assert response.status_code == 412
    assert response.json()["type"] == "urn:sentra:problem:version_conflict"
    assert response["ETag"] == Client().get(url, **bearer(token))["ETag"]
    assert Inquiry.objects.get(pk=inquiries["table"].pk).stage == "dihubungi"


def test_a_stage_change_without_if_match_answers_428(
    market: Market, inquiries: dict[str, Inquiry]
) -> None:
    response = _move(market.users["olga"], inquiries["table"], {"stage": "batal"}, etag=None)
    assert response.status_code == 428
    assert Inquiry.objects.get(pk=inquiries["table"].pk).stage == "baru"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"stage": "selesai"}, "body.stage", "stage_invalid"),  # baru cannot jump to selesai
        ({"stage": "dihubungi", "note": "<b>!</b>"}, "body.note", "html"),
        ({"stage": "kemarin"}, "body.stage", "literal_error"),
    ],
)
def test_an_impossible_stage_or_a_bad_note_answers_422_naming_the_field(
    market: Market, inquiries: dict[str, Inquiry], body: dict[str, Any], field: str, code: str
) -> None:
    response = _move(market.users["olga"], inquiries["table"], body)
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    assert Inquiry.objects.get(pk=inquiries["table"].pk).stage == "baru"


@pytest.mark.parametrize(
    ("who", "status"),
    [("analyst", 403), ("kiki", 403), ("omar", 404), ("officer_bayah", 404)],
)
def test_readers_who_may_not_follow_up_cannot_move_an_inquiry(
    market: Market, inquiries: dict[str, Inquiry], who: str, status: int
) -> None:
    chairs = inquiries["chairs"]  # in stage "pesanan": even the cooperative sees it
    response = _move(market.users[who], chairs, {"stage": "batal"}, etag='"' + "0" * 32 + '"')
    assert response.status_code == status
    assert Inquiry.objects.get(pk=chairs.pk).stage == "pesanan"


def test_a_read_token_may_not_move_an_inquiry(
    market: Market, inquiries: dict[str, Inquiry]
) -> None:
    token = make_token(market.users["olga"], scope="read")
    url = f"/api/v1/inquiries/{inquiries['table'].pk}/"
    etag = Client().get(url, **bearer(token))["ETag"]
    response = Client().patch(
        url,
        {"stage": "batal"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **bearer(token),
    )
    assert response.status_code == 403
    assert response.json()["type"] == "urn:sentra:problem:token_scope"
