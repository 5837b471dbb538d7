"""Entering and editing yearly records (laporan tahunan) and certificates of a unit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sentra.registry.forms import CertificateForm, ReportForm, apply_errors, report_initial
from sentra.registry.models import Unit, YearlyReport
from sentra.registry.services import (
    ConflictError,
    certificate_add,
    report_record,
    report_update,
    unit_mark_unverified,
)
from sentra.registry.views.edit_access import Writer, unit_for_write, unit_url
from sentra.registry.views.edit_conflict import conflict_response


def _render(
    request: HttpRequest, form: ReportForm, unit: Unit, report: YearlyReport | None
) -> HttpResponse:
    return render(
        request,
        "registry/report_form.html",
        {"form": form, "unit": unit, "report": report, "cancel_url": unit_url(unit)},
    )


def _saved(request: HttpRequest, unit: Unit, writer: Writer, year: int) -> HttpResponse:
    if writer is Writer.OWNER:
        messages.success(request, _("Perubahan disimpan dan menunggu verifikasi petugas."))
    else:
        messages.success(request, _("Laporan tahun %(year)s disimpan.") % {"year": year})
    return redirect(unit_url(unit))


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit, writer = unit_for_write(request.user, pk)
    initial = report_initial(None, year=timezone.localdate().year)
    form = ReportForm(request.POST or None, initial=initial)
    if request.method != "POST" or not form.is_valid():
        return _render(request, form, unit, None)
    year = form.cleaned_data["year"]
    if YearlyReport.objects.filter(unit=unit, year=year).exists():
        form.add_error(
            "year",
            _("Laporan tahun %(year)s sudah ada; ubah laporan tersebut.") % {"year": year},
        )
        return _render(request, form, unit, None)
    try:
        with transaction.atomic():
            report_record(actor=request.user, unit=unit, data=form.report_data())
            if writer is Writer.OWNER:
                unit_mark_unverified(actor=request.user, unit=unit)
    except ValidationError as exc:
        apply_errors(form, exc)
        return _render(request, form, unit, None)
    return _saved(request, unit, writer, year)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    unit, writer = unit_for_write(request.user, pk)
    report = get_object_or_404(YearlyReport, unit=unit, year=year)
    form = ReportForm(request.POST or None, initial=report_initial(report), fixed_year=year)
    if request.method != "POST" or not form.is_valid():
        return _render(request, form, unit, report)
    try:
        with transaction.atomic():
            report_update(
                actor=request.user,
                report=report,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.report_data(),
            )
            if writer is Writer.OWNER:
                unit_mark_unverified(actor=request.user, unit=unit)
    except ConflictError as conflict:
        current: YearlyReport = conflict.current
        return conflict_response(
            request,
            form=form,
            saved=report_initial(current),
            saved_version=current.version,
            title=_("Laporan tahun %(year)s sudah diubah orang lain") % {"year": year},
            discard_url=reverse("registry:report_edit", args=[unit.pk, year]),
            back_url=unit_url(unit),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _render(request, form, unit, report)
    return _saved(request, unit, writer, year)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit, writer = unit_for_write(request.user, pk)
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                certificate_add(actor=request.user, unit=unit, **form.cleaned_data)
                if writer is Writer.OWNER:
                    unit_mark_unverified(actor=request.user, unit=unit)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Sertifikat disimpan."))
            return redirect(unit_url(unit))
    return render(
        request,
        "registry/certificate_form.html",
        {"form": form, "unit": unit, "cancel_url": unit_url(unit)},
    )
