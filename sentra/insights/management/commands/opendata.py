"""`sentra opendata export --year Y --out DIR` and
`sentra opendata publish --ckan URL --api-key-file F [--year Y] [--owner-org ORG]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sentra.insights.ckan import CkanError, ckan_publish
from sentra.insights.opendata import opendata_export, opendata_years


class Command(BaseCommand):
    help = "Tulis atau terbitkan data terbuka agregat IKM (CSV dan JSON dengan metadata)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Tulis berkas data terbuka ke folder.")
        export.add_argument("--year", type=int, help="Tahun (bawaan: semua tahun).")
        export.add_argument("--out", type=Path, required=True)
        publish = sub.add_parser("publish", help="Terbitkan ke portal CKAN.")
        publish.add_argument("--ckan", required=True, help="Alamat portal CKAN.")
        publish.add_argument("--api-key-file", type=Path, required=True)
        publish.add_argument("--year", type=int, help="Tahun (bawaan: semua tahun).")
        publish.add_argument("--owner-org", help="Organisasi CKAN pemilik data set.")

    def _years(self, year: int | None) -> list[int]:
        years = opendata_years()
        if year is not None:
            if year not in years:
                raise CommandError(f"Tidak ada data untuk tahun {year}.")
            return [year]
        if not years:
            raise CommandError("Belum ada laporan tahunan.")
        return years

    def handle(self, *args: Any, **options: Any) -> None:
        years = self._years(options["year"])
        if options["action"] == "export":
            paths = opendata_export(out_dir=Path(options["out"]), years=years)
            for path in paths:
                self.stdout.write(str(path))
            return
        try:
            key = Path(options["api_key_file"]).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CommandError(f"Berkas kunci API tidak dapat dibaca: {exc}") from exc
        try:
            result = ckan_publish(
                url=options["ckan"], api_key=key, years=years, owner_org=options["owner_org"]
            )
        except (CkanError, OSError) as exc:
            raise CommandError(f"Penerbitan ke CKAN gagal: {exc}") from exc
        self.stdout.write(
            f"Data set baru: {len(result.created)}, diperbarui: {len(result.patched)}; "
            f"sumber daya baru: {len(result.resources_created)}, "
            f"diperbarui: {len(result.resources_updated)}."
        )
