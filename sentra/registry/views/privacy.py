"""A person's rights on the web (UU PDP 27/2022): their data as JSON or PDF, a correction
request with its legal deadline, an erasure request (admins; another admin approves), and the
decisions on those requests. Authorise, parse, call, render."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.accounts.scope import Actor, Capability, scope
from sentra.registry.models import DataRequest, DataRequestKind, Person, RequestStatus
from sentra.registry.selectors import person_can_reveal, person_get_for_user, person_list_for_user
from sentra.registry.services.privacy import (
    data_request_decide,
    data_request_file,
    person_export,
)


class RequestForm(forms.Form):
    details = forms.CharField(
        label=gettext_lazy("Uraian"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecideForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Catatan (wajib bila ditolak)"), max_length=255, required=False
    )


def may_export(user: Actor | None, person: Person) -> bool:
    """The person themself, or staff who may see the person's NIK (same rule as reveal)."""
    return scope(user).can(Capability.SUBJECT_ACCESS) and person_can_reveal(
        user=user, person=person
    )


def _export_for(request: HttpRequest, pk: int) -> tuple[Person, dict[str, object]]:
    person = person_get_for_user(user=request.user, pk=pk)
    if not may_export(request.user, person):
        raise PermissionDenied
    return person, person_export(actor=request.user, person=person)


@never_cache
@require_GET
@login_required
def person_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    person, data = _export_for(request, pk)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-{person.pk}.json"'
    return response


@never_cache
@require_GET
@login_required
def person_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from weasyprint import HTML

    person, data = _export_for(request, pk)
    html = render_to_string("registry/person_export_print.html", {"data": data})
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-{person.pk}.pdf"'
    return response


@require_POST
@login_required
def person_request(request: HttpRequest, pk: int) -> HttpResponse:
    """File a correction request (the person) or an erasure request (an admin)."""
    person = person_get_for_user(user=request.user, pk=pk)
    s = scope(request.user)
    kind = request.POST.get("kind", "")
    own = s.owner_user_id is not None and person.account_id == s.owner_user_id
    allowed = (kind == DataRequestKind.CORRECTION and own) or (
        kind == DataRequestKind.ERASURE and s.can(Capability.ERASE_PERSONS)
    )
    if not allowed:
        raise PermissionDenied
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan uraian permintaan Anda."))
        return redirect("registry:person_detail", pk=person.pk)
    data_request_file(
        actor=request.user, person=person, kind=kind, details=form.cleaned_data["details"]
    )
    if kind == DataRequestKind.CORRECTION:
        messages.success(
            request,
            _("Permintaan perbaikan dikirim; petugas wajib menanganinya dalam 3 × 24 jam."),
        )
    else:
        messages.success(request, _("Permintaan penghapusan menunggu persetujuan admin lain."))
    return redirect("registry:person_detail", pk=person.pk)


def data_requests_for(user: Actor | None) -> list[DataRequest]:
    """Open requests the user may decide: corrections of persons in their area, and
    erasures for admins."""
    s = scope(user)
    rows = DataRequest.objects.filter(status=RequestStatus.OPEN).select_related(
        "person", "requested_by"
    )
    visible = []
    people = (
        person_list_for_user(user=user).values("pk") if s.can(Capability.CORRECT_PERSONS) else None
    )
    if people is not None:
        visible += list(rows.filter(kind=DataRequestKind.CORRECTION, person__in=people))
    if s.can(Capability.ERASE_PERSONS):
        visible += list(rows.filter(kind=DataRequestKind.ERASURE))
    return sorted(visible, key=lambda r: (r.deadline is None, r.deadline or r.created_at, r.pk))


@require_http_methods(["GET", "POST"])
@login_required
def data_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = [r for r in data_requests_for(request.user) if r.pk == pk]
    if not found:
        decided = DataRequest.objects.filter(pk=pk).exclude(status=RequestStatus.OPEN).first()
        if decided is None or not scope(request.user).can(Capability.CONFIRM_REQUESTS):
            raise Http404
        found = [decided]
    data_request = found[0]
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data_request_decide(
                actor=request.user,
                request=data_request,
                approve=request.POST.get("action") == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Permintaan diputuskan."))
            return redirect("registry:request_list")
    return render(request, "registry/data_request_detail.html", {"req": data_request, "form": form})
