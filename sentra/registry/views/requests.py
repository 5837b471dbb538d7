"""Requests waiting for a decision: units officers entered for owners outside their area
(admins confirm them). Authorise, parse, call, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sentra.accounts.scope import Capability, scope
from sentra.registry.models import RequestStatus, UnitRequest
from sentra.registry.services.requests import (
    unit_request_approve,
    unit_request_data,
    unit_request_reject,
)
from sentra.registry.views.edit_access import unit_url


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Catatan (wajib bila ditolak)"), max_length=255, required=False
    )


def _require(request: HttpRequest, capability: Capability) -> None:
    if not scope(request.user).can(capability):
        raise PermissionDenied


@require_GET
@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    from sentra.registry.views.privacy import data_requests_for

    s = scope(request.user)
    confirms = s.can(Capability.CONFIRM_REQUESTS)
    if not (confirms or s.can(Capability.CORRECT_PERSONS)):
        raise PermissionDenied
    unit_requests = (
        UnitRequest.objects.filter(status=RequestStatus.OPEN)
        .select_related("requested_by", "kecamatan")
        .order_by("created_at", "id")
        if confirms
        else UnitRequest.objects.none()
    )
    return render(
        request,
        "registry/request_list.html",
        {
            "unit_requests": unit_requests,
            "confirms": confirms,
            "data_requests": data_requests_for(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def unit_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, Capability.CONFIRM_REQUESTS)
    unit_request = (
        UnitRequest.objects.select_related("person", "requested_by", "kecamatan")
        .filter(pk=pk)
        .first()
    )
    if unit_request is None:
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "approve":
                unit = unit_request_approve(actor=request.user, request=unit_request)
                messages.success(request, _("Unit dicatat untuk pemilik tersebut."))
                return redirect(unit_url(unit))
            unit_request_reject(
                actor=request.user, request=unit_request, note=form.cleaned_data["note"]
            )
            messages.info(request, _("Permintaan ditolak."))
            return redirect("registry:request_list")
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
    data = unit_request_data(unit_request)
    return render(
        request,
        "registry/unit_request_detail.html",
        {"req": unit_request, "data": data, "form": form},
    )
