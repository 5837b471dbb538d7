"""`sentra program-impact --year Y --format json|table`: the effect of each program."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sentra.programs.impact import ProgramImpact, program_impacts

LABELS = {"workers": "Tenaga kerja", "production_value": "Nilai produksi", "survival": "Bertahan"}


def impact_table(impacts: list[ProgramImpact]) -> str:
    if not impacts:
        return "Tidak ada program pada tahun ini."
    lines = []
    for impact in impacts:
        p = impact.program
        lines.append(f"{p.code} · {p.name} ({p.get_kind_display()}, {p.fiscal_year})")
        lines.append(
            f"  penerima {impact.recipients} unit, pembanding {impact.comparison_units} unit; "
            f"sebelum {impact.before_year}, sesudah {impact.after_year}"
        )
        lines.append(
            f"  {'':<16}{'penerima sblm':>16}{'penerima ssdh':>16}"
            f"{'pembanding sblm':>17}{'pembanding ssdh':>17}{'selisih ganda':>16}"
        )
        for key, outcome in impact.outcomes.items():
            cells = outcome.as_dict().values()
            lines.append(
                f"  {LABELS.get(key, key):<16}"
                + "".join(f"{'–' if v is None else v:>16} " for v in cells)
            )
        if impact.caution:
            lines.append(f"  {impact.caution}")
        lines.append("")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Dampak program pembinaan per tahun anggaran (selisih ganda penerima vs pembanding)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Tahun anggaran program.")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        impacts = program_impacts(year=options["year"])
        if options["format"] == "json":
            payload = [impact.as_dict() for impact in impacts]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(impact_table(impacts))
