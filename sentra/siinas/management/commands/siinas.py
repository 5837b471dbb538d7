"""`sentra siinas extract --year Y --out FILE.xlsx`, `sentra siinas import FILE [--year Y]`
and `sentra siinas target --year Y --units N`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sentra.core.actors import SystemActor
from sentra.registry.models import Unit
from sentra.registry.selectors import report_years
from sentra.siinas.extract import extract_build, extract_workbook
from sentra.siinas.reader import ListRefused, read_status_list
from sentra.siinas.services import REJECTED, siinas_import, siinas_target_set

ACTOR = SystemActor("sentra siinas")


class Command(BaseCommand):
    help = "SIINas: the yearly extract, importing a status list, the office's yearly target."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        extract = sub.add_parser("extract", help="Write the SIINas extract (xlsx)")
        extract.add_argument("--year", type=int, required=True)
        extract.add_argument("--out", required=True)
        imp = sub.add_parser("import", help="Record statuses from a list (xlsx/csv)")
        imp.add_argument("file")
        imp.add_argument("--year", type=int, help="For rows without a Tahun column")
        target = sub.add_parser("target", help="Set the office's target for a year")
        target.add_argument("--year", type=int, required=True)
        target.add_argument("--units", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "extract":
            self._extract(options["year"], Path(options["out"]))
        elif action == "import":
            self._import(Path(options["file"]), options["year"])
        else:
            try:
                siinas_target_set(actor=ACTOR, year=options["year"], units=options["units"])
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write(f"Target SIINas {options['year']}: {options['units']} unit.")

    def _extract(self, year: int, out: Path) -> None:
        if year not in report_years():
            raise CommandError(f"Belum ada laporan tahunan {year}.")
        units = Unit.objects.all()
        summary = extract_build(units=units, year=year)
        out.write_bytes(extract_workbook(summary))
        self.stdout.write(
            f"{out}: {len(summary.rows)} baris, {len(summary.checks)} unit dengan isian wajib "
            "kosong (lembar Pemeriksaan)."
        )

    def _import(self, path: Path, year: int | None) -> None:
        if not path.exists():
            raise CommandError(f"Berkas {path} tidak ada.")
        try:
            rows = read_status_list(content=path.read_bytes(), name=path.name)
        except ListRefused as exc:
            raise CommandError(str(exc)) from exc
        results = siinas_import(actor=ACTOR, rows=rows, year=year, visible=Unit.objects.all())
        rejected = 0
        for result in results:
            line = f"baris {result.line} {result.code or '-'}: {result.outcome}"
            self.stdout.write(f"{line} {result.message}".rstrip())
            rejected += result.outcome == REJECTED
        self.stdout.write(f"{len(results)} baris, {rejected} ditolak.")
        if rejected:
            raise SystemExit(3)
