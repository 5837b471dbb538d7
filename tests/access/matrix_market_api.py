"""Access to the market's API operations: the public catalog and buyers' inquiries to it, a
unit's products for those who manage them, and the inquiry inbox — every operation × persona,
called with each persona's read token and write token (anonymous calls carry none).

The API answers as the market's web pages do: the catalog and sending an inquiry are public;
the product pages and the inbox answer 403 to a role without them (analyst for products, the
partner office for inquiries) and 404 outside the caller's area.

It reuses the market's world (tests/access/matrix_market.py, whose `extend_world` runs first):
owner A's unit in Rangkasbitung has a published product with photos, a product waiting for
moderation, an inquiry that became a paid order and a new inquiry; owner B's unit in Bayah has
a published product. Tokens come from tests/access/matrix_api.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from django.test import Client

from sentra.market.models import NEXT_STAGES, Inquiry, InquiryStage, Product
from tests.access.matrix_market import _market_rows
from tests.access.spec import FORBIDDEN, NOT_FOUND, OK, UNAUTHORIZED, Case, World, every

CREATED = 201
PRECONDITION_FAILED = 412


def extend_world(world: World) -> None:
    """Nothing of its own: check that the market's world and the API tokens are there."""
    missing = {"product_a", "pending", "product_b", "inquiry_a", "inquiry_new", "api_tokens"}
    missing -= set(world.extra)
    if missing:  # the market's or the API's matrix did not build its part first
        raise RuntimeError(f"matrix_market_api needs {sorted(missing)}")


def api(status: int, **overrides: int) -> dict[str, int]:
    """Every token persona gets `status`; anonymous 401 unless overridden."""
    return every(status, anonymous=UNAUTHORIZED, **overrides)


# Who manages owner A's unit in Rangkasbitung, and owner B's in Bayah.
MANAGE_A = api(
    OK,
    analyst=FORBIDDEN,
    officer_bayah=NOT_FOUND,
    owner_b=NOT_FOUND,
    koperasi=FORBIDDEN,
    partner=FORBIDDEN,
)
MANAGE_B_BAYAH = {
    **MANAGE_A,
    "officer_bayah": OK,
    "owner_b": OK,
    "officer_rangkasbitung": NOT_FOUND,
    "owner_a": NOT_FOUND,
}
# Who reads an inquiry about A's product: the new one, and the one that became an order.
READS_NEW_A = api(
    OK, officer_bayah=NOT_FOUND, owner_b=NOT_FOUND, koperasi=NOT_FOUND, partner=FORBIDDEN
)
READS_ORDERED_A = {**READS_NEW_A, "koperasi": OK}
READ_ONLY_TOKEN = api(FORBIDDEN)  # a read token never writes, whoever holds it
STALE = '"' + "0" * 32 + '"'


def _with(statuses: dict[str, int], status: int) -> dict[str, int]:
    """`statuses`, with `status` (e.g. 201 or 412) where they say OK."""
    return {k: (status if v == OK else v) for k, v in statuses.items()}


def _product(key: str) -> Callable[[World], Product]:
    return lambda w: w.extra[key]


def _managed(key: str) -> Callable[[World], str]:
    return lambda w: f"/api/v1/units/{w.extra[key].unit_id}/products/{w.extra[key].pk}/"


def _inquiry(key: str) -> Callable[[World], str]:
    return lambda w: f"/api/v1/inquiries/{w.extra[key].pk}/"


