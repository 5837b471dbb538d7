"""`sentra restore FILE`: restore an encrypted backup into an empty data directory (or an
empty PostgreSQL database) with the passphrase in SENTRA_BACKUP_PASSPHRASE, then verify the
row count of every table and the audit chain. Exit status 1 when it cannot."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sentra.core.backup import BackupError, backup_restore
from sentra.core.numbers import format_number


class Command(BaseCommand):
    help = "Pulihkan cadangan terenkripsi ke folder data atau basis data yang kosong."
    requires_system_checks: list[str] = []  # the database is empty until restored

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        if not source.is_file():
            sys.stderr.write(
                _("Berkas cadangan tidak ditemukan: %(path)s") % {"path": source} + "\n"
            )
            sys.exit(1)
        try:
            report = backup_restore(source=source)
        except BackupError as exc:
            sys.stderr.write(f"{exc}\n")
            sys.exit(1)
        self.stdout.write(
            _(
                "Dipulihkan: %(tables)s tabel, %(rows)s baris, %(files)s berkas; jumlah baris "
                "setiap tabel cocok dengan cadangan."
            )
            % {
                "tables": report.tables,
                "rows": format_number(report.rows),
                "files": format_number(report.files),
            }
        )
        if not report.audit_ok:
            sys.stderr.write(
                _("Peringatan: rantai log audit tidak utuh; jalankan `sentra audit verify`.") + "\n"
            )
            sys.exit(1)
        self.stdout.write(_("Rantai log audit utuh."))
