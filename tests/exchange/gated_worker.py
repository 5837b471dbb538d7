"""Runs `sentra db_worker` whose imports stop at a gate once they have checked their rows
(before planning) and wait there until the test creates the gate file, so that a test can
watch a running import and cancel it without racing it. The seam is this wrapper around the
importer's planning call; production code carries no gate.
Usage: python -m tests.exchange.gated_worker GATE_FILE db_worker [options]."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

GATE_TIMEOUT = 120  # seconds; a test that never opens the gate fails instead of hanging


def main() -> None:
    import django

    django.setup()
    from sentra.exchange import importer

    gate = Path(sys.argv[1])
    original = importer.plan_rows

    def plan_after_the_gate(*args: Any, **kwargs: Any) -> Any:
        deadline = time.monotonic() + GATE_TIMEOUT
        while not gate.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        return original(*args, **kwargs)

    importer.plan_rows = plan_after_the_gate  # type: ignore[assignment]
    from django.core.management import call_command

    call_command(sys.argv[2], *sys.argv[3:])


if __name__ == "__main__":
    main()
