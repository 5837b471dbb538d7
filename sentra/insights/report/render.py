"""Rendering the annual report: HTML → PDF with WeasyPrint, and the same tables as xlsx."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sentra.core.xlsx_safe import workbook_bytes
from sentra.insights.panels import map_svg
from sentra.insights.report.svg import bar_chart_svg
from sentra.insights.report.tables import AnnualReport


def report_html(report: AnnualReport) -> str:
    f = report.figures
    charts = {
        "kecamatan": bar_chart_svg(
            [r["name"] for r in f["by_kecamatan"]],
            [
                (str(report.year - 1), [r["units_prev"] for r in f["by_kecamatan"]], "#9ecae1"),
                (str(report.year), [r["units"] for r in f["by_kecamatan"]], "#08519c"),
            ],
            title=_("Unit IKM per kecamatan"),
        ),
        "commodity": bar_chart_svg(
            [r["name"] for r in f["by_commodity"]],
            [
                (str(report.year - 1), [r["units_prev"] for r in f["by_commodity"]], "#9ecae1"),
                (str(report.year), [r["units"] for r in f["by_commodity"]], "#08519c"),
            ],
            title=_("Unit IKM per komoditas"),
        ),
        "map": map_svg(f, "units", links=False),
    }
    return render_to_string("insights/report_annual.html", {"report": report, "charts": charts})


def report_pdf(report: AnnualReport) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_html(report)).write_pdf()
    return pdf


def report_xlsx(report: AnnualReport) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Pernyataan")[:31]
    sheet.append(
        [
            _("Laporan tahunan IKM %(region)s %(year)s")
            % {"region": report.region_name, "year": report.year}
        ]
    )
    sheet.append([report.statement])
    sheet.append([])
    for line in report.methodology + report.quality:
        sheet.append([line])
    for table in report.tables:
        ws = book.create_sheet(table.title[:31])
        ws.append(table.headers)
        for row in table.rows:
            ws.append([_cell(v) for v in row])
        for note in table.notes:
            ws.append([])
            ws.append([note])
    return workbook_bytes(book)


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)
