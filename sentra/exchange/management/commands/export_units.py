"""`sentra export-units --format xlsx|csv|json --out PATH`: units with the template's columns
(see docs/export.md). NIK and phone are masked unless --include-personal by an admin."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from sentra.accounts.scope import Actor, Capability, SystemActor, scope
from sentra.exchange.export import FORMATS, export_year, units_export
from sentra.registry.models import Unit, YearlyReport
from sentra.registry.selectors import unit_list_for_user


class Command(BaseCommand):
    help = "Ekspor unit IKM ke xlsx/csv/json dengan kolom templat impor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--region", default=None, help="Kemendagri code prefix, e.g. 36.02.14")
        parser.add_argument("--include-personal", action="store_true")
        parser.add_argument("--as", dest="as_user", default=None, help="acting username")

    def _fail(self, message: str) -> None:
        sys.stderr.write(message + "\n")
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        actor: Actor = SystemActor("sentra export-units")
        units = Unit.objects.all()
        if options["as_user"]:
            user = get_user_model().objects.filter(username=options["as_user"]).first()
            if user is None or not user.is_active:
                self._fail(_("Pengguna tidak ditemukan: %(name)s") % {"name": options["as_user"]})
            assert user is not None
            actor = user
            units = unit_list_for_user(user=actor)
        allowed_personal = scope(actor).can(Capability.EXPORT_PERSONAL)
        if options["include_personal"] and not allowed_personal:
            self._fail(_("Hanya admin yang boleh mengekspor NIK dan telepon tanpa disamarkan."))
        if options["region"]:
            code = options["region"].rstrip(".")
            units = units.filter(Q(desa__code__startswith=code + ".") | Q(desa__code=code))
        if options["year"]:
            units = units.filter(
                pk__in=YearlyReport.objects.filter(year=options["year"], is_active=True).values(
                    "unit_id"
                )
            )
        year = export_year(options["year"])
        data = units_export(
            actor=actor,
            units=units,
            fmt=options["format"],
            year=year,
            personal=options["include_personal"],
        )
        Path(options["out"]).write_bytes(data)
        self.stdout.write(f"{options['out']}: {len(data)} bytes, year {year}")
