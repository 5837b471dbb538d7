"""The verification queue: units whose data an owner changed (or that arrived unverified),
for officers of their kecamatan and admins. Each entry shows what changed (before → after,
from the audit log) and who submitted it; officers approve or return many at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sentra.accounts.scope import scope
from sentra.regions.selectors import kecamatan_list
from sentra.registry.models import Unit
from sentra.registry.selectors import (
    QUEUE_KINDS,
    pending_audit,
    unit_list_for_user,
    verification_queue_for_user,
)
from sentra.registry.services import units_return, units_verify
from sentra.registry.views.edit_access import (
    Writer,
    can_verify,
    unit_for_write,
    unit_url,
    unit_writer,
)
from sentra.registry.views.present import HistoryRow, history_rows

PAGE_SIZE = 25
FILTERS = ("q", "kecamatan", "kind", "status", "page")


@dataclass
class QueueEntry:
    unit: Unit
    url: str
    changed: bool  # verified before and changed since (else: never verified)
    rows: list[HistoryRow] = field(default_factory=list)

    @property
    def submitters(self) -> list[str]:
        return list(dict.fromkeys(row.actor for row in self.rows))

    @property
    def submitted_at(self) -> Any:
        return self.rows[-1].at if self.rows else self.unit.updated_at


def _filters(params: QueryDict) -> dict[str, str]:
    return {key: params.get(key, "").strip()[:100] for key in FILTERS}


def _kecamatan_choices(user: Any) -> list[tuple[str, str]]:
    s = scope(user)
    regions = kecamatan_list().order_by("name")
    if not s.everything:
        regions = regions.filter(code__in=sorted(s.kecamatan_codes))
    return [(r.code, r.name) for r in regions]


def _queue_context(request: HttpRequest, params: QueryDict) -> dict[str, Any]:
    f = _filters(params)
    kecamatan_choices = _kecamatan_choices(request.user)
    kecamatan = f["kecamatan"] if f["kecamatan"] in dict(kecamatan_choices) else ""
    kind = f["kind"] if f["kind"] in QUEUE_KINDS else ""
    returned = f["status"] == "dikembalikan"
    units = verification_queue_for_user(
        user=request.user, kecamatan=kecamatan, kind=kind, returned=returned, q=f["q"]
    )
    page = Paginator(units, PAGE_SIZE).get_page(f["page"] or None)
    page_units = list(page.object_list)
    pending = pending_audit(units=page_units)
    entries = []
    for unit in page_units:
        logs = pending[unit.pk]
        rows = history_rows(logs) if logs else []
        changed = bool(logs) and not any(log.action == "unit.register" for log in logs)
        entries.append(QueueEntry(unit=unit, url=unit_url(unit), changed=changed, rows=rows))
    query = {k: v for k, v in f.items() if v and k != "page"}
    return {
        "page": page,
        "entries": entries,
        "filters": f,
        "kecamatan_choices": kecamatan_choices,
        "kind": kind,
        "returned": returned,
        "query": urlencode(query),
    }


@require_GET
@login_required
def verification_queue(request: HttpRequest) -> HttpResponse:
    if not can_verify(request.user):
        raise PermissionDenied
    return render(request, "registry/verification_queue.html", _queue_context(request, request.GET))


@require_POST
@login_required
def verification_decide(request: HttpRequest) -> HttpResponse:
    """Approve or return the selected units (all or none); each owner gets a notice."""
    if not can_verify(request.user):
        raise PermissionDenied
    back = QueryDict(request.POST.get("back", ""))
    ids = sorted({int(v) for v in request.POST.getlist("units") if v.isdigit()})
    action = request.POST.get("action", "")
    error = ""
    if action not in {"approve", "return"}:
        error = _("Pilih tindakan: setujui atau kembalikan.")
    elif not ids:
        error = _("Pilih minimal satu unit.")
    if not error:
        found = list(unit_list_for_user(user=request.user).filter(pk__in=ids))
        if len(found) != len(ids):
            raise Http404  # a unit outside the user's scope is as if it did not exist
        if any(unit_writer(request.user, unit) is not Writer.STAFF for unit in found):
            raise PermissionDenied
        try:
            if action == "approve":
                n = units_verify(actor=request.user, units=found)
                messages.success(
                    request, _("%(n)s unit disetujui; pemiliknya diberi tahu.") % {"n": n}
                )
            else:
                n = units_return(
                    actor=request.user, units=found, reason=request.POST.get("reason", "")
                )
                messages.success(
                    request,
                    _("%(n)s unit dikembalikan ke pemiliknya dengan alasan Anda.") % {"n": n},
                )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if error:
        context = _queue_context(request, back)
        context.update(decision_error=error, selected=ids, reason=request.POST.get("reason", ""))
        return render(request, "registry/verification_queue.html", context, status=400)
    query = {k: v for k, v in _filters(back).items() if v and k != "page"}
    target = reverse("registry:verification_queue")
    return redirect(f"{target}?{urlencode(query)}" if query else target)


@login_required
@require_POST
def unit_verify(request: HttpRequest, pk: int) -> HttpResponse:
    unit, _writer = unit_for_write(request.user, pk, staff_only=True)
    units_verify(actor=request.user, units=[unit])
    messages.success(
        request, _("Unit %(name)s ditandai terverifikasi.") % {"name": unit.business_name}
    )
    if request.POST.get("next") == "queue":
        return redirect("registry:verification_queue")
    return redirect(unit_url(unit))
