"""The verification queue: units whose data an owner changed (or that arrived unverified),
for officers of their kecamatan and admins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentra.registry.models import Verification
from sentra.registry.selectors import unit_list_for_user
from sentra.registry.services import unit_verify as unit_verify_service
from sentra.registry.views.edit_access import can_verify, unit_for_write, unit_url


@login_required
def verification_queue(request: HttpRequest) -> HttpResponse:
    if not can_verify(request.user):
        raise PermissionDenied
    units = (
        unit_list_for_user(user=request.user)
        .filter(verification=Verification.UNVERIFIED)
        .select_related("desa", "kecamatan", "commodity", "owner")
        .order_by("-updated_at", "-id")
    )
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/verification_queue.html",
        {"page": page, "units": [(u, unit_url(u)) for u in page]},
    )


@login_required
@require_POST
def unit_verify(request: HttpRequest, pk: int) -> HttpResponse:
    unit, _writer = unit_for_write(request.user, pk, staff_only=True)
    unit_verify_service(actor=request.user, unit=unit)
    messages.success(
        request, _("Unit %(name)s ditandai terverifikasi.") % {"name": unit.business_name}
    )
    if request.POST.get("next") == "queue":
        return redirect("registry:verification_queue")
    return redirect(unit_url(unit))
