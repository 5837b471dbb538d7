"""URL patterns of the market (namespace "market", set in sentra/urls.py). Public pages live
under /katalog/ and /pemasok/; signed-in work under /pasar/."""

from django.urls import URLPattern, path

from sentra.market.views import catalog, figures, inquiries, manage, orders, suppliers

urlpatterns: list[URLPattern] = [
    # public
    path("katalog/", catalog.catalog, name="catalog"),
    path("katalog/<int:pk>-<slug:slug>/", catalog.product_page, name="product"),
    path("katalog/produsen/<int:pk>-<slug:slug>/", catalog.producer_page, name="producer"),
    path("katalog/foto/<int:pk>-<slug:size>.jpg", catalog.photo, name="photo"),
    path("pemasok/", suppliers.supplier_directory, name="supplier_directory"),
    # signed in
    path("pasar/", figures.hub, name="hub"),
    path("pasar/produk/", manage.product_manage_list, name="product_manage_list"),
    path("pasar/produk/cari-unit/", manage.unit_find, name="unit_find"),
    path("pasar/produk/<int:pk>/", manage.product_edit, name="product_edit"),
    path("pasar/produk/<int:pk>/foto/", manage.photo_upload, name="photo_upload"),
    path("pasar/produk/<int:pk>/stok/", manage.product_stock, name="product_stock"),
    path("pasar/produk/<int:pk>/arsip/", manage.product_archive, name="product_archive"),
    path("pasar/foto/<int:pk>/hapus/", manage.photo_delete, name="photo_delete"),
    path("pasar/unit/<int:pk>/", manage.unit_market, name="unit_market"),
    path("pasar/unit/<int:pk>/persetujuan/", manage.consent_change, name="consent_change"),
    path("pasar/unit/<int:pk>/produk-baru/", manage.product_create, name="product_create"),
    path("pasar/moderasi/", manage.moderation, name="moderation"),
    path("pasar/moderasi/<int:pk>/<slug:action>/", manage.moderate, name="moderate"),
    path("pasar/permintaan/", inquiries.inquiry_list, name="inquiry_list"),
    path("pasar/permintaan/<int:pk>/tahap/", inquiries.inquiry_stage, name="inquiry_stage"),
    path("pasar/pesanan/", orders.order_list, name="order_list"),
    path("pasar/pesanan/<int:pk>/", orders.order_detail, name="order_detail"),
    path("pasar/pesanan/<int:pk>/barang/", orders.order_item_add, name="order_item_add"),
    path("pasar/pesanan/<int:pk>/rincian/", orders.order_details, name="order_details"),
    path("pasar/pesanan/<int:pk>/konfirmasi/", orders.order_confirm, name="order_confirm"),
    path("pasar/pesanan/<int:pk>/batal/", orders.order_cancel, name="order_cancel"),
    path("pasar/pesanan/<int:pk>/pembayaran/", orders.payment_add, name="payment_add"),
    path("pasar/pesanan/<int:pk>/pencairan/", orders.payout_propose, name="payout_propose"),
    path("pasar/barang/<int:pk>/hapus/", orders.order_item_remove, name="order_item_remove"),
    path("pasar/pencairan/<int:pk>/<slug:action>/", orders.payout_decide, name="payout_decide"),
    path("pasar/perjanjian/", orders.agreement_list, name="agreement_list"),
    path("pasar/laporan-bulanan/", orders.statement_list, name="statement_list"),
    path(
        "pasar/laporan-bulanan/<int:unit>/<int:year>-<int:month>/",
        orders.statement_page,
        name="statement_page",
    ),
    path(
        "pasar/laporan-bulanan/<int:unit>/<int:year>-<int:month>.<slug:fmt>",
        orders.statement_file,
        name="statement_file",
    ),
    path("pasar/ekspor/", orders.export_proposals, name="export_proposals"),
    path("pasar/ekspor/<int:pk>/<slug:action>/", orders.export_decide, name="export_decide"),
    path("pasar/pemasok/baru/", suppliers.supplier_create, name="supplier_create"),
    path("pasar/pemasok/<int:pk>/ubah/", suppliers.supplier_edit, name="supplier_edit"),
    path(
        "pasar/pemasok/<int:pk>/kontak/", suppliers.supplier_contact_view, name="supplier_contact"
    ),
    path("pasar/bahan-baku/", suppliers.material_requests, name="material_requests"),
    path(
        "pasar/bahan-baku/<int:pk>/tutup/",
        suppliers.material_request_close_view,
        name="material_request_close",
    ),
    path("pasar/notifikasi/", suppliers.notifications, name="notifications"),
    path("pasar/jendela-wanita/", figures.jendela, name="jendela"),
    path("pasar/angka/", figures.figures, name="figures"),
]
