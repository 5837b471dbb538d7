"""`sentra load-boundaries FILE.geojson [--code-property NAME]`: kecamatan boundaries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sentra.core.actors import SystemActor
from sentra.insights.boundaries import boundaries_load


class Command(BaseCommand):
    help = "Muat batas kecamatan dari GeoJSON (fitur dikunci dengan kode Kemendagri)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--code-property", help="Nama properti kode Kemendagri.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = boundaries_load(
            actor=SystemActor("sentra load-boundaries"),
            path=Path(options["file"]),
            code_property=options["code_property"],
        )
        if report.problems:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{len(report.problems)} masalah; tidak ada batas yang dimuat.", returncode=2
            )
        self.stdout.write(f"{report.loaded} batas kecamatan dimuat.")
