"""Producer self-service (an officer can do the same for a producer without a smartphone):
profile, publication consent, products, photos, stock; and the moderators' queue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.market.forms import NoteForm, PhotoForm, ProductForm, ProfileForm, errors_into
from sentra.market.images import photo_size_check
from sentra.market.models import Product, ProductPhoto, ProductStatus
from sentra.market.rules import can_moderate, manages_products
from sentra.market.selectors import (
    catalog_units,
    managed_product_get,
    managed_products_for_user,
    managed_unit_get,
    managed_units_for_user,
    moderation_queue_for_user,
)
from sentra.market.services import catalog as service
from sentra.market.views import allowed, error_text

PAGE_SIZE = 50
manager_required = allowed(manages_products)
moderator_required = allowed(lambda user: can_moderate(user))


@require_GET
@manager_required
def product_manage_list(request: HttpRequest) -> HttpResponse:
    products = (
        managed_products_for_user(user=request.user)
        .exclude(status=ProductStatus.ARCHIVED)
        .select_related("unit", "unit__kecamatan", "commodity")
        .annotate(waiting_photos=Count("photos", filter=Q(photos__approved=False)))
        .order_by("unit__business_name", "name", "id")
    )
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    units = managed_units_for_user(user=request.user).select_related("kecamatan")
    own_units = list(units.order_by("business_name")[:20]) if units.count() <= 20 else []
    return render(
        request,
        "market/manage_list.html",
        {"page_obj": page, "products": page.object_list, "own_units": own_units, "query": ""},
    )


@require_GET
@manager_required
def unit_find(request: HttpRequest) -> HttpResponse:
    """Officers open a producer's market page by the unit's ID (from the registry)."""
    raw = request.GET.get("unit", "").strip()
    if not raw.isdigit():
        messages.error(request, _("Isi nomor ID unit (angka), seperti pada halaman unit."))
        return redirect("market:product_manage_list")
    unit = managed_unit_get(user=request.user, pk=int(raw))
    return redirect("market:unit_market", pk=unit.pk)


def _unit_context(request: HttpRequest, unit: Any, profile_form: ProfileForm) -> dict[str, Any]:
    consent = service.consent_active(unit)
    return {
        "unit": unit,
        "profile_form": profile_form,
        "consent": consent,
        "data_consent": unit.owner.consent,
        "in_catalog": catalog_units().filter(pk=unit.pk).exists(),
        "products": Product.objects.filter(unit=unit)
        .select_related("commodity")
        .order_by("status", "name"),
    }


@require_http_methods(["GET", "POST"])
@manager_required
def unit_market(request: HttpRequest, pk: int) -> HttpResponse:
    unit = managed_unit_get(user=request.user, pk=pk)
    profile = service.profile_of(unit)
    initial = {
        "story": profile.story,
        "show_owner_name": profile.show_owner_name,
        "home_industry": profile.home_industry,
        "export_ready": profile.export_ready,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.profile_update(
                actor=request.user, unit=unit, data=service.ProfileData(**form.cleaned_data)
            )
            messages.success(request, _("Profil produsen disimpan."))
            return redirect("market:unit_market", pk=unit.pk)
        except ValidationError as exc:
            errors_into(form, exc)
    return render(request, "market/unit_market.html", _unit_context(request, unit, form))


@require_POST
@manager_required
def consent_change(request: HttpRequest, pk: int) -> HttpResponse:
    unit = managed_unit_get(user=request.user, pk=pk)
    action = request.POST.get("action", "")
    if action == "give":
        service.consent_give(actor=request.user, unit=unit)
        messages.success(request, _("Persetujuan publikasi dicatat."))
        if not unit.owner.consent:
            messages.warning(
                request,
                _(
                    "Pemilik belum menyetujui pemrosesan data pribadi; unit ini baru tampil "
                    "di katalog setelah persetujuan itu dicatat pada data pemilik."
                ),
            )
    elif action == "withdraw":
        service.consent_withdraw(actor=request.user, unit=unit)
        messages.success(request, _("Persetujuan publikasi ditarik; unit ini tidak tampil lagi."))
    else:
        raise Http404
    return redirect("market:unit_market", pk=unit.pk)


def _product_data(form: ProductForm) -> service.ProductData:
    d = form.cleaned_data
    return service.ProductData(
        name=d["name"],
        commodity_id=form.commodity_id(),
        price_min=d["price_min"],
        price_max=d.get("price_max"),
        unit_of_sale=d["unit_of_sale"],
        min_order=d["min_order"],
        monthly_capacity=d.get("monthly_capacity"),
        description=d.get("description", ""),
    )


FIELD_MAP = {"commodity_id": "commodity"}


@require_http_methods(["GET", "POST"])
@manager_required
def product_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = managed_unit_get(user=request.user, pk=pk)
    form = ProductForm(request.POST or None, initial={"commodity": unit.commodity.code})
    if request.method == "POST" and form.is_valid():
        try:
            product = service.product_create(
                actor=request.user, unit=unit, data=_product_data(form)
            )
        except ValidationError as exc:
            errors_into(form, exc, mapping=FIELD_MAP)
        else:
            messages.success(
                request, _("Produk disimpan dan menunggu moderasi. Tambahkan fotonya di bawah.")
            )
            return redirect("market:product_edit", pk=product.pk)
    return render(request, "market/product_form.html", {"unit": unit, "form": form})


def _initial(product: Product) -> dict[str, Any]:
    values = {name: getattr(product, name) for name in service.CONTENT_FIELDS}
    values.update(product.pending_changes or {})
    values["commodity"] = (
        product.commodity.code
        if values["commodity_id"] == product.commodity_id
        else _commodity_code(values["commodity_id"])
    )
    return values


def _commodity_code(pk: int) -> str:
    from sentra.registry.models import Commodity

    commodity = Commodity.objects.filter(pk=pk).first()
    return commodity.code if commodity else ""


@require_http_methods(["GET", "POST"])
@manager_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = managed_product_get(user=request.user, pk=pk)
    form = ProductForm(request.POST or None, initial=_initial(product))
    if request.method == "POST" and form.is_valid():
        try:
            service.product_update(actor=request.user, product=product, data=_product_data(form))
        except ValidationError as exc:
            errors_into(form, exc, mapping=FIELD_MAP)
        else:
            messages.success(request, _("Perubahan disimpan dan menunggu moderasi."))
            return redirect("market:product_edit", pk=product.pk)
    photos = ProductPhoto.objects.filter(product=product).defer("large", "thumb")
    return render(
        request,
        "market/product_form.html",
        {
            "unit": product.unit,
            "product": product,
            "form": form,
            "photo_form": PhotoForm(),
            "photos": photos,
            "max_photos": service.MAX_PHOTOS,
        },
    )


@require_POST
@manager_required
def photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    product = managed_product_get(user=request.user, pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas foto untuk diunggah."))
        return redirect("market:product_edit", pk=product.pk)
    upload = form.cleaned_data["photo"]
    try:
        photo_size_check(upload.size)  # before reading a huge file into memory
        service.photo_add(actor=request.user, product=product, content=upload.read())
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("Foto diunggah (data lokasi dihapus); tampil setelah moderasi.")
        )
    return redirect("market:product_edit", pk=product.pk)


@require_POST
@manager_required
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    photo = ProductPhoto.objects.defer("large", "thumb").filter(pk=pk).first()
    if photo is None:
        raise Http404
    product = managed_product_get(user=request.user, pk=photo.product_id)
    service.photo_delete(actor=request.user, photo=photo)
    messages.success(request, _("Foto dihapus."))
    return redirect("market:product_edit", pk=product.pk)


@require_POST
@manager_required
def product_stock(request: HttpRequest, pk: int) -> HttpResponse:
    product = managed_product_get(user=request.user, pk=pk)
    in_stock = request.POST.get("in_stock") == "1"
    service.product_set_stock(actor=request.user, product=product, in_stock=in_stock)
    messages.success(
        request, _("Stok tersedia.") if in_stock else _("Ditandai stok habis di katalog.")
    )
    if request.POST.get("next") == "list":
        return redirect("market:product_manage_list")
    return redirect("market:product_edit", pk=product.pk)


@require_POST
@manager_required
def product_archive(request: HttpRequest, pk: int) -> HttpResponse:
    product = managed_product_get(user=request.user, pk=pk)
    service.product_archive(actor=request.user, product=product)
    messages.success(request, _("Produk diarsipkan dan tidak tampil lagi di katalog."))
    return redirect("market:unit_market", pk=product.unit_id)


# --- moderation ----------------------------------------------------------------------------


@require_GET
@moderator_required
def moderation(request: HttpRequest) -> HttpResponse:
    queue = moderation_queue_for_user(user=request.user)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    items = []
    for product in page.object_list:
        photos = ProductPhoto.objects.filter(product=product).defer("large", "thumb")
        items.append(
            {
                "product": product,
                "changes": _changes(product),
                "photos": [p for p in photos if not p.approved],
                "own": product.submitted_by_id == request.user.pk,
            }
        )
    return render(
        request,
        "market/moderation.html",
        {"page_obj": page, "items": items, "note_form": NoteForm(), "query": ""},
    )


def _changes(product: Product) -> list[dict[str, Any]]:
    labels = {
        "name": _("Nama produk"),
        "commodity_id": _("Komoditas"),
        "price_min": _("Harga (Rp)"),
        "price_max": _("Harga tertinggi (Rp)"),
        "unit_of_sale": _("Satuan"),
        "min_order": _("Pesanan minimum"),
        "monthly_capacity": _("Kapasitas per bulan"),
        "description": _("Deskripsi"),
    }
    return [
        {"label": labels.get(k, k), "before": getattr(product, k, ""), "after": v}
        for k, v in (product.pending_changes or {}).items()
    ]


@require_POST
@moderator_required
def moderate(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    product = moderation_queue_for_user(user=request.user).filter(pk=pk).first()
    if product is None or action not in ("setujui", "tolak"):
        raise Http404
    try:
        if action == "setujui":
            service.product_approve(actor=request.user, product=product)
            messages.success(request, _("%(name)s tayang di katalog.") % {"name": product.name})
        else:
            service.product_reject(
                actor=request.user, product=product, note=request.POST.get("note", "")
            )
            messages.success(
                request, _("%(name)s dikembalikan ke produsen.") % {"name": product.name}
            )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("market:moderation")
