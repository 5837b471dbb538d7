"""`sentra stats-refresh [--year Y]`: rebuild the pre-aggregated statistics tables."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sentra.core.actors import SystemActor
from sentra.insights.refresh import stats_refresh


class Command(BaseCommand):
    help = "Hitung ulang tabel agregat statistik (setelah impor massal)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        cells = stats_refresh(year=options["year"], actor=SystemActor("sentra stats-refresh"))
        self.stdout.write(f"{cells} sel statistik dihitung ulang.")
