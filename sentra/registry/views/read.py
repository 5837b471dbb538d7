"""Reading pages of the registry: the unit list, a unit's page, an owner's page and the
audited "show NIK/phone" action. Every object comes through a scoped selector (404 outside)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sentra.accounts.scope import Capability, scope
from sentra.accounts.throttle import client_ip
from sentra.core.extensions import extension_callables
from sentra.core.paging import END, keyset_page
from sentra.registry.filters import text_is_personal, unit_search
from sentra.registry.models import DataRequest, KbliCode, RequestStatus, RevealLog
from sentra.registry.selectors import (
    person_can_reveal,
    person_get_for_user,
    unit_get_for_user,
    unit_history,
    unit_list_for_user,
)
from sentra.registry.services import person_reveal as person_reveal_service
from sentra.registry.services.privacy import reveal_log_record
from sentra.registry.views.edit_access import (
    Writer,
    can_create_units,
    person_writer,
    unit_writer,
)
from sentra.registry.views.present import history_rows, sort_columns, trend_data
from sentra.registry.views.privacy import may_export

PAGE_SIZE = 50
REVEAL_FIELDS = {"nik", "phone"}
SORTABLE = ("name", "commodity", "kecamatan", "workers", "production")


def _query_without(request: HttpRequest, *names: str) -> str:
    """The current query string without the named parameters (for sort and page links)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _drop_personal_search(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Redirect a search for a NIK or phone number to the same list without it, before
    anything else (even the login redirect) can echo it back in a page or a `next` link."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if text_is_personal(request.GET.get("q", "")):
            # Never echo a NIK or phone number back (page, links, language switch).
            messages.warning(
                request,
                _(
                    "Pencarian dengan NIK atau nomor telepon tidak tersedia di sini, agar data "
                    "pribadi tidak tercatat di alamat halaman. Cari dengan nama usaha, nama "
                    "pemilik atau NIB."
                ),
            )
            query = _query_without(request, "q", "page", "after", "before")
            return redirect(f"{request.path}?{query}" if query else request.path)
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@_drop_personal_search
@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    search = unit_search(user=request.user, params=request.GET)
    assert search.keys is not None
    raw_page = request.GET.get("page", "1")
    page = keyset_page(
        rows=search.detail if search.detail is not None else search.queryset,
        keys=search.keys,
        order=search.order,
        number=int(raw_page) if raw_page.isdigit() and 0 < len(raw_page) < 9 else 1,
        per_page=PAGE_SIZE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        keyset=search.keyset,
    )
    return render(
        request,
        "registry/unit_list.html",
        {
            "search": search,
            "form": search.form,
            "page_obj": page,
            "units": page.object_list,
            "query": _query_without(request, "page", "after", "before"),
            "query_unsorted": _query_without(request, "page", "sort", "after", "before"),
            "sort_columns": sort_columns(search.sort, SORTABLE),
            "can_create": can_create_units(request.user),
            "paging_end": END,
        },
    )


def _panels(request: HttpRequest, unit: Any) -> list[dict[str, Any]]:
    """Panels contributed by later apps (programs received, catalog, ...)."""
    panels = []
    for panel in extension_callables("SENTRA_UNIT_PANELS"):
        result = panel(request, unit)
        if result:
            # A panel renders its own template; plain strings are escaped, never trusted.
            panels.append(
                {
                    "title": result.get("title", ""),
                    "html": conditional_escape(result.get("html", "")),
                }
            )
    return panels


@require_GET
@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_get_for_user(user=request.user, pk=pk)
    writer = unit_writer(request.user, unit)
    reports = list(unit.reports.order_by("year").prefetch_related("export_destinations"))
    certificates = unit.certificates.select_related("kind").order_by("kind__sort_order", "id")
    kbli = KbliCode.objects.filter(code=unit.kbli, version=unit.kbli_version).first()
    return render(
        request,
        "registry/unit_detail.html",
        {
            "unit": unit,
            "kbli": kbli,
            "reports": reports,
            "reports_newest_first": list(reversed(reports)),
            "trend": trend_data(reports),
            "certificates": certificates,
            "products": unit.product_lines.select_related("commodity").order_by("position", "id"),
            "history": history_rows(
                unit_history(unit=unit), report_years={r.pk: r.year for r in reports}
            ),
            "panels": _panels(request, unit),
            # Admin, officer of its kecamatan, or its owner (the edit views decide again);
            # staff also verify.
            "can_change": writer is not None,
            "is_staff_writer": writer is Writer.STAFF,
        },
    )


@require_GET
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get_for_user(user=request.user, pk=pk)
    units = (
        unit_list_for_user(user=request.user)
        .filter(owner=person)
        .select_related("commodity", "desa", "kecamatan")
        .order_by("match_name", "id")
    )
    s = scope(request.user)
    is_own = s.owner_user_id is not None and person.account_id == s.owner_user_id
    can_decide = s.can(Capability.CORRECT_PERSONS) and person_writer(request.user, person) in (
        Writer.STAFF,
    )
    open_requests = DataRequest.objects.filter(person=person, status=RequestStatus.OPEN)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "units": units,
            "can_reveal": person_can_reveal(user=request.user, person=person),
            "can_edit": person_writer(request.user, person) is not None,
            "can_export": may_export(request.user, person),
            "can_erase": s.can(Capability.ERASE_PERSONS),
            "can_decide": can_decide or s.can(Capability.ERASE_PERSONS),
            "is_own": is_own,
            "open_requests": list(open_requests) if (is_own or can_decide or s.everything) else [],
            "reveals": RevealLog.objects.filter(person=person)[:50] if is_own else [],
        },
    )


@never_cache  # the clear value must not stay in any cache ("Cache-Control: no-store")
@require_POST
@login_required
def person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get_for_user(user=request.user, pk=pk)
    if not person_can_reveal(user=request.user, person=person):
        raise PermissionDenied
    field = request.POST.get("field", "")
    if field not in REVEAL_FIELDS:
        return HttpResponseBadRequest(_("Permintaan tidak dikenal."))
    value = person_reveal_service(actor=request.user, person=person, field=field)
    reveal_log_record(actor=request.user, person=person, field=field, client=client_ip(request))
    return render(
        request,
        "registry/person_reveal.html",
        {
            "person": person,
            "field": field,
            "field_label": _("NIK") if field == "nik" else _("Nomor telepon"),
            "value": value,
        },
    )
