"""Access to the market (issue 11): the public catalog and supplier directory, producers'
self-service, moderation, the inquiry inbox, the cooperative's orders, payments and payouts,
statements, export proposals, suppliers and requests, the Jendela Wanita view and figures.

Owner A's unit in Rangkasbitung is in the catalog with a product, photos, an inquiry that
became an order (confirmed, paid in part, a payout proposed by the cooperative member
`koperasi`), an export proposal and a raw-material request. Owner B's unit in Bayah has a
published product and an inquiry.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

from PIL import Image

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.market.models import (
    Agreement,
    Inquiry,
    MaterialRequest,
    Order,
    OrderItem,
    Payment,
    Payout,
    Product,
    ProductPhoto,
    Supplier,
)
from sentra.market.services import catalog, inquiries, orders, suppliers
from sentra.registry.models import Commodity
from sentra.registry.services import PersonUpdateData, ReportData, person_update, report_record
from tests.access.spec import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, World, every

SIGNED_IN = every(OK, anonymous=LOGIN)
# Who manages owner A's unit in Rangkasbitung (and answers how).
MANAGE_A = every(
    OK,
    anonymous=LOGIN,
    analyst=FORBIDDEN,
    officer_bayah=NOT_FOUND,
    owner_b=NOT_FOUND,
    koperasi=FORBIDDEN,
    partner=FORBIDDEN,
)
MANAGE_A_WRITE = {k: (302 if v == OK else v) for k, v in MANAGE_A.items()}
COOPERATIVE_WRITE = every(FORBIDDEN, anonymous=LOGIN, koperasi=302)
SEES_ORDER_A = every(
    OK, anonymous=LOGIN, officer_bayah=NOT_FOUND, owner_b=NOT_FOUND, partner=FORBIDDEN
)
FIGURES = every(OK, anonymous=LOGIN, owner_a=FORBIDDEN, owner_b=FORBIDDEN, koperasi=FORBIDDEN)
SUPPLIER_EDITORS = every(
    FORBIDDEN, anonymous=LOGIN, admin=OK, officer_rangkasbitung=OK, officer_bayah=OK
)


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, format="JPEG")
    return out.getvalue()


def extend_world(world: World) -> None:
    unit_a, unit_b = world.unit_a_rangkasbitung, world.unit_b_bayah
    for unit in (unit_a, unit_b):
        owner = unit.owner
        person_update(
            actor=SystemActor("test"),
            person=owner,
            data=PersonUpdateData(name=owner.name, sex=owner.sex, consent=True),
        )
        catalog.consent_give(actor=SystemActor("test"), unit=unit)
        report_record(
            actor=SystemActor("test"),
            unit=unit,
            data=ReportData(year=2018, production_value=9_000_000),
        )
    mebel = Commodity.objects.get(code="mebel")
    data = catalog.ProductData(name="Kursi Bambu", commodity_id=mebel.pk, price_min=450_000)
    product_a = catalog.product_create(
        actor=SystemActor("test"), unit=unit_a, data=data, publish=True
    )
    for shade in range(4):  # one photo for each persona who may delete one, and one left
        catalog.photo_add(
            actor=SystemActor("test"),
            product=product_a,
            content=_jpeg((40 * shade, 90, 60)),
            approved=True,
        )
    pending = catalog.product_create(
        actor=world.users["owner_a"],
        unit=unit_a,
        data=catalog.ProductData(name="Rak Bambu", commodity_id=mebel.pk, price_min=300_000),
    )
    pending_photo = catalog.photo_add(
        actor=world.users["owner_a"], product=pending, content=_jpeg((200, 10, 10))
    )
    product_b = catalog.product_create(
        actor=SystemActor("test"),
        unit=unit_b,
        data=catalog.ProductData(name="Bilik Bambu", commodity_id=mebel.pk, price_min=60_000),
        publish=True,
    )
    inquiry_a = inquiries.inquiry_submit(
        product=product_a,
        data=inquiries.InquiryData(
            name="Oliver Bennett",
            country="GB",
            email="oliver@bennett.example",
            quantity=10,
            message="Please quote ten chairs.",
        ),
    ).inquiry
    inquiry_new = inquiries.inquiry_submit(
        product=product_a,
        data=inquiries.InquiryData(
            name="Rina", country="ID", email="rina@toko.example", quantity=5, message="Ada stok?"
        ),
    ).inquiry
    inquiries.inquiry_submit(
        product=product_b,
        data=inquiries.InquiryData(
            name="Budi", country="ID", email="budi@hotel.example", quantity=20, message="Harga?"
        ),
    )
    orders.agreement_record(
        actor=SystemActor("test"),
        unit=unit_a,
        number="PKS/KJ/2018/001",
        share_percent=Decimal("5"),
        valid_from=date(2018, 1, 1),
    )
    inquiries.inquiry_stage_set(actor=SystemActor("test"), inquiry=inquiry_a, stage="pesanan")
    order = Order.objects.get(inquiry=inquiry_a)
    orders.order_details_set(
        actor=SystemActor("test"), order=order, ordered_on=date(2018, 6, 5), value_usd=330
    )
    order = orders.order_confirm(actor=SystemActor("test"), order=order)
    orders.payment_record(
        actor=SystemActor("test"), order=order, amount=2_000_000, received_on=date(2018, 6, 10)
    )
    payout = orders.payout_propose(actor=world.users["koperasi"], order=order, amount=1_000_000)
    supplier = suppliers.supplier_save(
        actor=SystemActor("test"),
        data=suppliers.SupplierData(
            name="Kelompok Tani Bambu",
            material="bambu",
            kecamatan_code="36.02.14",
            capacity="3.000 batang per bulan",
            contact="081298765432",
            listed_publicly=True,
        ),
    )
    request = suppliers.material_request_create(
        actor=SystemActor("test"),
        unit=unit_a,
        data=suppliers.RequestData(material="bambu", quantity="300"),
    )
    world.extra.update(
        product_a=product_a,
        pending=pending,
        pending_photo=pending_photo,
        product_b=product_b,
        inquiry_a=inquiry_a,
        inquiry_new=inquiry_new,
        order=order,
        payout=payout,
        supplier=supplier,
        request=request,
        proposal=order.unit.export_proposals.get(),
    )


def _a(w: World) -> Product:
    product: Product = w.extra["product_a"]
    return product


def _product_url(w: World) -> str:
    return f"/katalog/{_a(w).pk}-{_a(w).slug}/"


def _market_rows(w: World) -> Any:
    return (
        list(Product.objects.order_by("pk").values()),
        ProductPhoto.objects.count(),
        list(Inquiry.objects.order_by("pk").values("pk", "stage")),
        list(Order.objects.order_by("pk").values()),
        OrderItem.objects.count(),
        Payment.objects.count(),
        list(Payout.objects.order_by("pk").values("pk", "status")),
        Agreement.objects.count(),
        list(Supplier.objects.order_by("pk").values()),
        list(MaterialRequest.objects.order_by("pk").values("pk", "status")),
    )


def _contacts(w: World) -> Any:
    return AuditLog.objects.filter(action="market.supplier_contact").count()


def _order(w: World) -> int:
    return int(w.extra["order"].pk)


def _statement(w: World, suffix: str) -> str:
    return f"/pasar/laporan-bulanan/{w.unit_a_rangkasbitung.pk}/2018-6{suffix}"


def _first_photo(w: World) -> str:
    photo = ProductPhoto.objects.filter(product=_a(w)).order_by("pk").first()
    return f"/pasar/foto/{photo.pk if photo else 0}/hapus/"


INQUIRY = {
    "name": "Lena Fischer",
    "organisation": "Naturmöbel GmbH",
    "country": "DE",
    "email": "lena@naturmoebel.example",
    "quantity": "12",
    "message": "Bitte ein Angebot für zwölf Stühle.",
}

CASES: list[Case] = [
    # --- public pages --------------------------------------------------------------------
    Case("market:catalog", lambda w: "/katalog/", every(OK)),
    Case(
        "market:catalog",
        lambda w: "/katalog/?q=kursi+bambu&commodity=mebel&women=1&sort=harga&page=2",
        every(OK),
        label="searched",
    ),
    Case("market:product", _product_url, every(OK)),
    Case(
        "market:product",
        lambda w: f"/katalog/{_a(w).pk}-nama-lama/",
        every(301),
        label="old slug",
    ),
    Case(
        "market:product",
        lambda w: f"/katalog/{w.extra['pending'].pk}-rak-bambu/",
        every(NOT_FOUND),
        label="waiting for moderation",
    ),
    Case(
        "market:product",
        _product_url,
        every(302),
        method="POST",
        data=lambda w: INQUIRY,
        label="inquiry",
    ),
    Case(
        "market:product",
        _product_url,
        every(OK),
        method="POST",
        data=lambda w: {**INQUIRY, "message": "<script>alert(1)</script>"},
        snapshot=_market_rows,
        label="inquiry with HTML",
    ),
    Case(
        "market:product",
        _product_url,
        every(400),
        method="POST",
        data=lambda w: {**INQUIRY, "website": "http://spam.example"},
        snapshot=_market_rows,
        label="honeypot",
    ),
    Case(
        "market:producer",
        lambda w: f"/katalog/produsen/{w.unit_a_rangkasbitung.pk}-anyaman-omar/",
        every(OK),
    ),
    Case(
        "market:producer",
        lambda w: f"/katalog/produsen/{w.unit_b_rangkasbitung.pk}-anyaman-olga/",
        every(NOT_FOUND),
        label="without publication consent",
    ),
    Case(
        "market:photo",
        lambda w: (
            f"/katalog/foto/{ProductPhoto.objects.filter(product=_a(w)).first().pk}-kecil.jpg"
        ),  # type: ignore[union-attr]
        every(OK),
    ),
    Case(
        "market:photo",
        lambda w: f"/katalog/foto/{w.extra['pending_photo'].pk}-besar.jpg",
        every(
            NOT_FOUND,
            admin=OK,
            officer_rangkasbitung=OK,
            owner_a=OK,
        ),
        label="waiting for moderation",
    ),
    Case("market:supplier_directory", lambda w: "/pemasok/?bahan=bambu", every(OK)),
    # --- the market's home and producers' self-service -----------------------------------
    Case("market:hub", lambda w: "/pasar/", SIGNED_IN),
    Case(
        "market:product_manage_list",
        lambda w: "/pasar/produk/",
        every(OK, anonymous=LOGIN, analyst=FORBIDDEN, koperasi=FORBIDDEN, partner=FORBIDDEN),
    ),
    Case(
        "market:unit_find",
        lambda w: f"/pasar/produk/cari-unit/?unit={w.unit_a_rangkasbitung.pk}",
        MANAGE_A_WRITE,
    ),
    Case("market:unit_market", lambda w: f"/pasar/unit/{w.unit_a_rangkasbitung.pk}/", MANAGE_A),
    Case(
        "market:unit_market",
        lambda w: f"/pasar/unit/{w.unit_a_rangkasbitung.pk}/",
        MANAGE_A_WRITE,
        method="POST",
        data=lambda w: {"story": "Usaha keluarga.", "home_industry": "on"},
        snapshot=_market_rows,
        label="profile",
    ),
    Case(
        "market:consent_change",
        lambda w: f"/pasar/unit/{w.unit_a_rangkasbitung.pk}/persetujuan/",
        MANAGE_A_WRITE,
        method="POST",
        data=lambda w: {"action": "withdraw"},
        snapshot=lambda w: list(w.unit_a_rangkasbitung.publication_consents.values()),
    ),
    Case(
        "market:product_create",
        lambda w: f"/pasar/unit/{w.unit_a_rangkasbitung.pk}/produk-baru/",
        MANAGE_A,
    ),
    Case(
        "market:product_create",
        lambda w: f"/pasar/unit/{w.unit_a_rangkasbitung.pk}/produk-baru/",
        MANAGE_A,  # the form comes back with its errors
        method="POST",
        data=lambda w: {"name": "", "price_min": "-1"},
        snapshot=_market_rows,
        label="invalid",
    ),
    Case("market:product_edit", lambda w: f"/pasar/produk/{_a(w).pk}/", MANAGE_A),
    Case(
        "market:product_edit",
        lambda w: f"/pasar/produk/{_a(w).pk}/",
        MANAGE_A,
        method="POST",
        data=lambda w: {"name": "<b>Kursi</b>", "commodity": "mebel", "price_min": "1"},
        snapshot=_market_rows,
        label="HTML refused",
    ),
    Case(
        "market:photo_upload",
        lambda w: f"/pasar/produk/{_a(w).pk}/foto/",
        MANAGE_A_WRITE,  # no file: a message, nothing stored
        method="POST",
        snapshot=_market_rows,
        label="no file",
    ),
    Case(
        "market:photo_delete",
        _first_photo,
        MANAGE_A_WRITE,
        method="POST",
        snapshot=_market_rows,
    ),
    Case(
        "market:product_stock",
        lambda w: f"/pasar/produk/{_a(w).pk}/stok/",
        MANAGE_A_WRITE,
        method="POST",
        data=lambda w: {"in_stock": "0"},
        snapshot=_market_rows,
    ),
    Case(
        "market:product_archive",
        lambda w: f"/pasar/produk/{_a(w).pk}/arsip/",
        MANAGE_A_WRITE,
        method="POST",
        snapshot=_market_rows,
    ),
    Case(
        "market:moderation",
        lambda w: "/pasar/moderasi/",
        every(FORBIDDEN, anonymous=LOGIN, admin=OK, officer_rangkasbitung=OK, officer_bayah=OK),
    ),
    Case(
        "market:moderate",
        lambda w: f"/pasar/moderasi/{w.extra['pending'].pk}/tolak/",
        every(
            FORBIDDEN,
            anonymous=LOGIN,
            admin=302,  # no reason given: a message, nothing changes
            officer_rangkasbitung=302,
            officer_bayah=NOT_FOUND,
        ),
        method="POST",
        snapshot=_market_rows,
    ),
    # --- inquiries -----------------------------------------------------------------------
    Case(
        "market:inquiry_list",
        lambda w: "/pasar/permintaan/?tahap=baru",
        every(OK, anonymous=LOGIN, partner=FORBIDDEN),
    ),
    Case(
        "market:inquiry_stage",
        lambda w: f"/pasar/permintaan/{w.extra['inquiry_new'].pk}/tahap/",
        every(
            302,
            analyst=FORBIDDEN,
            officer_bayah=NOT_FOUND,
            owner_b=NOT_FOUND,
            koperasi=NOT_FOUND,  # the cooperative sees only inquiries that became orders
            partner=FORBIDDEN,
        ),
        method="POST",
        data=lambda w: {"stage": "dihubungi", "note": "Ditelepon."},
        snapshot=_market_rows,
    ),
    # --- orders, payments, payouts -------------------------------------------------------
    Case(
        "market:order_list",
        lambda w: "/pasar/pesanan/?status=dikonfirmasi",
        every(OK, anonymous=LOGIN, partner=FORBIDDEN),
    ),
    Case("market:order_detail", lambda w: f"/pasar/pesanan/{_order(w)}/", SEES_ORDER_A),
    Case(
        "market:order_item_add",
        lambda w: f"/pasar/pesanan/{_order(w)}/barang/",
        COOPERATIVE_WRITE,
        method="POST",
        data=lambda w: {"description": "Meja", "quantity": "1", "unit_price": "100000"},
        snapshot=_market_rows,
    ),
    Case(
        "market:order_item_remove",
        lambda w: f"/pasar/barang/{OrderItem.objects.get(order_id=_order(w)).pk}/hapus/",
        COOPERATIVE_WRITE,
        method="POST",
        snapshot=_market_rows,
    ),
    Case(
        "market:order_details",
        lambda w: f"/pasar/pesanan/{_order(w)}/rincian/",
        COOPERATIVE_WRITE,
        method="POST",
        data=lambda w: {"ordered_on": "2018-06-05", "value_usd": "400"},
        snapshot=_market_rows,
    ),
    Case(
        "market:order_confirm",
        lambda w: f"/pasar/pesanan/{_order(w)}/konfirmasi/",
        COOPERATIVE_WRITE,
        method="POST",
        snapshot=_market_rows,
    ),
    Case(
        "market:order_cancel",
        lambda w: f"/pasar/pesanan/{_order(w)}/batal/",
        COOPERATIVE_WRITE,  # the order received money: refused with a message
        method="POST",
        snapshot=_market_rows,
    ),
    Case(
        "market:payment_add",
        lambda w: f"/pasar/pesanan/{_order(w)}/pembayaran/",
        COOPERATIVE_WRITE,
        method="POST",
        data=lambda w: {"amount": "500000", "received_on": "2018-06-20"},
        snapshot=_market_rows,
    ),
    Case(
        "market:payout_propose",
        lambda w: f"/pasar/pesanan/{_order(w)}/pencairan/",
        COOPERATIVE_WRITE,
        method="POST",
        data=lambda w: {"amount": "100000"},
        snapshot=_market_rows,
    ),
    Case(
        "market:payout_decide",
        lambda w: f"/pasar/pencairan/{w.extra['payout'].pk}/setujui/",
        # The cooperative member who proposed it may not approve it (maker-checker).
        every(FORBIDDEN, anonymous=LOGIN),
        method="POST",
        data=lambda w: {"paid_on": "2018-06-21"},
        snapshot=_market_rows,
        label="own payout",
    ),
    Case(
        "market:agreement_list",
        lambda w: "/pasar/perjanjian/",
        every(OK, anonymous=LOGIN, owner_a=FORBIDDEN, owner_b=FORBIDDEN, partner=FORBIDDEN),
    ),
    Case(
        "market:agreement_list",
        lambda w: "/pasar/perjanjian/",
        every(FORBIDDEN, anonymous=LOGIN, admin=OK, koperasi=OK),  # errors shown
        method="POST",
        data=lambda w: {"number": "", "share_percent": "120"},
        snapshot=_market_rows,
        label="invalid",
    ),
    Case(
        "market:statement_list",
        lambda w: "/pasar/laporan-bulanan/",
        every(OK, anonymous=LOGIN, partner=FORBIDDEN),
    ),
    Case("market:statement_page", lambda w: _statement(w, "/"), SEES_ORDER_A),
    Case("market:statement_file", lambda w: _statement(w, ".xlsx"), SEES_ORDER_A),
    Case(
        "market:statement_file",
        lambda w: _statement(w, ".pdf"),
        SEES_ORDER_A,
        label="pdf",
    ),
    Case(
        "market:export_proposals",
        lambda w: "/pasar/ekspor/",
        every(
            OK,
            anonymous=LOGIN,
            owner_a=FORBIDDEN,
            owner_b=FORBIDDEN,
            koperasi=FORBIDDEN,
            partner=FORBIDDEN,
        ),
    ),
    Case(
        "market:export_decide",
        lambda w: f"/pasar/ekspor/{w.extra['proposal'].pk}/tolak/",
        every(
            FORBIDDEN,
            anonymous=LOGIN,
            admin=302,  # no reason given: a message, nothing changes
            officer_rangkasbitung=302,
            officer_bayah=NOT_FOUND,
        ),
        method="POST",
        snapshot=lambda w: list(w.extra["proposal"].__class__.objects.values()),
    ),
    # --- suppliers and raw-material requests ---------------------------------------------
    Case("market:supplier_create", lambda w: "/pasar/pemasok/baru/", SUPPLIER_EDITORS),
    Case(
        "market:supplier_create",
        lambda w: "/pasar/pemasok/baru/",
        SUPPLIER_EDITORS,  # errors shown
        method="POST",
        data=lambda w: {"name": "", "material": "emas"},
        snapshot=_market_rows,
        label="invalid",
    ),
    Case(
        "market:supplier_edit",
        lambda w: f"/pasar/pemasok/{w.extra['supplier'].pk}/ubah/",
        every(
            FORBIDDEN, anonymous=LOGIN, admin=OK, officer_rangkasbitung=OK, officer_bayah=NOT_FOUND
        ),
    ),
    Case(
        "market:supplier_contact",
        lambda w: f"/pasar/pemasok/{w.extra['supplier'].pk}/kontak/",
        every(OK, anonymous=LOGIN, analyst=FORBIDDEN, koperasi=FORBIDDEN, partner=FORBIDDEN),
        method="POST",
        snapshot=_contacts,
    ),
    Case(
        "market:material_requests",
        lambda w: "/pasar/bahan-baku/",
        every(OK, anonymous=LOGIN, koperasi=FORBIDDEN, partner=FORBIDDEN),
    ),
    Case(
        "market:material_requests",
        lambda w: "/pasar/bahan-baku/",
        every(OK, anonymous=LOGIN, analyst=FORBIDDEN, koperasi=FORBIDDEN, partner=FORBIDDEN),
        method="POST",
        data=lambda w: {"material": "emas", "quantity": ""},
        snapshot=_market_rows,
        label="invalid",
    ),
    Case(
        "market:material_request_close",
        lambda w: f"/pasar/bahan-baku/{w.extra['request'].pk}/tutup/",
        MANAGE_A_WRITE,
        method="POST",
        snapshot=_market_rows,
    ),
    Case("market:notifications", lambda w: "/pasar/notifikasi/", SIGNED_IN),
    Case(
        "market:notifications",
        lambda w: "/pasar/notifikasi/",
        every(302),
        method="POST",
        label="mark read",
    ),
    # --- figures -------------------------------------------------------------------------
    Case("market:jendela", lambda w: "/pasar/jendela-wanita/?tahun=2018", FIGURES),
    Case("market:figures", lambda w: "/pasar/angka/", FIGURES),
]
