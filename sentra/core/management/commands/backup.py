"""`sentra backup --out FILE`: an encrypted backup (database, keys, uploads) with the
passphrase in SENTRA_BACKUP_PASSPHRASE. See docs/security.md for the daily schedule."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sentra.core.backup import BackupError, backup_create
from sentra.core.numbers import format_number


class Command(BaseCommand):
    help = "Buat cadangan terenkripsi (basis data, kunci, berkas unggahan)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_create(out=options["out"])
        except BackupError as exc:
            sys.stderr.write(f"{exc}\n")
            sys.exit(1)
        self.stdout.write(
            _(
                "Cadangan ditulis ke %(path)s: %(tables)s tabel, %(rows)s baris, %(files)s "
                "berkas, %(size)s byte."
            )
            % {
                "path": report.path,
                "tables": report.tables,
                "rows": format_number(report.rows),
                "files": format_number(report.files),
                "size": format_number(report.size),
            }
        )
