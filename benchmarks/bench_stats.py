"""Dashboard aggregates: the pre-aggregated StatsCell table against a raw group-by over the
registry, both on the Lebak demo (16,000 units in 2018) in a temporary SQLite database."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path

from sentra.core.actors import SystemActor


def _time(fn: Callable[[], object], repeat: int = 7) -> float:
    fn()  # warm
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    with tempfile.TemporaryDirectory(prefix="sentra-bench-") as tmp:
        db = settings.DATABASES["default"]
        saved = dict(db)
        if db["ENGINE"] == "django.db.backends.sqlite3":
            db["NAME"] = str(Path(tmp) / "bench.sqlite3")
        else:  # PostgreSQL: a throwaway test database would be needed; keep to SQLite
            print("bench_stats runs on SQLite only; skipped.")
            return
        connections.close_all()
        os.environ.setdefault("SENTRA_DEMO_PASSWORD", "bench-only-password")
        try:
            start = time.perf_counter()
            call_command("migrate", verbosity=0)
            call_command("demo", stdout=StringIO())
            from sentra.insights.aggregates import data_years, raw_cells, stored_cells
            from sentra.insights.figures import View, dashboard_figures
            from sentra.insights.refresh import stats_refresh

            refresh_ms = _time(lambda: stats_refresh(actor=SystemActor("bench")), repeat=1)
            print(f"demo loaded and refreshed in {time.perf_counter() - start:.1f} s")
            years = data_years()
            view = View(kecamatan=None)

            def from_cells() -> object:
                return dashboard_figures(cs=stored_cells(years=years), year=years[-1], view=view)

            def from_raw() -> object:
                return dashboard_figures(cs=raw_cells(years=years), year=years[-1], view=view)

            assert stored_cells().comparable() == raw_cells().comparable()
            cells_ms, raw_ms = _time(from_cells), _time(from_raw)
            print(f"full refresh of StatsCell:            {refresh_ms:8.1f} ms")
            print(f"dashboard aggregates from StatsCell:  {cells_ms:8.1f} ms (median of 7)")
            print(f"dashboard aggregates raw group-by:    {raw_ms:8.1f} ms (median of 7)")
            print(f"speed-up: {raw_ms / cells_ms:.1f}x")
        finally:
            connections.close_all()
            db.clear()
            db.update(saved)
