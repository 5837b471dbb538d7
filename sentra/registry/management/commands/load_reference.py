"""`sentra load-reference`: home-region regions and the registry's reference lists."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from sentra.core.actors import SystemActor
from sentra.regions.services import region_load
from sentra.registry.services import reference_load


class Command(BaseCommand):
    help = "Load the home region and the reference lists (commodities, KBLI, certificates)."

    def handle(self, *args: Any, **options: Any) -> None:
        regions = region_load(
            actor=SystemActor("sentra load-reference"), region=settings.SENTRA_HOME_REGION
        )
        counts = reference_load(actor=SystemActor("sentra load-reference"))
        self.stdout.write(
            f"{regions} wilayah; " + ", ".join(f"{k}: {v}" for k, v in counts.items())
        )
