"""`sentra load-kbli FILE.csv [--version 2020]`: load KBLI codes (columns `code,title`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sentra.core.actors import SystemActor
from sentra.registry.services import kbli_load


class Command(BaseCommand):
    help = "Load KBLI codes with titles from a CSV file with the columns code,title."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kbli-version", default="2020", dest="kbli_version")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        try:
            count = kbli_load(
                actor=SystemActor("sentra load-kbli"), path=path, version=options["kbli_version"]
            )
        except (ValidationError, KeyError) as exc:
            raise CommandError(f"Berkas KBLI tidak dapat dipakai: {exc}") from exc
        self.stdout.write(f"{count} kode KBLI {options['kbli_version']} dimuat.")
