"""The market in `sentra demo`: about 300 products with drawn pictures, Pasir Ona's bamboo
furniture with buyers in six European countries, inquiries and orders over 2017–2018 that
never exceed the units' reported exports or production, and the demo owner's products.

The demo is loaded once for this module (committed), then the database is emptied again."""

from __future__ import annotations

import io
import os
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F, Sum
from django.test import override_settings
from PIL import Image

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.usefixtures("demo")]

EUROPE = {"GB", "DE", "IT", "NL", "FR", "PT"}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    saved = os.environ.pop("SENTRA_DEMO_PASSWORD", None)
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        with fast:
            call_command("demo", stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)
    if saved is not None:
        os.environ["SENTRA_DEMO_PASSWORD"] = saved


def test_the_demo_catalog_has_about_300_products_each_with_a_drawn_picture() -> None:
    from sentra.market.models import ProductPhoto
    from sentra.market.selectors import catalog_products

    listed = catalog_products()
    assert 250 <= listed.count() <= 350
    assert not listed.filter(photo_id__isnull=True).exists()
    photo = ProductPhoto.objects.filter(approved=True).first()
    assert photo is not None
    assert Image.open(io.BytesIO(bytes(photo.large))).format == "JPEG"


def test_the_demo_covers_the_regencys_products() -> None:
    from sentra.market.selectors import catalog_products

    names = " ".join(catalog_products().values_list("name", flat=True)).lower()
    for word in ("kursi bambu", "batik", "gula aren", "emping", "kalimaya"):
        assert word in names, word


def test_pasir_ona_furniture_reaches_buyers_in_six_european_countries() -> None:
    from sentra.market.models import Order

    countries = set(
        Order.objects.filter(
            unit__desa_id="36.02.14.2017", status__in=["lunas", "selesai", "dikonfirmasi"]
        ).values_list("buyer_country", flat=True)
    )
    assert countries >= EUROPE


def test_orders_never_exceed_the_reported_exports_or_production() -> None:
    from sentra.market.models import SALE_STATUSES, Inquiry, Order
    from sentra.registry.models import ExportDestination, YearlyReport

    years = set(Order.objects.values_list("ordered_on__year", flat=True))
    assert years == {2017, 2018}
    assert set(Inquiry.objects.values_list("created_at__year", flat=True)) == {2017, 2018}
    usd: dict[tuple[int, int, str], int] = defaultdict(int)
    idr: dict[tuple[int, int], int] = defaultdict(int)
    for order in Order.objects.filter(status__in=SALE_STATUSES):
        year = order.ordered_on.year
        idr[(order.unit_id, year)] += order.total
        if order.buyer_country != "ID":
            usd[(order.unit_id, year, order.buyer_country)] += order.value_usd
    reported = {
        (d.report.unit_id, d.report.year, d.country): d.value_usd
        for d in ExportDestination.objects.filter(report__year__in=years).select_related("report")
    }
    assert usd and all(value <= reported[key] for key, value in usd.items())
    production = {
        (r.unit_id, r.year): r.production_value
        for r in YearlyReport.objects.filter(unit_id__in={k[0] for k in idr}, year__in=years)
    }
    assert all(value <= production[key] for key, value in idr.items())


def test_the_cooperatives_books_balance() -> None:
    from sentra.market.models import Order, Payment, Payout
    from sentra.market.services.orders import order_money

    for order in Order.objects.filter(status="selesai"):
        money = order_money(order)
        assert money.received == order.total and money.paid_out == money.producer_due
    assert Payment.objects.filter(order__status="draf").count() == 0
    assert Payout.objects.filter(decided_by__isnull=False).exists()
    assert not Payout.objects.filter(decided_by=F("proposed_by")).exists()  # maker-checker
    assert Order.objects.filter(status__in=["lunas", "selesai"]).aggregate(s=Sum("total"))["s"] > 0


def test_the_demo_owner_has_at_least_three_products_in_the_catalog() -> None:
    from sentra.market.selectors import catalog_products

    assert catalog_products().filter(unit__owner__account__username="pemilik.pasirona").count() >= 3


def test_the_demo_has_accounts_for_the_cooperative_and_the_partner_office() -> None:
    from sentra.accounts.models import User

    roles = dict(
        User.objects.filter(
            username__in=["koperasi.jelita", "koperasi.bendahara", "mitra.dp3akkb"]
        ).values_list("username", "role")
    )
    assert roles == {
        "koperasi.jelita": "koperasi",
        "koperasi.bendahara": "koperasi",
        "mitra.dp3akkb": "partner",
    }


def test_the_demo_leaves_work_for_every_market_role() -> None:
    from sentra.market.models import ExportProposal, Inquiry, MaterialMatch, Product, Supplier

    assert Inquiry.objects.filter(stage="baru").exists()
    assert Product.objects.filter(status="menunggu").exists()  # the moderation queue
    assert ExportProposal.objects.filter(status="diusulkan").exists()
    assert ExportProposal.objects.filter(status="diterima").exists()
    assert Supplier.objects.filter(listed_publicly=True).count() >= 10
    assert MaterialMatch.objects.exists()
