"""The officers' worklists: owners whose NIK is not recorded yet, and product names waiting to
be mapped to a commodity (a name mapped once becomes a synonym; its units reclassify)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.registry.models import UNCLASSIFIED, Commodity
from sentra.registry.selectors import (
    owners_to_complete_for_user,
    unclassified_products_for_user,
    worklist_allowed,
)
from sentra.registry.services import product_name_classify


@require_GET
@login_required
def owners_to_complete(request: HttpRequest) -> HttpResponse:
    if not worklist_allowed(user=request.user):
        raise PermissionDenied
    page = Paginator(owners_to_complete_for_user(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "registry/owners_to_complete.html", {"page_obj": page})


@require_http_methods(["GET", "POST"])
@login_required
def products_to_classify(request: HttpRequest) -> HttpResponse:
    if not worklist_allowed(user=request.user):
        raise PermissionDenied
    entries = unclassified_products_for_user(user=request.user)
    commodities = Commodity.objects.filter(is_active=True).exclude(code=UNCLASSIFIED)
    if request.method == "POST":
        visible = {e["match_name"]: e["name"] for e in entries}
        name = visible.get(request.POST.get("name", ""))
        commodity = commodities.filter(code=request.POST.get("commodity", "")).first()
        if name is None or commodity is None:
            messages.error(request, _("Pilih nama produk dari daftar dan komoditasnya."))
        else:
            count = product_name_classify(actor=request.user, name=name, commodity=commodity)
            messages.success(
                request,
                _("%(name)s kini sinonim %(commodity)s; %(count)s unit diklasifikasi ulang.")
                % {"name": name, "commodity": commodity.name, "count": count},
            )
        return redirect("registry:products_to_classify")
    return render(
        request,
        "registry/products_to_classify.html",
        {"entries": entries, "commodities": commodities},
    )
