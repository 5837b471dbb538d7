"""The `sentra` console script: Django management with Sentra's settings.

Sentra's own commands are spelled with hyphens (`sentra load-regions`); Django's module names
use underscores, so a hyphenated first argument is translated.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["sentra", *args])


if __name__ == "__main__":
    main()
