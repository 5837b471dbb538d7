"""Runs `sentra import-units` with a pause inside its write transaction, after the registry's
bulk commit wrote everything and before the transaction commits, so that a test can kill it
there. The seam is this wrapper around the importer's commit call; production code carries no
pause. Usage: python -m tests.exchange.paused_import FILE [import-units options]."""

from __future__ import annotations

import sys
import time
from typing import Any


def main() -> None:
    import django

    django.setup()
    from sentra.exchange import importer

    original = importer.units_commit

    def commit_then_pause(**kwargs: Any) -> Any:
        outcomes = original(**kwargs)
        print("PAUSED_INSIDE_THE_WRITE_TRANSACTION", file=sys.stderr, flush=True)
        time.sleep(60)
        return outcomes

    importer.units_commit = commit_then_pause  # type: ignore[assignment]
    from django.core.management import call_command

    call_command("import_units", *sys.argv[1:])


if __name__ == "__main__":
    main()