def _read_etag(url: Callable[[World], str]) -> Callable[[World], dict[str, str]]:
    """If-Match with the ETag as read now (by the admin: every caller allowed to write reads
    the same answer, buyer contact included)."""

    def headers(w: World) -> dict[str, str]:
        token = w.extra["api_tokens"]["read"]["admin"]
        response = Client().get(url(w), headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == OK, response.content
        return {"If-Match": response["ETag"]}

    return headers


def _stale(w: World) -> dict[str, str]:
    return {"If-Match": STALE}


_numbers = itertools.count(1)


def _inquiry_body(w: World) -> dict[str, Any]:
    """A buyer's inquiry; each call a new message, so none is a duplicate of another."""
    return {
        "name": "Lena Fischer",
        "organisation": "Naturmöbel GmbH",
        "country": "DE",
        "email": "lena@naturmoebel.example",
        "quantity": 12,
        "message": f"Bitte ein Angebot für zwölf Stühle (Nr. {next(_numbers)}).",
    }


def _next_stage(w: World) -> dict[str, str]:
    """The next stage of the new inquiry as it stands, so that each caller allowed moves it
    on (baru → dihubungi → penawaran → batal; never "pesanan", whose order would show the
    inquiry to the cooperative)."""
    stage = Inquiry.objects.get(pk=w.extra["inquiry_new"].pk).stage
    following = [s for s in NEXT_STAGES[stage] if s != InquiryStage.ORDERED]
    # Once it is cancelled (after the three callers allowed), the others are refused anyway.
    following.append(InquiryStage.CANCELLED)
    return {"stage": following[0], "note": "Ditindaklanjuti lewat API."}


def _price(w: World) -> dict[str, int]:
    return {"price_min": 400_000 + Product.objects.get(pk=w.extra["product_a"].pk).pk}


READS: list[Case] = [
    # --- the public catalog --------------------------------------------------------------
    Case("api:catalog_product_list", lambda w: "/api/v1/products/", every(OK), api=True),
    Case(
        "api:catalog_product_list",
        lambda w: "/api/v1/products/?q=kursi+bambu&commodity=mebel&kecamatan=36.02.14&home=1",
        every(OK),
        api=True,
        label="searched",
    ),
    Case(
        "api:catalog_product_list",
        lambda w: "/api/v1/products/?commodity=emas",
        every(422),
        api=True,
        label="unknown commodity",
    ),
    Case(
        "api:catalog_product_detail",
        lambda w: f"/api/v1/products/{w.extra['product_a'].pk}/",
        every(OK),
        api=True,
    ),
    Case(
        "api:catalog_product_detail",
        lambda w: f"/api/v1/products/{w.extra['pending'].pk}/",
        every(NOT_FOUND),
        api=True,
        label="waiting for moderation",
    ),
    # --- a unit's products ---------------------------------------------------------------
    Case(
        "api:product_list",
        lambda w: f"/api/v1/units/{w.unit_a_rangkasbitung.pk}/products/",
        MANAGE_A,
        api=True,
        label="a",
    ),
    Case(
        "api:product_list",
        lambda w: f"/api/v1/units/{w.unit_b_bayah.pk}/products/?status=tayang",
        MANAGE_B_BAYAH,
        api=True,
        label="bayah",
    ),
    Case("api:product_detail", _managed("product_a"), MANAGE_A, api=True, label="a"),
    Case("api:product_detail", _managed("pending"), MANAGE_A, api=True, label="a waiting"),
    Case("api:product_detail", _managed("product_b"), MANAGE_B_BAYAH, api=True, label="bayah"),
    Case(
        "api:product_detail",
        lambda w: f"/api/v1/units/{w.unit_a_rangkasbitung.pk}/products/{w.extra['product_b'].pk}/",
        {**MANAGE_A, "admin": NOT_FOUND, "officer_rangkasbitung": NOT_FOUND, "owner_a": NOT_FOUND},
        api=True,
        label="under another unit",
    ),
    # --- the inquiry inbox ---------------------------------------------------------------
    Case(
        "api:inquiry_list",
        lambda w: "/api/v1/inquiries/?stage=baru",
        api(OK, partner=FORBIDDEN),
        api=True,
    ),
    Case("api:inquiry_detail", _inquiry("inquiry_new"), READS_NEW_A, api=True, label="new"),
    Case("api:inquiry_detail", _inquiry("inquiry_a"), READS_ORDERED_A, api=True, label="ordered"),
]

WRITES: list[Case] = [
    # --- buyers' inquiries: public, any token or none -----------------------------------
    Case(
        "api:catalog_inquiry_create",
        lambda w: f"/api/v1/products/{w.extra['product_a'].pk}/inquiries/",
        every(CREATED),
        method="POST",
        data=_inquiry_body,
        api=True,
    ),
    Case(
        "api:catalog_inquiry_create",
        lambda w: f"/api/v1/products/{w.extra['product_a'].pk}/inquiries/",
        every(CREATED),
        method="POST",
        data=_inquiry_body,
        api=True,
        token_scope="read",  # sending an inquiry is public: a token adds no power here
        label="read token",
    ),
    Case(
        "api:catalog_inquiry_create",
        lambda w: f"/api/v1/products/{w.extra['product_a'].pk}/inquiries/",
        every(422),
        method="POST",
        data=lambda w: {**_inquiry_body(w), "message": "<script>alert(1)</script>"},
        snapshot=_market_rows,
        api=True,
        label="HTML refused",
    ),
    Case(
        "api:catalog_inquiry_create",
        lambda w: f"/api/v1/products/{w.extra['pending'].pk}/inquiries/",
        every(NOT_FOUND),
        method="POST",
        data=_inquiry_body,
        snapshot=_market_rows,
        api=True,
        label="waiting for moderation",
    ),
    # --- a unit's products: write token, managers of the unit ---------------------------
    Case(
        "api:product_create",
        lambda w: f"/api/v1/units/{w.unit_a_rangkasbitung.pk}/products/",
        _with(MANAGE_A, CREATED),
        method="POST",
        data=lambda w: {"name": "Lampu Bambu", "commodity": "mebel", "price_min": 125_000},
        snapshot=_market_rows,
        api=True,
    ),
    Case(
        "api:product_create",
        lambda w: f"/api/v1/units/{w.unit_a_rangkasbitung.pk}/products/",
        _with(MANAGE_A, 422),
        method="POST",
        data=lambda w: {"name": "Lampu", "commodity": "emas", "price_min": 1},
        snapshot=_market_rows,
        api=True,
        label="unknown commodity",
    ),
    Case(
        "api:product_create",
        lambda w: f"/api/v1/units/{w.unit_b_bayah.pk}/products/",
        _with(MANAGE_B_BAYAH, CREATED),
        method="POST",
        data=lambda w: {"name": "Bilik Motif", "commodity": "mebel", "price_min": 80_000},
        snapshot=_market_rows,
        api=True,
        label="bayah",
    ),
    Case(
        "api:product_update",
        _managed("product_a"),
        MANAGE_A,
        method="PATCH",
        data=_price,
        headers=_read_etag(_managed("product_a")),
        snapshot=_market_rows,
        api=True,
    ),
    Case(
        "api:product_update",
        _managed("product_a"),
        _with(MANAGE_A, PRECONDITION_FAILED),
        method="PATCH",
        data=lambda w: {"in_stock": False},
        headers=_stale,
        snapshot=_market_rows,
        api=True,
        label="stale If-Match",
    ),
    Case(
        "api:product_archive",
        _managed("pending"),
        MANAGE_A,
        method="DELETE",
        headers=_read_etag(_managed("pending")),
        snapshot=_market_rows,
        api=True,
    ),
    Case(
        "api:product_archive",
        _managed("product_b"),
        _with(MANAGE_B_BAYAH, PRECONDITION_FAILED),
        method="DELETE",
        headers=_stale,
        snapshot=_market_rows,
        api=True,
        label="bayah, stale If-Match",
    ),
    # --- the inbox: stage changes by the producer and the office -------------------------
    Case(
        "api:inquiry_update",
        _inquiry("inquiry_new"),
        {**READS_NEW_A, "analyst": FORBIDDEN},
        method="PATCH",
        data=_next_stage,
        headers=_read_etag(_inquiry("inquiry_new")),
        snapshot=_market_rows,
        api=True,
    ),
    Case(
        "api:inquiry_update",
        _inquiry("inquiry_a"),
        # The cooperative reads the inquiry that became its order but does not move it.
        _with(
            {**READS_ORDERED_A, "analyst": FORBIDDEN, "koperasi": FORBIDDEN}, PRECONDITION_FAILED
        ),
        method="PATCH",
        data=lambda w: {"stage": "batal"},
        headers=_stale,
        snapshot=_market_rows,
        api=True,
        label="ordered, stale If-Match",
    ),
]


def _read_token(case: Case) -> Case:
    """The same read with a read token: reads answer alike for both scopes."""
    return Case(**{**case.__dict__, "token_scope": "read", "label": f"{case.label} read token"})


def _refused_read_token(case: Case) -> Case:
    return Case(
        **{
            **case.__dict__,
            "expect": READ_ONLY_TOKEN,
            "token_scope": "read",
            "label": f"{case.label} read token".strip(),
        }
    )


CASES: list[Case] = [*READS, *(_read_token(c) for c in READS), *WRITES]
CASES += [
    _refused_read_token(c)
    for c in WRITES
    if c.name != "api:catalog_inquiry_create" and "stale" not in c.label
]
