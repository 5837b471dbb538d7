"""Read-only traffic on PostgreSQL streaming replicas, with read-your-writes for the writer.

Installed only when `DATABASE_REPLICA_URLS` names replicas (settings add the router and the
middleware); without them nothing here runs. The rules, in order:

1. Writes always go to the primary (`default`), and so does every read inside a transaction
   on the primary (a service reading what it is about to write).
2. Only reads made while the web serves a safe request (GET, HEAD, OPTIONS) may go to a
   replica: commands, the background worker and imports read from the primary.
3. A client that has just written (any other method) carries a short-lived cookie and reads
   from the primary until it expires (`SENTRA_REPLICA_PIN_SECONDS`): the user who just saved
   sees the save.
4. A replica whose replay lag exceeds `SENTRA_REPLICA_MAX_LAG_SECONDS`, or that cannot be
   reached, is skipped (checked at most every `SENTRA_REPLICA_CHECK_SECONDS` per process);
   with none left, reads go to the primary.
"""

from __future__ import annotations

import contextvars
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

PIN_COOKIE = "sentra_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# True while the current thread serves a safe request of a client that has not just written.
_replica_reads: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "sentra_replica_reads", default=False
)

# The replay lag seen per replica alias: (checked at, monotonic seconds; lag in seconds or
# None when the replica could not be asked). One entry per process, shared by its threads.
_lag_seen: dict[str, tuple[float, float | None]] = {}
_lag_lock = threading.Lock()

# Seconds since the last replayed transaction, or 0 when everything received is replayed (an
# idle primary sends nothing, so a quiet replica is current, not late).
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


def replica_aliases() -> list[str]:
    return list(getattr(settings, "SENTRA_DATABASE_REPLICAS", []))


def replica_lag(*, alias: str) -> float | None:
    """The replica's replay lag in seconds, asked now; None when it cannot be reached."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            row = cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("replica %s skipped: %s", alias, exc.__class__.__name__)
        connections[alias].close()
        return None
    return float(row[0]) if row else None


def replica_usable(*, alias: str) -> bool:
    """Whether the replica is reachable and within the allowed lag (recently checked)."""
    now = time.monotonic()
    every = float(getattr(settings, "SENTRA_REPLICA_CHECK_SECONDS", 1))
    with _lag_lock:
        seen = _lag_seen.get(alias)
    if seen is None or now - seen[0] >= every:
        lag = replica_lag(alias=alias)
        with _lag_lock:
            _lag_seen[alias] = (now, lag)
    else:
        lag = seen[1]
    max_lag = float(getattr(settings, "SENTRA_REPLICA_MAX_LAG_SECONDS", 5))
    if lag is not None and lag > max_lag:
        logger.info("replica %s skipped: %.1f s behind the primary", alias, lag)
    return lag is not None and lag <= max_lag


def replica_for_read() -> str:
    """The alias this thread's next read goes to: a usable replica or the primary."""
    if not _replica_reads.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    candidates = replica_aliases()
    random.shuffle(candidates)  # spread the readers; no ordering to keep
    for alias in candidates:
        if replica_usable(alias=alias):
            return alias
    return DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Django database router: reads per the rules above, writes and migrations on `default`."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        instance = hints.get("instance")
        if instance is not None and instance._state.db in replica_aliases():
            # Related rows of an object read from a replica come from the same replica, so
            # one page never mixes two points in time.
            return str(instance._state.db)
        return replica_for_read()

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Replicas hold the primary's rows: an object read from one relates to any other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Lets a safe request read from replicas unless its client wrote within the pin window;
    a request that may write (any other method) pins its client to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        safe = request.method in SAFE_METHODS
        token = _replica_reads.set(safe and PIN_COOKIE not in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _replica_reads.reset(token)
        if not safe:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=int(getattr(settings, "SENTRA_REPLICA_PIN_SECONDS", 15)),
                secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
                httponly=True,
                samesite="Lax",
            )
        return response
