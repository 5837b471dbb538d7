"""`sentra report annual --year Y --out FILE.pdf [--format pdf|xlsx]`: the annual report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sentra.insights.aggregates import data_years
from sentra.insights.report.render import report_pdf, report_xlsx
from sentra.insights.report.tables import annual_report_data


class Command(BaseCommand):
    help = "Buat laporan tahunan IKM (PDF atau XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        annual = sub.add_parser("annual", help="Laporan tahunan IKM.")
        annual.add_argument("--year", type=int, required=True)
        annual.add_argument("--out", type=Path, required=True)
        annual.add_argument("--format", choices=["pdf", "xlsx"], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        out = Path(options["out"])
        fmt = options["format"] or ("xlsx" if out.suffix.lower() == ".xlsx" else "pdf")
        if year not in data_years():
            raise CommandError(f"Tidak ada laporan tahunan aktif untuk tahun {year}.")
        report = annual_report_data(year=year)
        out.write_bytes(report_pdf(report) if fmt == "pdf" else report_xlsx(report))
        self.stdout.write(f"Laporan tahunan {year} ditulis ke {out}.")
