"""`sentra import-units FILE`: import units from an xlsx/csv file (see docs/import.md).

Exit status: 0 no row rejected; 3 some rows rejected (with --atomic nothing written);
2 the file or the command cannot be used (one line on stderr); 1 a failure of the machine
(database, disk). With --report, every outcome writes its report: the import's, or
`{"file", "refused": {code, message}}` for exit 2, or `{"file", "failed": {...}}` for 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sentra.accounts.scope import Actor, SystemActor
from sentra.core.failures import failure_for, write_atomic
from sentra.exchange.importer import import_file
from sentra.exchange.limits import ImportRefused


def _write_report(target: str | None, data: dict[str, Any]) -> None:
    if target:
        write_atomic(Path(target), json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


def _report_option(argv: list[str]) -> str | None:
    """--report from the raw arguments, for a command line argparse refused."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--report", default=None)
    try:
        known, _rest = parser.parse_known_args(argv)
    except SystemExit:  # "--report" without a value
        return None
    return str(known.report) if known.report else None


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

    def _mapping(self, name: str, report: str | None, file_name: str) -> dict[str, str | None]:
        """`{"columns": {header: field or null}}` (a bare object of headers works too)."""
        path = Path(name)
        if not path.is_file():
            missing = _("Berkas pemetaan tidak ditemukan: %(path)s") % {"path": path}
            self._refuse(report, file_name, ImportRefused("mapping_missing", missing))
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            data = None
        columns = data.get("columns", data) if isinstance(data, dict) else None
        if not isinstance(columns, dict) or not all(
            isinstance(v, str | type(None)) for v in columns.values()
        ):
            invalid = _(
                'Berkas pemetaan harus berupa JSON {"columns": {"Judul kolom": "isian"}} '
                "(null untuk mengabaikan kolom)."
            )
            self._refuse(report, file_name, ImportRefused("mapping_invalid", invalid))
        return {str(k): v for k, v in columns.items()}

    def run_from_argv(self, argv: list[str]) -> None:
        self._argv = argv[2:]
        super().run_from_argv(argv)

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """A command line argparse refuses (no FILE, `--year abc`) exits 2 like a refused
        file, so it writes its refusal to --report as well."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        usage_error = parser.error

        def error(message: str) -> NoReturn:
            if parser.called_from_command_line:
                refusal = {"code": "usage", "message": message}
                _write_report(
                    _report_option(getattr(self, "_argv", [])), {"file": None, "refused": refusal}
                )
            usage_error(message)
            raise AssertionError("unreachable")  # argparse's error() exits

        parser.error = error  # type: ignore[method-assign]
        return parser

    def _refuse(self, report: str | None, file_name: str, refused: ImportRefused) -> NoReturn:
        # The refusal is a report too: which check, what was found.
        refusal = {"code": refused.code, "message": refused.message}
        _write_report(report, {"file": file_name, "refused": refusal})
        sys.stderr.write(" ".join(refused.message.split()) + "\n")
        sys.stderr.flush()
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        report = options["report"]
        if not path.is_file():
            missing = _("Berkas tidak ditemukan: %(path)s") % {"path": path}
            self._refuse(report, path.name, ImportRefused("file_missing", missing))
        actor: Actor = SystemActor("sentra import-units")
        if options["as_user"]:
            user = get_user_model().objects.filter(username=options["as_user"]).first()
            if user is None or not user.is_active:
                unknown = _("Pengguna tidak ditemukan: %(name)s") % {"name": options["as_user"]}
                self._refuse(report, path.name, ImportRefused("user_unknown", unknown))
            assert user is not None
            actor = user
        mapping = (
            self._mapping(options["mapping"], report, path.name) if options["mapping"] else None
        )
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
            self._refuse(report, path.name, refused)
        except Exception as exc:
            # A failure of the machine (exit 1, said by `sentra.cli`) or a bug: the report
            # says so, without the exception's text, which could quote a cell of the file.
            failure = failure_for(exc)
            failed = {
                "code": failure.code if failure else "crash",
                "message": failure.message
                if failure
                else _(
                    "Impor terhenti karena galat tak terduga (%(kind)s); rinciannya tercatat "
                    "di riwayat impor."
                )
                % {"kind": type(exc).__name__},
            }
            _write_report(report, {"file": path.name, "failed": failed})
            raise
        _write_report(report, result.report)
        self.stdout.write(
            " ".join(
                f"{k}={result.report[k]}"
                for k in ("rows_total", "created", "updated", "unchanged", "rejected", "skipped")
            )
        )
        sys.stdout.flush()
        if result.exit_code:
            sys.exit(result.exit_code)
