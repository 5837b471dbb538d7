"""The statistics part of `sentra demo`: the sample IDR/USD series and a full statistics
refresh after the registry demo has been loaded in bulk."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction

from sentra.insights.rates import SAMPLE_RATES, SAMPLE_SOURCE, rates_delete, rates_import
from sentra.insights.refresh import stats_invalidate, stats_refresh


def demo_load(*, actor: Any, seed: int) -> dict[str, int]:
    """Load the illustrative rate series and rebuild the statistics tables once the demo's
    transaction commits (after every other part's writes and their change hooks, which find
    the tables marked stale and skip their per-cell work). `seed` is accepted like every
    part's; nothing here is random."""
    report = rates_import(actor=actor, path=SAMPLE_RATES, source=SAMPLE_SOURCE)
    stats_invalidate()
    transaction.on_commit(partial(stats_refresh, actor=actor))
    return {"exchange_rates": report.imported}


def demo_reset(*, actor: Any) -> None:
    """Remove the sample rates; the statistics tables are stale until the next refresh."""
    rates_delete(actor=actor, source=SAMPLE_SOURCE)
    stats_invalidate()
