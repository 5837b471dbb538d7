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
    """The report as one HTML document for WeasyPrint: title page, contents, numbered and
    captioned tables and figures, the map with its own heading, methodology and quality."""
    f = report.figures
    year = report.year
    figures = {
        "kecamatan": bar_chart_svg(
            [r["name"] for r in f["by_kecamatan"]],
            [
                (str(year - 1), [r["units_prev"] for r in f["by_kecamatan"]], "#9ecae1"),
                (str(year), [r["units"] for r in f["by_kecamatan"]], "#08519c"),
            ],
            title=_("Unit IKM per kecamatan"),
        ),
        "commodity": bar_chart_svg(
            [r["name"] for r in f["by_commodity"]],
            [
                (str(year - 1), [r["units_prev"] for r in f["by_commodity"]], "#9ecae1"),
                (str(year), [r["units"] for r in f["by_commodity"]], "#08519c"),
            ],
            title=_("Unit IKM per komoditas"),
        ),
        "map": map_svg(f, "units", links=False),
    }
    captions = {
        "map": _("Peta petak kecamatan: unit IKM aktif %(year)s") % {"year": year},
        "kecamatan": _("Unit IKM per kecamatan, %(a)s dan %(b)s") % {"a": year - 1, "b": year},
        "commodity": _("Unit IKM per komoditas, %(a)s dan %(b)s") % {"a": year - 1, "b": year},
    }
    # Each table is followed by the figure drawn from it; the map gets its own section.
    after_table = {"kecamatan": "kecamatan", "commodity": "commodity"}
    sections: list[dict[str, Any]] = []
    figure_no = 0
    for table_no, table in enumerate(report.tables, start=1):
        section: dict[str, Any] = {
            "id": f"tabel-{table_no}",
            "title": table.title,
            "table": table,
            "table_no": table_no,
            "kinds": table.column_kinds(),
        }
        if table.key in after_table:
            figure_no += 1
            key = after_table[table.key]
            section["figure"] = {"no": figure_no, "svg": figures[key], "caption": captions[key]}
        sections.append(section)
        if table.key == "summary":
            figure_no += 1
            sections.append(
                {
                    "id": "peta",
                    "title": _("Peta sebaran unit IKM"),
                    "figure": {"no": figure_no, "svg": figures["map"], "caption": captions["map"]},
                    "page_break": True,
                }
            )
    return render_to_string("insights/report_annual.html", {"report": report, "sections": sections})


def report_pdf(report: AnnualReport) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_html(report)).write_pdf()
    return pdf


XLSX_KINDS = {"text": "auto", "integer": "integer", "year": "year", "percent": "percent",
              "rate": "decimal", "effect": "auto"}  # fmt: skip


def report_xlsx(report: AnnualReport) -> bytes:
    from openpyxl import Workbook

    from sentra.core import xlsx

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Pernyataan")[:31]
    xlsx.text_sheet(
        sheet,
        [report.statement, "", *report.methodology, "", *report.quality],
        title=_("Laporan tahunan IKM %(region)s %(year)s")
        % {"region": report.region_name, "year": report.year},
    )
    for number, table in enumerate(report.tables, start=1):
        ws = book.create_sheet(f"{number}. {table.title}"[:31])
        columns = [
            xlsx.Column(str(header), XLSX_KINDS.get(kind, "auto"))
            for header, kind in zip(table.headers, table.column_kinds(), strict=False)
        ]
        xlsx.table_write(
            ws,
            columns,
            ([_cell(v) for v in row] for row in table.rows),
            title=_("Tabel %(n)s. %(title)s") % {"n": number, "title": table.title},
            notes=table.notes,
        )
    return workbook_bytes(book)


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)
