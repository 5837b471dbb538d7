"""Buyers' inquiries: the form on the product page, anti-spam (honeypot, duplicates, at most
10 a minute per client address answered 429), the inbox per role and the stages."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from sentra.market.models import Inquiry, InquiryStage, Order
from sentra.market.ratelimit import rate_limit_hit
from sentra.market.rules import ActionRefused
from sentra.market.services.inquiries import inquiry_stage_set, inquiry_submit
from tests.market.conftest import Market, inquiry_data, product_url

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Lena Fischer",
    "organisation": "Naturmöbel GmbH",
    "country": "DE",
    "email": "lena@naturmoebel.example",
    "quantity": "12",
    "message": "Bitte ein Angebot für zwölf Stühle.",
}


def test_the_inquiry_form_on_the_product_page_has_exactly_the_buyer_fields(
    client: Any, market: Market
) -> None:
    html = client.get(product_url(market.kursi)).content.decode()
    form = html[html.index('id="permintaan"') :]
    names = re.findall(r'name="([a-z_]+)"', form[: form.index("</form>")])
    visible = [n for n in names if n not in ("csrfmiddlewaretoken", "website")]
    assert visible == ["name", "organisation", "country", "email", "quantity", "message"]
    assert 'class="hp" aria-hidden="true"' in form  # the honeypot is hidden from people


def test_a_buyer_without_an_account_sends_an_inquiry_and_the_producer_is_told(
    client: Any, market: Market
) -> None:
    response = client.post(product_url(market.kursi), FORM, follow=True)
    assert "permintaan Anda terkirim" in response.content.decode()
    inquiry = Inquiry.objects.get()
    assert (inquiry.unit, inquiry.country, inquiry.quantity) == (market.bambu, "DE", 12)
    assert inquiry.stage == InquiryStage.NEW
    assert market.users["olga"].market_notifications.count() == 1
    assert market.users["officer"].market_notifications.count() == 1
    assert market.users["officer_bayah"].market_notifications.count() == 0


def test_the_same_inquiry_twice_is_stored_once(client: Any, market: Market) -> None:
    client.post(product_url(market.kursi), FORM)
    again = client.post(
        product_url(market.kursi),
        {**FORM, "message": "  bitte EIN angebot für zwölf stühle. "},
        follow=True,
    )
    assert "sudah kami terima" in again.content.decode()
    assert Inquiry.objects.count() == 1


def test_a_filled_honeypot_is_refused_with_a_message_and_nothing_stored(
    client: Any, market: Market
) -> None:
    response = client.post(product_url(market.kursi), {**FORM, "website": "http://x.example"})
    assert response.status_code == 400
    assert "kolom tersembunyi" in response.content.decode()
    assert Inquiry.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("message", "<a href='http://spam.example'>cheap</a>", "Pesan berisi kode HTML"),
        ("name", "<b>Lena</b>", "Nama berisi kode HTML"),
        ("country", "XX", "kode ISO 3166"),
        ("country", "Germany", "kode ISO 3166"),
        ("email", "not-an-address", "Surel"),
        ("quantity", "0", "Jumlah"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    client: Any, market: Market, field: str, value: str, text: str
) -> None:
    response = client.post(product_url(market.kursi), {**FORM, field: value})
    assert response.status_code == 200
    assert text in response.content.decode()
    assert Inquiry.objects.count() == 0


def test_the_eleventh_inquiry_in_a_minute_from_one_address_gets_a_friendly_429(
    market: Market,
) -> None:
    flood = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(10):
        response = flood.post(product_url(market.kursi), {**FORM, "message": f"Angebot {n}"})
        assert response.status_code == 302, n
    refused = flood.post(product_url(market.kursi), {**FORM, "message": "Angebot 11"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Terlalu banyak permintaan" in refused.content.decode()
    assert Inquiry.objects.count() == 10
    # Another address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.20")
    assert other.post(product_url(market.kursi), {**FORM, "message": "Hallo"}).status_code == 302


def test_the_limit_counts_a_sliding_minute_in_the_database(db: Any) -> None:
    start = timezone.now()
    window = timedelta(minutes=1)
    for second in range(10):
        hit = rate_limit_hit(
            action="t",
            address="203.0.113.9",
            limit=10,
            window=window,
            now=start + timedelta(seconds=second),
        )
        assert hit.allowed
    refused = rate_limit_hit(
        action="t",
        address="203.0.113.9",
        limit=10,
        window=window,
        now=start + timedelta(seconds=30),
    )
    assert (refused.allowed, refused.retry_after) == (False, 30)
    later = rate_limit_hit(
        action="t",
        address="203.0.113.9",
        limit=10,
        window=window,
        now=start + timedelta(seconds=61),
    )
    assert later.allowed  # the first hit left the window
    from sentra.market.models import RateBucket

    assert "203.0.113.9" not in RateBucket.objects.get().key  # stored as a digest


# --- the inbox --------------------------------------------------------------------------


def _inbox(client: Any, user: Any) -> str:
    client.force_login(user)
    return client.get("/pasar/permintaan/").content.decode()


def test_the_inbox_shows_each_role_what_its_scope_allows(client: Any, market: Market) -> None:
    inquiry_submit(product=market.kursi, data=inquiry_data(message="Chairs for our shop, please."))
    inquiry_submit(
        product=market.batik_tulis,
        data=inquiry_data(country="ID", email="rina@toko.example", message="Batik untuk seragam."),
    )
    chairs, batik = "Chairs for our shop, please.", "Batik untuk seragam."
    seen = {
        who: (chairs in (html := _inbox(client, market.users[who])), batik in html)
        for who in ("admin", "analyst", "officer", "officer_bayah", "olga", "omar", "kiki")
    }
    assert seen == {
        "admin": (True, True),
        "analyst": (True, True),
        "officer": (True, False),
        "officer_bayah": (False, True),
        "olga": (True, False),
        "omar": (False, True),
        "kiki": (False, False),  # the cooperative sees inquiries that became its orders
    }


def test_the_partner_office_has_no_inbox_and_anonymous_visitors_log_in(
    client: Any, market: Market
) -> None:
    anonymous = client.get("/pasar/permintaan/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/masuk/")
    client.force_login(market.users["partner"])
    assert client.get("/pasar/permintaan/").status_code == 403


def test_analysts_read_messages_in_full_without_the_buyers_contact(
    client: Any, market: Market
) -> None:
    inquiry_submit(product=market.kursi, data=inquiry_data())
    html = _inbox(client, market.users["analyst"])
    assert "Please quote twenty chairs, FOB Jakarta." in html
    assert "oliver@bennett-home.example" not in html
    assert "Oliver Bennett" not in html
    assert "oliver@bennett-home.example" in _inbox(client, market.users["olga"])


def test_an_inquiry_moves_through_the_stages_and_an_order_is_opened(market: Market) -> None:
    inquiry = inquiry_submit(product=market.kursi, data=inquiry_data()).inquiry
    inquiry_stage_set(actor=market.users["olga"], inquiry=inquiry, stage="dihubungi")
    inquiry_stage_set(actor=market.users["officer"], inquiry=inquiry, stage="penawaran")
    inquiry_stage_set(actor=market.users["officer"], inquiry=inquiry, stage="pesanan")
    order = Order.objects.get(inquiry=inquiry)
    assert (order.unit, order.buyer_country, order.status) == (market.bambu, "GB", "draf")
    assert order.items.get().quantity == 20
    assert market.users["kiki"].market_notifications.filter(text__contains=order.number).exists()


def test_an_inquiry_cannot_go_backwards(market: Market) -> None:
    inquiry = inquiry_submit(product=market.kursi, data=inquiry_data()).inquiry
    inquiry_stage_set(actor=market.users["olga"], inquiry=inquiry, stage="penawaran")
    with pytest.raises(ValidationError) as caught:
        inquiry_stage_set(actor=market.users["olga"], inquiry=inquiry, stage="dihubungi")
    assert caught.value.code == "stage_invalid"


def test_only_the_producer_and_the_office_follow_up(market: Market) -> None:
    inquiry = inquiry_submit(product=market.kursi, data=inquiry_data()).inquiry
    for who in ("omar", "officer_bayah", "analyst", "kiki", "partner"):
        with pytest.raises(ActionRefused):
            inquiry_stage_set(actor=market.users[who], inquiry=inquiry, stage="dihubungi")
    assert Inquiry.objects.get().stage == InquiryStage.NEW


def test_the_producer_reads_and_moves_an_inquiry_in_the_inbox(client: Any, market: Market) -> None:
    inquiry = inquiry_submit(product=market.kursi, data=inquiry_data()).inquiry
    client.force_login(market.users["olga"])
    response = client.post(
        f"/pasar/permintaan/{inquiry.pk}/tahap/",
        {"stage": "dihubungi", "note": "Dibalas lewat surel."},
        follow=True,
    )
    assert "pindah ke tahap Dihubungi" in response.content.decode()
    inquiry.refresh_from_db()
    assert (inquiry.stage, inquiry.note) == ("dihubungi", "Dibalas lewat surel.")


def test_the_owners_own_page_lists_their_buyers_inquiries_and_no_one_elses(
    client: Any, market: Market
) -> None:
    inquiry_submit(product=market.kursi, data=inquiry_data())
    inquiry_submit(
        product=market.batik_tulis,
        data=inquiry_data(name="Other Buyer", message="Batik for the hotel lobby."),
    )
    client.force_login(market.users["olga"])
    html = client.get("/usaha-saya/").content.decode()
    panel = html[html.index('id="owner-inquiries"') :]
    panel = panel[: panel.index("</section>")]
    assert "Kursi Bambu Santai" in panel and "Baru" in panel
    assert "Batik Tulis" not in panel
    assert "oliver@bennett-home.example" not in panel  # the inbox shows contacts, not this list
    assert 'href="/pasar/permintaan/"' in panel
