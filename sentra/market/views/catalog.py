"""The public catalog: list and search, a product's page with the inquiry form, a producer's
page, and the photos. No NIK, phone or address below desa on any of them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.accounts.throttle import client_ip
from sentra.market.forms import InquiryForm, errors_into
from sentra.market.models import Product, ProductPhoto
from sentra.market.ratelimit import inquiry_rate_hit
from sentra.market.search import catalog_search
from sentra.market.selectors import (
    catalog_product_get,
    catalog_products,
    catalog_unit_get,
    photo_visible,
)
from sentra.market.services.inquiries import InquiryData, inquiry_submit
from sentra.registry.models import Certificate, CertificateStatus, Sex, Unit

PAGE_SIZE = 24  # a multiple of 2 and 3 columns; at least 20 a page as buyers asked
HONEYPOT = "website"


def product_url(product: Product) -> str:
    return reverse("market:product", kwargs={"pk": product.pk, "slug": product.slug})


def producer_slug(unit: Unit) -> str:
    return slugify(unit.business_name)[:60].strip("-") or "produsen"


def producer_url(unit: Unit) -> str:
    return reverse("market:producer", kwargs={"pk": unit.pk, "slug": producer_slug(unit)})


def _query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    search = catalog_search(params=request.GET)
    page = Paginator(search.queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "market/catalog.html",
        {
            "search": search,
            "form": search.form,
            "page_obj": page,
            "products": page.object_list,
            "query": _query_without(request, "page"),
        },
    )


def _certificates(unit: Unit) -> list[str]:
    kinds = (
        Certificate.objects.filter(unit=unit, status=CertificateStatus.ACTIVE)
        .select_related("kind")
        .order_by("kind__sort_order")
        .values_list("kind__name", flat=True)
        .distinct()
    )
    return list(dict.fromkeys(kinds))


def _producer_facts(unit: Unit) -> dict[str, Any]:
    profile = getattr(unit, "market_profile", None)
    return {
        "profile": profile,
        "owner_name": unit.owner.name if profile is not None and profile.show_owner_name else "",
        "women_owned": unit.owner.sex == Sex.FEMALE,
        "certificates": _certificates(unit),
        "producer_url": producer_url(unit),
    }


def _product_context(product: Product, form: InquiryForm) -> dict[str, Any]:
    photos = list(
        ProductPhoto.objects.filter(product=product, approved=True)
        .defer("large", "thumb")
        .order_by("position", "id")
    )
    others = list(
        catalog_products()
        .filter(unit_id=product.unit_id)
        .exclude(pk=product.pk)
        .order_by("name")[:6]
    )
    return {
        "product": product,
        "unit": product.unit,
        "photos": photos,
        "others": others,
        "form": form,
        "honeypot": HONEYPOT,
        **_producer_facts(product.unit),
    }


@require_http_methods(["GET", "POST"])
def product_page(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    product = catalog_product_get(pk=pk)
    canonical = product_url(product)
    if request.method == "GET" and (slug != product.slug or request.GET):
        return redirect(canonical, permanent=True)  # one address per product, no query string
    if request.method == "GET":
        return render(request, "market/product.html", _product_context(product, InquiryForm()))
    decision = inquiry_rate_hit(address=client_ip(request))
    if not decision.allowed:
        response = render(
            request,
            "market/too_many.html",
            {"retry_after": decision.retry_after, "product_url": canonical},
            status=429,
        )
        response["Retry-After"] = str(decision.retry_after)
        return response
    form = InquiryForm(request.POST)
    if request.POST.get(HONEYPOT, "").strip():
        context = _product_context(product, form)
        context["refused"] = _(
            "Permintaan tidak dikirim: kolom tersembunyi untuk menangkal program spam ikut "
            "terisi. Bila Anda manusia, kosongkan isian otomatis peramban lalu kirim lagi."
        )
        return render(request, "market/product.html", context, status=400)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = inquiry_submit(
                product=product,
                data=InquiryData(
                    name=data["name"],
                    organisation=data["organisation"],
                    country=data["country"],
                    email=data["email"],
                    quantity=data["quantity"],
                    message=data["message"],
                ),
            )
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            if result.duplicate:
                messages.info(
                    request,
                    _(
                        "Permintaan yang sama sudah kami terima sebelumnya; tidak dikirim lagi. "
                        "Produsen akan menghubungi Anda lewat surel."
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Terima kasih, permintaan Anda terkirim ke produsen dan dinas. "
                        "Mereka akan membalas ke surel Anda."
                    ),
                )
            return redirect(canonical + "#permintaan")
    return render(request, "market/product.html", _product_context(product, form))


@require_GET
def producer_page(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    unit = catalog_unit_get(pk=pk)
    canonical = producer_url(unit)
    if slug != producer_slug(unit) or request.GET:
        return redirect(canonical, permanent=True)
    products = list(catalog_products().filter(unit=unit).order_by("name", "id"))
    return render(
        request,
        "market/producer.html",
        {"unit": unit, "products": products, **_producer_facts(unit)},
    )


SIZES = {"besar": "large", "kecil": "thumb"}


@require_GET
def photo(request: HttpRequest, pk: int, size: str) -> HttpResponse:
    if size not in SIZES:
        raise Http404
    item = ProductPhoto.objects.filter(pk=pk).only("pk", "product_id", "approved", "digest").first()
    if item is None or not photo_visible(photo=item, user=request.user):
        raise Http404
    etag = f'"{item.digest[:32]}-{size}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        data = ProductPhoto.objects.filter(pk=pk).values_list(SIZES[size], flat=True).get()
        response = HttpResponse(bytes(data), content_type="image/jpeg")
    response["ETag"] = etag
    # Revalidated on every view, so a withdrawn consent hides the picture at once too.
    response["Cache-Control"] = "public, no-cache" if item.approved else "private, no-cache"
    return response
