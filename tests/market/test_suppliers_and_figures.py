"""Raw-material suppliers matched to producers' requests by material and distance, both sides
told; the Jendela Wanita view and the partner role; market figures on the dashboard and in
open data with small cells suppressed."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.market.figures import market_figures
from sentra.market.models import MatchBasis, MaterialMatch, Order
from sentra.market.rules import ActionRefused
from sentra.market.services import orders
from sentra.market.services.inquiries import inquiry_stage_set, inquiry_submit
from sentra.market.services.suppliers import (
    RequestData,
    SupplierData,
    material_request_create,
    supplier_save,
)
from tests.market.conftest import OLGA_NIK, OLGA_PHONE, Market, inquiry_data

pytestmark = pytest.mark.django_db

SUPPLIER_PHONE = "081298765432"


def _supplier(kecamatan: str, material: str = "bambu", **extra: Any) -> Any:
    return supplier_save(
        actor=SystemActor("test"),
        data=SupplierData(
            name=f"Pemasok {material} {kecamatan}",
            material=material,
            kecamatan_code=kecamatan,
            capacity="1.000 batang per bulan",
            contact=SUPPLIER_PHONE,
            listed_publicly=True,
            **extra,
        ),
    )


def _request(market: Market, actor: Any = None) -> Any:
    return material_request_create(
        actor=actor or market.users["olga"],
        unit=market.bambu,
        data=RequestData(material="bambu", quantity="300 batang"),
    )


def test_suppliers_match_by_material_and_kecamatan_or_neighbour(market: Market) -> None:
    same = _supplier("36.02.14")  # Rangkasbitung
    neighbour = _supplier("36.02.11")  # Cimarga borders Rangkasbitung
    _supplier("36.02.03")  # Bayah: far away
    _supplier("36.02.14", material="nira")  # another material
    request = _request(market)
    found = {m.supplier_id: m.basis for m in request.matches.all()}
    assert found == {same.pk: MatchBasis.SAME_KECAMATAN, neighbour.pk: MatchBasis.NEIGHBOUR}


def test_coordinates_decide_when_both_sides_have_them(market: Market) -> None:
    type(market.bambu).objects.filter(pk=market.bambu.pk).update(
        latitude=Decimal("-6.3520"), longitude=Decimal("106.2560")
    )
    market.bambu.refresh_from_db()
    near = _supplier("36.02.03", latitude=Decimal("-6.4300"), longitude=Decimal("106.2200"))
    _supplier("36.02.14", latitude=Decimal("-6.9500"), longitude=Decimal("106.1000"))  # 68 km
    request = _request(market)
    (match,) = request.matches.all()
    assert (match.supplier_id, match.basis) == (near.pk, MatchBasis.DISTANCE)
    assert Decimal("8") < match.distance_km < Decimal("10")


def test_both_sides_are_told_of_a_match(market: Market) -> None:
    _supplier("36.02.14")
    _request(market)
    assert market.users["olga"].market_notifications.filter(text__contains="Pemasok").exists()
    # The supplier has no account: the officer of its kecamatan passes it on.
    assert market.users["officer"].market_notifications.filter(text__contains="kabari").exists()


def test_a_new_supplier_is_matched_with_open_requests(market: Market) -> None:
    request = _request(market)
    assert request.matches.count() == 0
    _supplier("36.02.14")
    assert MaterialMatch.objects.filter(request=request).count() == 1


def test_the_public_directory_never_shows_a_contact_or_unlisted_supplier(
    client: Any, market: Market
) -> None:
    _supplier("36.02.14")
    supplier_save(
        actor=SystemActor("test"),
        data=SupplierData(
            name="Pemasok Rahasia", material="kayu", kecamatan_code="36.02.14", capacity="1 m³"
        ),
    )
    html = client.get("/pemasok/").content.decode()
    assert "Pemasok bambu 36.02.14" in html
    assert "Pemasok Rahasia" not in html
    assert SUPPLIER_PHONE not in html and SUPPLIER_PHONE[-4:] not in html


def test_a_suppliers_contact_is_encrypted_and_revealing_it_is_audited(
    client: Any, market: Market
) -> None:
    supplier = _supplier("36.02.14")
    assert SUPPLIER_PHONE not in supplier.contact_encrypted
    client.force_login(market.users["olga"])
    response = client.post(f"/pasar/pemasok/{supplier.pk}/kontak/")
    assert SUPPLIER_PHONE in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert AuditLog.objects.filter(action="market.supplier_contact").count() == 1


def test_an_officer_adds_suppliers_only_in_their_kecamatan(market: Market) -> None:
    with pytest.raises(ActionRefused):
        supplier_save(
            actor=market.users["officer_bayah"],
            data=SupplierData(name="X", material="bambu", kecamatan_code="36.02.14", capacity="1"),
        )


def test_a_supplier_with_html_is_refused_naming_the_field(market: Market) -> None:
    with pytest.raises(ValidationError) as caught:
        supplier_save(
            actor=SystemActor("test"),
            data=SupplierData(
                name="<i>Bambu</i>", material="bambu", kecamatan_code="36.02.14", capacity="1"
            ),
        )
    assert caught.value.error_dict["name"][0].code == "html"


# --- figures, Jendela Wanita, open data -------------------------------------------------------


def _sale(market: Market, country: str = "GB") -> Order:
    inquiry = inquiry_submit(product=market.kursi, data=inquiry_data(country=country)).inquiry
    inquiry_stage_set(actor=SystemActor("test"), inquiry=inquiry, stage="pesanan")
    order = Order.objects.get(inquiry=inquiry)
    orders.order_details_set(
        actor=SystemActor("test"), order=order, ordered_on=date(2018, 6, 5), value_usd=800
    )
    return orders.order_confirm(actor=SystemActor("test"), order=order)


def test_market_figures_count_inquiries_conversion_and_sales_with_women_apart(
    market: Market,
) -> None:
    _sale(market)
    inquiry_submit(product=market.batik_tulis, data=inquiry_data(country="ID", message="Batik?"))
    year = date.today().year  # inquiries are dated when they arrive
    figures = market_figures(year=year)
    assert (figures["products_listed"], figures["producers_listed"]) == (3, 2)
    assert (figures["products_listed_women"], figures["producers_listed_women"]) == (2, 1)
    assert figures["inquiries"] == 2 and figures["inquiries_foreign"] == 1
    stages = {row["code"]: row["count"] for row in figures["by_stage"]}
    assert (stages["pesanan"], stages["baru"]) == (1, 1)
    sales_2018 = market_figures(year=2018)
    assert (sales_2018["sales"], sales_2018["sales_women"], sales_2018["sales_usd"]) == (
        11_000_000,
        11_000_000,
        800,
    )
    assert sales_2018["by_month"][5] == {"month": 6, "sales": 11_000_000, "sales_women": 11_000_000}
    assert sales_2018["by_commodity"][0]["name"] == "Anyam-anyaman"


def test_an_officers_figures_cover_their_kecamatan_only(client: Any, market: Market) -> None:
    inquiry_submit(product=market.batik_tulis, data=inquiry_data(country="ID"))
    client.force_login(market.users["officer"])
    html = client.get("/pasar/angka/").content.decode()
    assert "kecamatan tugas Anda" in html


def test_the_partner_sees_jendela_wanita_without_any_personal_data(
    client: Any, market: Market
) -> None:
    _sale(market)
    client.force_login(market.users["partner"])
    html = client.get("/pasar/jendela-wanita/?tahun=2018").content.decode()
    assert "Anyaman Bambu Pasir Ona" in html  # women-owned, home industry
    assert "Batik Seren Taun" not in html  # a man's unit, not a home industry
    assert "11.000.000" in html
    for secret in (
        OLGA_NIK,
        OLGA_PHONE,
        "Olga Sumarni",
        "oliver@bennett-home.example",
        "Oliver Bennett",
    ):
        assert secret not in html
    for url in ("/pasar/permintaan/", "/pasar/pesanan/", f"/units/{market.bambu.pk}/"):
        assert client.get(url).status_code in (403, 404), url


def test_the_dashboard_has_a_market_panel(client: Any, market: Market) -> None:
    _sale(market)
    client.force_login(market.users["admin"])
    html = client.get("/dashboard/?year=2018").content.decode()
    assert 'id="market"' in html
    assert "Penjualan lewat koperasi menurut komoditas" in html


def test_open_data_carries_market_figures_with_small_cells_suppressed(
    client: Any, market: Market
) -> None:
    _sale(market)
    body = json.loads(client.get("/data-terbuka/pasar-komoditas-2018.json").content)
    assert body["metadata"]["judul"].startswith("Permintaan pembeli dan penjualan")
    (row,) = body["data"]
    assert row["disembunyikan"] is True and row["penjualan_rp"] is None  # one unit only
    csv = client.get("/data-terbuka/pasar-negara-2018.csv").content.decode()
    assert csv.splitlines()[0] == "tahun,kode_negara,unit,permintaan,pesanan,disembunyikan"
