"""Telling later apps which units changed, once per committed transaction."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from sentra.core.extensions import extension_callables

logger = logging.getLogger(__name__)


def registry_changed(*, unit_ids: list[int]) -> None:
    """Tell later apps (statistics) which units changed, once the transaction commits.

    The hooks are dotted paths in settings.SENTRA_REPORT_CHANGE_HOOKS, called as
    `hook(unit_ids=[...])`. Changed ids collect on the connection and the first callback to
    run after a commit hands all of them over at once, so a transaction that touches many
    units calls each hook once; the callbacks after it find nothing left to do. Ids left by a
    rolled-back transaction only cause a harmless recount. A failing hook is logged and never
    undoes the write."""
    connection = transaction.get_connection()
    pending: set[int] | None = getattr(connection, "sentra_changed_units", None)
    if pending is None:
        pending = connection.sentra_changed_units = set()
    pending.update(unit_ids)
    transaction.on_commit(lambda: _changes_flush(connection))


def _changes_flush(connection: Any) -> None:
    changed = sorted(connection.sentra_changed_units or ())
    connection.sentra_changed_units = set()
    if not changed:
        return
    for hook in extension_callables("SENTRA_REPORT_CHANGE_HOOKS"):
        try:
            hook(unit_ids=changed)
        except Exception:  # a statistics hook must never undo a committed write
            logger.exception("change hook %s failed", getattr(hook, "__name__", hook))
