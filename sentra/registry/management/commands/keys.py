"""`sentra keys rotate [--new-key-file F] [--if-needed]`: a new data key for NIK and phone.

Everything is re-encrypted in one transaction (also data written under an older key or the
old development key); uploads waiting in the data directory follow. Exit status 1 when
nothing could be changed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sentra.core.numbers import format_number
from sentra.registry.keyring import KeyError_, keys_need_rotation, keys_rotate


class Command(BaseCommand):
    help = "Ganti kunci data (NIK dan telepon dienkripsi ulang dalam satu transaksi)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rotate = sub.add_parser("rotate", help="buat kunci data baru dan enkripsi ulang")
        rotate.add_argument("--new-key-file", default=None)
        rotate.add_argument(
            "--if-needed",
            action="store_true",
            help="hanya bila ada data yang ditulis dengan kunci lama (dipakai `make run`)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_needed"] and not keys_need_rotation():
            return
        target = Path(options["new_key_file"]) if options["new_key_file"] else None
        try:
            report = keys_rotate(new_key_file=target)
        except KeyError_ as exc:
            sys.stderr.write(f"{exc}\n")
            sys.exit(1)
        self.stdout.write(
            _(
                "Kunci data diganti: %(values)s nilai dari %(persons)s pelaku usaha dienkripsi "
                "ulang (%(legacy)s dari kunci pengembangan lama), %(files)s berkas unggahan."
            )
            % {
                "values": format_number(report.values),
                "persons": format_number(report.persons),
                "legacy": format_number(report.legacy),
                "files": format_number(report.files),
            }
        )
        self.stdout.write(
            _("Kunci baru: %(path)s. Simpan salinannya bersama cadangan.")
            % {"path": report.key_file}
        )
