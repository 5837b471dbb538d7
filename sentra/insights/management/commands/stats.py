"""`sentra stats --year Y [--region CODE] --format json|table`: the headline figures."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sentra.insights.selectors import headline_stats, latest_year, stats_table
from sentra.regions.codes import validate_region_code
from sentra.regions.models import Region


class Command(BaseCommand):
    help = "Print the headline IKM figures for a year as JSON or a table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Year (default: the latest with data).")
        parser.add_argument("--region", help="Kemendagri code (default: the home region).")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        region = options["region"]
        if region:
            try:
                validate_region_code(region)
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from exc
            if not Region.objects.filter(code=region).exists():
                raise CommandError(f"Wilayah {region} belum dimuat (sentra load-regions).")
        year = options["year"] or latest_year()
        if year is None:
            raise CommandError("Belum ada laporan tahunan; muat data dulu (sentra demo).")
        stats = headline_stats(year=year, region_code=region)
        if options["format"] == "json":
            self.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(stats_table(stats))
