"""`sentra load-regions [--all | --region CODE]`: load Kemendagri regions from the shipped data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sentra.core.actors import SystemActor
from sentra.regions.codes import validate_region_code
from sentra.regions.services import region_load


class Command(BaseCommand):
    help = "Load Kemendagri regions: the home region by default, all of Indonesia with --all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Load every region of Indonesia.")
        parser.add_argument("--region", help="Load this region and everything inside it.")

    def handle(self, *args: Any, **options: Any) -> None:
        region = None if options["all"] else (options["region"] or settings.SENTRA_HOME_REGION)
        if region is not None:
            try:
                validate_region_code(region)
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from exc
        count = region_load(actor=SystemActor("sentra load-regions"), region=region)
        self.stdout.write(f"{count} regions loaded ({region or 'Indonesia'}).")
