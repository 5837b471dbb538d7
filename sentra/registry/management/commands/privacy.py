"""`sentra privacy export|erase|retention`: data subjects' rights under UU PDP 27/2022.

- `export --nik NIK --out FILE.json`: everything Sentra holds about the person;
- `erase --nik NIK --reason TEXT`: personal data replaced by a tombstone at once (units and
  statistics stay);
- `retention`: deletes what is kept no longer than its period (login records, reveal
  records' addresses, abandoned uploads); run it daily (docs/privacy.md).
Exit status 1 when the person is not found or nothing could be done.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core.actors import SystemActor
from sentra.core.extensions import extension_callables
from sentra.core.failures import write_atomic
from sentra.registry.models import Person
from sentra.registry.services import person_find_by_nik
from sentra.registry.services.privacy import person_erase, person_export

ACTOR = SystemActor("sentra privacy")


class Command(BaseCommand):
    help = "Hak subjek data (UU PDP): ekspor, penghapusan, retensi."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="semua data seseorang sebagai JSON")
        export.add_argument("--nik", required=True)
        export.add_argument("--out", required=True, type=Path)
        erase = sub.add_parser("erase", help="hapus data pribadi seseorang (berlaku seketika)")
        erase.add_argument("--nik", required=True)
        erase.add_argument("--reason", required=True)
        sub.add_parser("retention", help="hapus data yang melewati masa simpannya")

    def _person(self, nik: str) -> Person:
        person = person_find_by_nik(nik=nik)
        if person is None:
            sys.stderr.write(_("Tidak ada pelaku usaha dengan NIK tersebut.") + "\n")
            sys.exit(1)
        return person

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "retention":
            now = timezone.now()
            counts: dict[str, int] = {}
            for job in extension_callables("SENTRA_RETENTION_JOBS"):
                counts.update(job(now=now))
            self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
            return
        person = self._person(options["nik"])
        if action == "export":
            data = person_export(actor=ACTOR, person=person)
            text = json.dumps(data, ensure_ascii=False, indent=2)
            write_atomic(options["out"], text.encode("utf-8"))
            self.stdout.write(_("Data pribadi ditulis ke %(path)s.") % {"path": options["out"]})
            return
        try:
            person_erase(actor=ACTOR, person=person, reason=options["reason"])
        except ValidationError as exc:
            sys.stderr.write(" ".join(exc.messages) + "\n")
            sys.exit(1)
        self.stdout.write(
            _("Data pribadi pelaku usaha id %(id)s dihapus; unit dan statistik tetap.")
            % {"id": person.pk}
        )
