"""`sentra import-units FILE`: import units from an xlsx/csv file (see docs/import.md).

Exit status: 0 no row rejected; 3 some rows rejected (with --atomic nothing written);
2 the file cannot be used (one line on stderr).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sentra.accounts.scope import Actor, SystemActor
from sentra.core.failures import write_atomic
from sentra.exchange.importer import import_file
from sentra.exchange.limits import ImportRefused


class Command(BaseCommand):
    help = "Impor unit IKM dari berkas xlsx/csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--sheet", default=None)
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--atomic", action="store_true")
        parser.add_argument("--report", default=None, help="write the JSON report here")
        parser.add_argument("--as", dest="as_user", default=None, help="acting username")
        parser.add_argument(
            "--profile",
            default=None,
            help="force a source layout (sentra, oss, siinas, kobo); default: by the headers",
        )
        parser.add_argument(
            "--mapping",
            default=None,
            help='a JSON file {"columns": {"header": "field" or null}} re-mapping columns',
        )

    def _mapping(self, name: str) -> dict[str, str | None]:
        """`{"columns": {header: field or null}}` (a bare object of headers works too)."""
        path = Path(name)
        if not path.is_file():
            self._fail(_("Berkas pemetaan tidak ditemukan: %(path)s") % {"path": path})
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            data = None
        columns = data.get("columns", data) if isinstance(data, dict) else None
        if not isinstance(columns, dict) or not all(
            isinstance(v, str | type(None)) for v in columns.values()
        ):
            self._fail(
                _(
                    'Berkas pemetaan harus berupa JSON {"columns": {"Judul kolom": "isian"}} '
                    "(null untuk mengabaikan kolom)."
                )
            )
            return {}
        return {str(k): v for k, v in columns.items()}

    def _fail(self, message: str) -> None:
        sys.stderr.write(" ".join(message.split()) + "\n")
        sys.stderr.flush()
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            self._fail(_("Berkas tidak ditemukan: %(path)s") % {"path": path})
        actor: Actor = SystemActor("sentra import-units")
        if options["as_user"]:
            user = get_user_model().objects.filter(username=options["as_user"]).first()
            if user is None or not user.is_active:
                self._fail(_("Pengguna tidak ditemukan: %(name)s") % {"name": options["as_user"]})
            assert user is not None
            actor = user
        mapping = self._mapping(options["mapping"]) if options["mapping"] else None
        try:
            result = import_file(
                actor=actor,
                path=path,
                file_name=path.name,
                sheet=options["sheet"],
                year=options["year"],
                dry_run=options["dry_run"],
                atomic=options["atomic"],
                profile=options["profile"],
                mapping=mapping,
            )
        except ImportRefused as refused:
            if options["report"]:  # the refusal is a report too: which limit, what was found
                refusal = {
                    "file": path.name,
                    "refused": {"code": refused.code, "message": refused.message},
                }
                write_atomic(
                    Path(options["report"]),
                    json.dumps(refusal, ensure_ascii=False, indent=2).encode("utf-8"),
                )
            self._fail(refused.message)
            return
        report = result.report
        if options["report"]:
            write_atomic(
                Path(options["report"]),
                json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8"),
            )
        self.stdout.write(
            " ".join(
                f"{k}={report[k]}"
                for k in ("rows_total", "created", "updated", "unchanged", "rejected", "skipped")
            )
        )
        sys.stdout.flush()
        if result.exit_code:
            sys.exit(result.exit_code)
