"""`make bench`: runs every benchmarks/bench_*.py module's `main()` in turn.

Each benchmark prints its figure beside a raw-database baseline measured in the same run. The
run uses a fresh SQLite database in a temporary data directory (SENTRA_DATA_DIR is set before
Django starts), migrated here, so benchmarks never touch a real registry.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sentra-bench-") as data_dir:
        os.environ["SENTRA_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        os.environ["SENTRA_DEBUG"] = "0"  # measured as in production: no query logging
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        here = Path(__file__).resolve().parent
        selected = sys.argv[1:]
        names = sorted(
            m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
        )
        for name in names:
            if selected and name not in selected:
                continue
            print(f"== {name}")
            importlib.import_module(f"benchmarks.{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
