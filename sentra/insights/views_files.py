"""Downloads: the annual report (staff) and the open-data files (public)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sentra.accounts.scope import Capability, scope
from sentra.insights.aggregates import data_years
from sentra.insights.opendata import (
    DATASETS,
    FORMATS,
    dataset_file,
    dataset_metadata,
    file_name,
    opendata_years,
)
from sentra.insights.report.render import report_pdf, report_xlsx
from sentra.insights.report.tables import annual_report_data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def annual_report(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The annual report of the whole regency (aggregates only), for office staff."""
    if not scope(request.user).can(Capability.VIEW_ANNUAL_REPORT):
        raise PermissionDenied
    if fmt not in {"pdf", "xlsx"} or year not in data_years():
        raise Http404
    report = annual_report_data(year=year)
    if fmt == "pdf":
        response = HttpResponse(report_pdf(report), content_type="application/pdf")
    else:
        response = HttpResponse(report_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="laporan-tahunan-ikm-{year}.{fmt}"'
    return response


def opendata(request: HttpRequest) -> HttpResponse:
    years = list(reversed(opendata_years()))
    datasets = [
        {
            "slug": d.slug,
            "title": d.title,
            "metadata": dataset_metadata(d, years[0]) if years else None,
            "files": [
                {"year": y, "fmt": fmt, "name": file_name(d, y, fmt)}
                for y in years
                for fmt in FORMATS
            ],
        }
        for d in DATASETS.values()
    ]
    return render(request, "insights/opendata.html", {"datasets": datasets, "years": years})


def opendata_file(request: HttpRequest, dataset: str, year: int, fmt: str) -> HttpResponse:
    if dataset not in DATASETS or fmt not in FORMATS or year not in opendata_years():
        raise Http404
    d = DATASETS[dataset]
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    response = HttpResponse(dataset_file(d, year, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name(d, year, fmt)}"'
    return response
