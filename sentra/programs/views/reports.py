"""Program reports (page, xlsx, PDF from the same rows) and a unit's recipient page."""

from __future__ import annotations

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sentra.programs.models import Program
from sentra.programs.reports import (
    ProgramReport,
    outcome_labels,
    program_report,
    report_pdf,
    report_xlsx,
)
from sentra.programs.rules import is_staff
from sentra.programs.selectors import unit_participations
from sentra.programs.views import login_only, staff_required
from sentra.registry.selectors import unit_get_for_user


def _report(request: HttpRequest) -> ProgramReport:
    year_text = request.GET.get("year", "")
    if year_text.isdigit() and 2000 <= int(year_text) <= 2100:
        year = int(year_text)
    else:
        year = Program.objects.aggregate(y=Max("fiscal_year"))["y"] or 2018
    return program_report(user=request.user, year=year)


@require_GET
@staff_required
def report_page(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    years = (
        Program.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    )
    return render(
        request,
        "programs/report.html",
        {"report": report, "labels": outcome_labels(), "years": years},
    )


@require_GET
@staff_required
def report_xlsx_view(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    response = HttpResponse(
        report_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="laporan-program-{report.year}.xlsx"'
    return response


@require_GET
@staff_required
def report_pdf_view(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    response = HttpResponse(
        report_pdf(report, base_url=request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="laporan-program-{report.year}.pdf"'
    return response


@require_GET
@login_only
def unit_programs(request: HttpRequest, pk: int) -> HttpResponse:
    """What a unit received, when, and with what result; owners see their own units."""
    unit = unit_get_for_user(user=request.user, pk=pk)
    participations = list(unit_participations(unit=unit))
    reports = {r.year: r for r in unit.reports.filter(is_active=True).order_by("year")}
    rows = []
    for p in participations:
        after = [r for y, r in reports.items() if y > p.program.fiscal_year]
        rows.append({"p": p, "follow_ups": after})
    return render(
        request,
        "programs/unit_programs.html",
        {"unit": unit, "rows": rows, "is_staff": is_staff(request.user)},
    )
