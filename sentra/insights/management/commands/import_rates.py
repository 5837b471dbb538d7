"""`sentra import-rates FILE.csv [--source S] [--report OUT.json]`: monthly IDR per USD.

Exit status: 0 every row loaded; 3 some rows rejected (the rest loaded); 2 nothing loaded.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sentra.core.actors import SystemActor
from sentra.insights.rates import rates_import

ACTOR = SystemActor("sentra import-rates")


class Command(BaseCommand):
    help = "Muat kurs bulanan rupiah per dolar AS dari CSV (kolom tanggal dan kurs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="", help="Sumber data (bawaan: nama berkas).")
        parser.add_argument("--report", type=Path, help="Tulis laporan baris bermasalah (JSON).")

    def handle(self, *args: Any, **options: Any) -> None:
        report = rates_import(actor=ACTOR, path=Path(options["file"]), source=options["source"])
        if options["report"]:
            Path(options["report"]).write_text(
                json.dumps(report.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
            )
        if report.fatal:
            self.stderr.write(report.fatal)
        for p in report.problems:
            self.stderr.write(f"Baris {p.row}, kolom {p.column} ({p.value!r}): {p.reason}")
        self.stdout.write(
            f"{report.imported} bulan dimuat dari {report.rows} baris; "
            f"{len({p.row for p in report.problems})} baris ditolak."
        )
        if report.exit_code:
            sys.exit(report.exit_code)
