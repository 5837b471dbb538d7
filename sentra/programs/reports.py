"""The program report of a fiscal year (reach, budget realisation, impact) as one data
structure, rendered as a page, an xlsx workbook and a PDF from the same rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sentra.accounts.scope import scope
from sentra.core.xlsx_safe import workbook_bytes
from sentra.programs.impact import ProgramImpact, program_impacts
from sentra.programs.models import REACHED_STAGES, Participation, Program
from sentra.registry.models import Sex, Unit
from sentra.registry.selectors import scope_filter_units


@dataclass
class ProgramRow:
    program: Program
    units: int

    @property
    def percent(self) -> float | None:
        return self.program.realisation_percent


@dataclass
class ProgramReport:
    year: int
    programs: list[ProgramRow] = field(default_factory=list)
    by_kecamatan: list[tuple[str, int]] = field(default_factory=list)
    by_commodity: list[tuple[str, int]] = field(default_factory=list)
    by_sex: list[tuple[str, int]] = field(default_factory=list)
    impacts: list[ProgramImpact] = field(default_factory=list)
    scoped: bool = False

    @property
    def budget(self) -> int:
        return sum(r.program.budget_ceiling for r in self.programs)

    @property
    def realised(self) -> int:
        return sum(r.program.realised_spending for r in self.programs)

    @property
    def percent(self) -> float | None:
        return round(100 * self.realised / self.budget, 1) if self.budget else None

    @property
    def reached_units(self) -> int:
        return sum(n for _, n in self.by_sex)


def program_report(*, user: Any, year: int) -> ProgramReport:
    """Reach counts stay inside the reader's scope; budgets and impact are aggregates."""
    s = scope(user)
    programs = list(Program.objects.filter(fiscal_year=year).exclude(status="batal"))
    visible = Unit.objects.filter(scope_filter_units(s)).values("pk")
    reached = Participation.objects.filter(program__in=programs, stage__in=REACHED_STAGES)
    direct = reached.filter(unit__isnull=False).values_list("program_id", "unit_id")
    per_program: dict[int, set[int]] = {p.pk: set() for p in programs}
    for program_id, unit_id in direct:
        per_program[program_id].add(unit_id)
    for program_id, cluster_id in reached.filter(cluster__isnull=False).values_list(
        "program_id", "cluster_id"
    ):
        per_program[program_id].update(
            Unit.objects.filter(cluster_id=cluster_id).values_list("pk", flat=True)
        )
    everyone: set[int] = set().union(*per_program.values()) if per_program else set()
    units = Unit.objects.filter(Q(pk__in=everyone) & Q(pk__in=visible)).values_list(
        "pk", "kecamatan__name", "commodity__name", "owner__sex"
    )
    seen = {pk for pk, *_rest in units}
    kecamatan: Counter[str] = Counter()
    commodity: Counter[str] = Counter()
    sex: Counter[str] = Counter()
    for _pk, kec, com, owner_sex in units:
        kecamatan[kec] += 1
        commodity[com] += 1
        sex[owner_sex] += 1
    sex_labels = dict(Sex.choices)
    return ProgramReport(
        year=year,
        programs=[
            ProgramRow(program=p, units=len(per_program[p.pk] & seen))
            for p in sorted(programs, key=lambda p: p.code)
        ],
        by_kecamatan=sorted(kecamatan.items(), key=lambda kv: (-kv[1], kv[0])),
        by_commodity=sorted(commodity.items(), key=lambda kv: (-kv[1], kv[0])),
        by_sex=[(str(sex_labels[key]), sex.get(key, 0)) for key in (Sex.MALE, Sex.FEMALE)],
        impacts=program_impacts(year=year),
        scoped=not s.everything,
    )


def report_xlsx(report: ProgramReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Program")
    bold = Font(bold=True)
    sheet.append([_("Laporan program pembinaan tahun %(year)s") % {"year": report.year}])
    sheet.append(
        [_("Kode"), _("Nama"), _("Jenis"), _("Sumber dana"), _("Pagu (Rp)"),
         _("Realisasi (Rp)"), _("Realisasi (%)"), _("Unit terjangkau")]
    )  # fmt: skip
    for row in report.programs:
        p = row.program
        sheet.append(
            [p.code, p.name, p.get_kind_display(), p.get_funding_source_display(),
             p.budget_ceiling, p.realised_spending, row.percent, row.units]
        )  # fmt: skip
    sheet.append([_("Jumlah"), "", "", "", report.budget, report.realised, report.percent, ""])
    for cell in sheet[2]:
        cell.font = bold

    reach = book.create_sheet(_("Jangkauan"))
    for title, rows in (
        (_("Menurut kecamatan"), report.by_kecamatan),
        (_("Menurut komoditas"), report.by_commodity),
        (_("Menurut jenis kelamin pemilik"), report.by_sex),
    ):
        reach.append([title, _("Unit")])
        reach.cell(row=reach.max_row, column=1).font = bold
        for name, count in rows:
            reach.append([name, count])
        reach.append([])

    impact = book.create_sheet(_("Dampak"))
    impact.append(
        [_("Kode"), _("Nama"), _("Ukuran"), _("Tahun sebelum"), _("Tahun sesudah"),
         _("Penerima (unit)"), _("Pembanding (unit)"), _("Penerima sebelum"),
         _("Penerima sesudah"), _("Pembanding sebelum"), _("Pembanding sesudah"),
         _("Selisih ganda")]
    )  # fmt: skip
    labels = outcome_labels()
    for item in report.impacts:
        for key, outcome in item.outcomes.items():
            impact.append(
                [item.program.code, item.program.name, labels[key], item.before_year,
                 item.after_year, item.recipients, item.comparison_units,
                 *outcome.as_dict().values()]
            )  # fmt: skip
    return workbook_bytes(book)


def outcome_labels() -> dict[str, str]:
    return {
        "workers": _("Tenaga kerja (orang/unit)"),
        "production_value": _("Nilai produksi (Rp/unit)"),
        "survival": _("Bertahan aktif (porsi)"),
    }


def report_pdf(report: ProgramReport, *, base_url: str) -> bytes:
    """The same template as the page, in print layout, through WeasyPrint."""
    from weasyprint import HTML

    html = render_to_string(
        "programs/report_print.html", {"report": report, "labels": outcome_labels()}
    )
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf()
    return pdf
