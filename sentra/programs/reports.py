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

    from sentra.core import xlsx

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Program")
    rows: list[list[Any]] = [
        [p.code, p.name, p.get_kind_display(), p.get_funding_source_display(),
         p.budget_ceiling, p.realised_spending, row.percent, row.units]
        for row in report.programs
        for p in [row.program]
    ]  # fmt: skip
    rows.append([_("Jumlah"), "", "", "", report.budget, report.realised, report.percent, None])
    xlsx.table_write(
        sheet,
        [
            xlsx.Column(_("Kode"), xlsx.TEXT),
            xlsx.Column(_("Nama")),
            xlsx.Column(_("Jenis")),
            xlsx.Column(_("Sumber dana")),
            xlsx.Column(_("Pagu (Rp)"), xlsx.MONEY),
            xlsx.Column(_("Realisasi (Rp)"), xlsx.MONEY),
            xlsx.Column(_("Realisasi (%)"), xlsx.PERCENT),
            xlsx.Column(_("Unit terjangkau"), xlsx.INTEGER),
        ],
        rows,
        title=_("Laporan program pembinaan tahun %(year)s") % {"year": report.year},
    )

    reach = book.create_sheet(_("Jangkauan"))
    xlsx.table_write(
        reach,
        [xlsx.Column(_("Menurut")), xlsx.Column(_("Nama")), xlsx.Column(_("Unit"), xlsx.INTEGER)],
        [
            [title, name, count]
            for title, pairs in (
                (_("Kecamatan"), report.by_kecamatan),
                (_("Komoditas"), report.by_commodity),
                (_("Jenis kelamin pemilik"), report.by_sex),
            )
            for name, count in pairs
        ],
    )

    impact = book.create_sheet(_("Dampak"))
    labels = outcome_labels()
    xlsx.table_write(
        impact,
        [
            xlsx.Column(_("Kode"), xlsx.TEXT),
            xlsx.Column(_("Nama")),
            xlsx.Column(_("Ukuran")),
            xlsx.Column(_("Tahun sebelum"), xlsx.YEAR),
            xlsx.Column(_("Tahun sesudah"), xlsx.YEAR),
            xlsx.Column(_("Penerima (unit)"), xlsx.INTEGER),
            xlsx.Column(_("Pembanding (unit)"), xlsx.INTEGER),
            xlsx.Column(_("Penerima sebelum"), xlsx.DECIMAL),
            xlsx.Column(_("Penerima sesudah"), xlsx.DECIMAL),
            xlsx.Column(_("Pembanding sebelum"), xlsx.DECIMAL),
            xlsx.Column(_("Pembanding sesudah"), xlsx.DECIMAL),
            xlsx.Column(_("Selisih ganda"), xlsx.DECIMAL),
            xlsx.Column(_("Batas bawah 95%"), xlsx.DECIMAL),
            xlsx.Column(_("Batas atas 95%"), xlsx.DECIMAL),
        ],
        [
            [
                item.program.code,
                item.program.name,
                labels[key],
                item.before_year,
                item.after_year,
                item.recipients,
                item.comparison_units,
                outcome.recipients_before,
                outcome.recipients_after,
                outcome.comparison_before,
                outcome.comparison_after,
                outcome.difference_in_differences,
                outcome.ci_low,
                outcome.ci_high,
            ]
            for item in report.impacts
            for key, outcome in item.outcomes.items()
        ],
    )
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
