"""`sentra audit verify`: recompute the audit log's hash chain and name the first broken link.

Exit status 0 when the chain is whole, 1 when a row was changed, removed or inserted out of
order (the message names the row's id and what did not match).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sentra.core.audit import audit_verify
from sentra.core.numbers import format_number


class Command(BaseCommand):
    help = "Periksa rantai hash log audit (sentra audit verify)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="hitung ulang rantai hash dari baris pertama")

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if report.ok:
            self.stdout.write(
                _("Log audit utuh: %(n)s baris, rantai hash cocok.")
                % {"n": format_number(report.rows)}
            )
            return
        if report.reason == "prev":
            why = _(
                "hash baris sebelumnya tidak cocok: ada baris yang dihapus atau disisipkan "
                "sebelum baris ini"
            )
        else:
            why = _("isi baris ini tidak cocok dengan hash-nya: baris ini diubah")
        sys.stderr.write(
            _("Rantai log audit putus pada baris id %(id)s (baris ke-%(n)s): %(why)s.")
            % {"id": report.broken_id, "n": format_number(report.rows), "why": why}
            + "\n"
        )
        sys.exit(1)
