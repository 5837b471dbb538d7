"""`sentra api-schema [--out FILE] [--check]`: write the OpenAPI document, or check that the
committed docs/openapi.json is current (`make lint` runs the check)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sentra.api.schema_file import SCHEMA_PATH, openapi_text


class Command(BaseCommand):
    help = "Write the API's OpenAPI document, or check the committed one is current."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default=str(SCHEMA_PATH), help="Where to write it")
        parser.add_argument("--check", action="store_true", help="Fail if the file is stale")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["out"])
        text = openapi_text()
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise CommandError(
                    f"{path} is stale: run `sentra api-schema` and commit the result."
                )
            self.stdout.write(f"{path} is current.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
