"""SIINas pages: the worklist, recording a unit's status, the list import, the office's
target and the yearly extract download. Authorise, parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.registry.selectors import (
    report_latest_year,
    report_years,
    unit_get_for_user,
    unit_list_for_user,
)
from sentra.registry.views.edit_access import unit_url
from sentra.siinas.extract import extract_build, extract_workbook
from sentra.siinas.forms import ImportForm, StatusForm, TargetForm
from sentra.siinas.reader import ListRefused, read_status_list
from sentra.siinas.rules import can_extract, can_record_any, can_record_unit, can_set_target
from sentra.siinas.selectors import STATUS_FILTERS, siinas_progress, siinas_target, siinas_units
from sentra.siinas.services import (
    REJECTED,
    siinas_import,
    siinas_status_clear,
    siinas_status_record,
    siinas_target_set,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
MAX_UPLOAD = 5 * 1024 * 1024


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 1900 <= int(raw) <= 2100:
        return int(raw)
    return report_latest_year() or timezone.localdate().year


@require_GET
@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """Units of a year in the reader's scope with their SIINas status (filter sudah/belum)."""
    year = _year(request)
    status = request.GET.get("status", "")
    status = status if status in STATUS_FILTERS else ""
    units = siinas_units(user=request.user, year=year, status=status).order_by(
        "kecamatan__name", "match_name", "id"
    )
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "siinas/worklist.html",
        {
            "year": year,
            "years": report_years(),
            "status": status,
            "page_obj": page,
            "units": page.object_list,
            "progress": siinas_progress(user=request.user, year=year),
            "can_import": can_record_any(request.user),
            "can_extract": can_extract(request.user),
            "can_set_target": can_set_target(request.user),
            "target_form": TargetForm(
                initial={"year": year, "units": siinas_target(year=year) or ""}
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record (or clear) a unit's SIINas status for a year: staff of the unit only."""
    unit = unit_get_for_user(user=request.user, pk=pk)
    if not can_record_unit(request.user, unit):
        raise PermissionDenied
    form = StatusForm(request.POST or None, initial={"year": _year(request)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["clear"]:
                siinas_status_clear(actor=request.user, unit=unit, year=d["year"])
                messages.success(request, _("Catatan SIINas %(year)s dihapus.") % d)
            else:
                siinas_status_record(
                    actor=request.user,
                    unit=unit,
                    year=d["year"],
                    receipt_number=d["receipt_number"],
                    reported_on=d["reported_on"],
                )
                messages.success(request, _("Status SIINas %(year)s disimpan.") % d)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect(unit_url(unit))
    return render(request, "siinas/unit_record.html", {"unit": unit, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    """Upload a list of unit code + nomor bukti + tanggal; every row is reported."""
    if not can_record_any(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, initial={"year": _year(request)})
    results: list[Any] | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("Berkas lebih dari 5 MB."))
        else:
            try:
                rows = read_status_list(content=upload.read(), name=upload.name)
            except ListRefused as exc:
                form.add_error("file", str(exc))
            else:
                results = siinas_import(
                    actor=request.user,
                    rows=rows,
                    year=form.cleaned_data["year"],
                    visible=unit_list_for_user(user=request.user),
                )
    counts: dict[str, int] = {}
    for result in results or []:
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
    return render(
        request,
        "siinas/import.html",
        {"form": form, "results": results, "counts": counts, "rejected": REJECTED},
    )


@require_POST
@login_required
def target_set(request: HttpRequest) -> HttpResponse:
    if not can_set_target(request.user):
        raise PermissionDenied
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Target tidak sah: isi tahun dan jumlah unit."))
        return redirect("siinas:worklist")
    target = siinas_target_set(actor=request.user, **form.cleaned_data)
    messages.success(
        request,
        _("Target SIINas %(year)s: %(units)s unit.") % {"year": target.year, "units": target.units},
    )
    return redirect(reverse("siinas:worklist") + f"?year={target.year}")


@require_GET
@login_required
def extract_download(request: HttpRequest, year: int) -> HttpResponse:
    """The SIINas extract of the reader's units (the same code as `sentra siinas extract`)."""
    if not can_extract(request.user):
        raise PermissionDenied
    if year not in report_years():
        raise Http404
    extract = extract_build(units=unit_list_for_user(user=request.user), year=year)
    content = extract_workbook(extract)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="siinas-ikm-{year}.xlsx"'
    return response
