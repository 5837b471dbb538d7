"""The market's home for signed-in users (what each may do, asked of the rules), the market
figures and the Jendela Wanita view (aggregates and business data only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sentra.market import rules
from sentra.market.figures import jendela_units, market_figures, market_years
from sentra.market.models import InquiryStage
from sentra.market.selectors import (
    export_proposals_for_user,
    inquiry_list_for_user,
    moderation_queue_for_user,
    notifications_for_user,
)
from sentra.market.views import allowed, signed_in

figures_required = allowed(rules.reads_market_figures)


def _links(user: Any) -> list[dict[str, Any]]:
    links: list[dict[str, Any]] = []

    def add(name: str, label: str, note: str = "", count: int | None = None) -> None:
        links.append({"url": reverse(name), "label": label, "note": note, "count": count})

    if rules.manages_products(user):
        add("market:product_manage_list", _("Produk dan katalog"), _("produk, foto, stok, profil"))
    if rules.can_moderate(user):
        add(
            "market:moderation",
            _("Moderasi produk"),
            count=moderation_queue_for_user(user=user).count(),
        )
    if rules.reads_inquiries(user):
        new = inquiry_list_for_user(user=user).filter(stage=InquiryStage.NEW).count()
        add("market:inquiry_list", _("Permintaan pembeli"), _("baru"), count=new)
    if rules.reads_orders(user):
        add("market:order_list", _("Pesanan koperasi"))
        add("market:statement_list", _("Laporan bulanan produsen"), _("PDF dan xlsx"))
    if rules.can_record_agreement(user) or rules.reads_export_proposals(user):
        add("market:agreement_list", _("Perjanjian bagi hasil"))
    if rules.reads_export_proposals(user):
        waiting = export_proposals_for_user(user=user).filter(status="diusulkan").count()
        add("market:export_proposals", _("Usulan angka ekspor"), _("menunggu"), count=waiting)
    if rules.reads_material_requests(user):
        add("market:material_requests", _("Permintaan bahan baku"))
    if rules.can_manage_suppliers(user):
        add("market:supplier_create", _("Tambah pemasok bahan baku"))
    if rules.reads_market_figures(user):
        add("market:jendela", _("Jendela Wanita"), _("usaha perempuan dan industri rumahan"))
        add("market:figures", _("Angka pasar"))
    add("market:supplier_directory", _("Direktori pemasok"))
    add("market:catalog", _("Katalog publik"))
    return links


@require_GET
@signed_in
def hub(request: HttpRequest) -> HttpResponse:
    unread = notifications_for_user(user=request.user).filter(read_at__isnull=True).count()
    return render(
        request,
        "market/hub.html",
        {"links": _links(request.user), "unread": unread},
    )


def _year(request: HttpRequest) -> tuple[int, list[int]]:
    years = market_years() or [timezone.localdate().year]
    raw = request.GET.get("tahun", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else years[-1]
    return year, list(reversed(years))


@require_GET
@figures_required
def figures(request: HttpRequest) -> HttpResponse:
    year, years = _year(request)
    kecamatan = rules.figures_kecamatan(request.user)
    return render(
        request,
        "market/figures.html",
        {
            "market": market_figures(year=year, kecamatan=kecamatan),
            "year": year,
            "years": years,
            "scoped": kecamatan is not None,
        },
    )


@require_GET
@figures_required
def jendela(request: HttpRequest) -> HttpResponse:
    """Si Jelita's own view: women-owned units and home industries, their products,
    inquiries and sales, beside the market's figures for women-owned units."""
    year, years = _year(request)
    kecamatan = rules.figures_kecamatan(request.user)
    rows = jendela_units(year=year, kecamatan=kecamatan)
    return render(
        request,
        "market/jendela.html",
        {
            "market": market_figures(year=year, kecamatan=kecamatan),
            "rows": rows,
            "year": year,
            "years": years,
            "scoped": kecamatan is not None,
            "totals": {
                "units": len(rows),
                "women": sum(1 for r in rows if r["women"]),
                "home": sum(1 for r in rows if r["home"]),
                "products": sum(r["products"] for r in rows),
                "inquiries": sum(r["inquiries"] for r in rows),
                "sales": sum(r["sales"] for r in rows),
            },
        },
    )
