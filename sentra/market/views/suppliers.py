"""Raw-material suppliers (a public directory, edited by the office), producers' requests
with their matches, and the in-app notifications."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.accounts.scope import scope
from sentra.market.forms import MaterialRequestForm, SupplierForm, errors_into, kecamatan_choices
from sentra.market.models import Material, MaterialMatch, RequestStatus, Supplier
from sentra.market.rules import (
    can_manage_suppliers,
    manages_products,
    reads_material_requests,
    sees_supplier_contact,
)
from sentra.market.selectors import (
    managed_units_for_user,
    material_requests_for_user,
    notifications_for_user,
)
from sentra.market.services.notices import notifications_mark_read
from sentra.market.services.suppliers import (
    RequestData,
    SupplierData,
    material_request_close,
    material_request_create,
    supplier_contact,
    supplier_save,
)
from sentra.market.views import allowed, signed_in

PAGE_SIZE = 30
supplier_editor_required = allowed(lambda user: can_manage_suppliers(user))
requests_required = allowed(reads_material_requests)


@require_GET
def supplier_directory(request: HttpRequest) -> HttpResponse:
    """Public: suppliers who agreed to be listed, with material, kecamatan, capacity and
    season; never their contact."""
    suppliers = Supplier.objects.filter(is_active=True, listed_publicly=True).select_related(
        "kecamatan", "desa"
    )
    material = request.GET.get("bahan", "")
    if material in Material.values:
        suppliers = suppliers.filter(material=material)
    kecamatan = request.GET.get("kecamatan", "")
    if kecamatan:
        suppliers = suppliers.filter(kecamatan_id=kecamatan)
    page = Paginator(suppliers.order_by("material", "kecamatan__name", "name"), PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "market/supplier_directory.html",
        {
            "page_obj": page_obj,
            "suppliers": page_obj.object_list,
            "materials": Material.choices,
            "material": material,
            "kecamatan_options": kecamatan_choices(),
            "kecamatan": kecamatan,
            "query": query.urlencode(),
            "can_edit": can_manage_suppliers(request.user)
            if request.user.is_authenticated
            else False,
        },
    )


def _supplier_kecamatan(user: Any) -> list[tuple[str, str]]:
    options = kecamatan_choices()
    s = scope(user)
    if s.kecamatan_codes:
        return [(code, name) for code, name in options if code in s.kecamatan_codes]
    return options


def _supplier_data(form: SupplierForm) -> SupplierData:
    d = form.cleaned_data
    return SupplierData(
        name=d["name"],
        material=d["material"],
        kecamatan_code=d["kecamatan"],
        desa_code=d.get("desa", "").strip(),
        capacity=d["capacity"],
        season=d["season"],
        description=d.get("description", ""),
        latitude=d.get("latitude"),
        longitude=d.get("longitude"),
        contact=d.get("contact", ""),
        listed_publicly=d.get("listed_publicly", False),
        is_active=d.get("is_active", False),
    )


FIELD_MAP = {"kecamatan_code": "kecamatan", "desa_code": "desa"}


@require_http_methods(["GET", "POST"])
@supplier_editor_required
def supplier_create(request: HttpRequest) -> HttpResponse:
    form = SupplierForm(request.POST or None, kecamatan=_supplier_kecamatan(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            supplier = supplier_save(actor=request.user, data=_supplier_data(form))
            messages.success(
                request,
                _("Pemasok %(name)s disimpan; %(n)s permintaan bahan baku cocok.")
                % {"name": supplier.name, "n": supplier.matches.count()},
            )
            return redirect("market:supplier_directory")
        except ValidationError as exc:
            errors_into(form, exc, mapping=FIELD_MAP)
    return render(request, "market/supplier_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@supplier_editor_required
def supplier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    supplier = Supplier.objects.filter(pk=pk).first()
    if supplier is None or not can_manage_suppliers(request.user, str(supplier.kecamatan_id)):
        raise Http404
    initial = {
        "name": supplier.name,
        "material": supplier.material,
        "kecamatan": supplier.kecamatan_id,
        "desa": supplier.desa_id or "",
        "capacity": supplier.capacity,
        "season": supplier.season,
        "description": supplier.description,
        "latitude": supplier.latitude,
        "longitude": supplier.longitude,
        "listed_publicly": supplier.listed_publicly,
        "is_active": supplier.is_active,
    }
    form = SupplierForm(
        request.POST or None, initial=initial, kecamatan=_supplier_kecamatan(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            supplier_save(actor=request.user, data=_supplier_data(form), supplier=supplier)
            messages.success(request, _("Pemasok diperbarui."))
            return redirect("market:supplier_directory")
        except ValidationError as exc:
            errors_into(form, exc, mapping=FIELD_MAP)
    return render(request, "market/supplier_form.html", {"form": form, "supplier": supplier})


@never_cache
@require_POST
@allowed(sees_supplier_contact)
def supplier_contact_view(request: HttpRequest, pk: int) -> HttpResponse:
    supplier = Supplier.objects.filter(pk=pk, is_active=True).first()
    if supplier is None:
        raise Http404
    value = supplier_contact(actor=request.user, supplier=supplier)
    return render(request, "market/supplier_contact.html", {"supplier": supplier, "contact": value})


@require_http_methods(["GET", "POST"])
@requests_required
def material_requests(request: HttpRequest) -> HttpResponse:
    can_post = manages_products(request.user)
    if request.method == "POST" and not can_post:
        raise PermissionDenied
    units = managed_units_for_user(user=request.user).order_by("business_name")
    form = MaterialRequestForm(request.POST or None, units=units) if can_post else None
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            created = material_request_create(
                actor=request.user,
                unit=d["unit"],
                data=RequestData(
                    material=d["material"],
                    quantity=d["quantity"],
                    needed_by=d.get("needed_by"),
                    note=d.get("note", ""),
                ),
            )
            messages.success(
                request,
                _("Permintaan dipasang; %(n)s pemasok cocok dan sudah diberi tahu.")
                % {"n": created.matches.count()},
            )
            return redirect("market:material_requests")
        except ValidationError as exc:
            errors_into(form, exc)
    if form is not None and units.count() > 50:
        from django import forms as django_forms

        form.fields["unit"].widget = django_forms.NumberInput(attrs={"min": 1})
        form.fields["unit"].help_text = _("Nomor ID unit, seperti pada halaman unit.")
    rows = (
        material_requests_for_user(user=request.user)
        .select_related("unit", "unit__kecamatan")
        .prefetch_related(
            Prefetch(
                "matches",
                queryset=MaterialMatch.objects.select_related("supplier", "supplier__kecamatan"),
            )
        )
        .order_by("status", "-created_at", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "market/material_requests.html",
        {
            "form": form,
            "page_obj": page,
            "requests": page.object_list,
            "OPEN": RequestStatus.OPEN,
            "show_contact": sees_supplier_contact(request.user),
            "query": "",
        },
    )


@require_POST
@allowed(manages_products)
def material_request_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    found = material_requests_for_user(user=request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    material_request_close(actor=request.user, request=found)
    messages.success(request, _("Permintaan bahan baku ditutup."))
    return redirect("market:material_requests")


@require_http_methods(["GET", "POST"])
@signed_in
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notifications_mark_read(actor=request.user)
        return redirect("market:notifications")
    rows = notifications_for_user(user=request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "market/notifications.html",
        {"page_obj": page, "rows": page.object_list, "query": ""},
    )
