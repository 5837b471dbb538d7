"""Audit bulk append: 32,000 masked, hash-chained rows through `audit_bulk` (the bulk import
writer's path) beside a raw executemany of the same 32,000 rows without the chain, both in
the benchmark's SQLite database, in one transaction each."""

from __future__ import annotations

import time

ROWS = 32_000


def _entries() -> list[tuple[object, ...]]:
    from sentra.core.actors import SystemActor

    actor = SystemActor("bench")
    return [
        (
            actor,
            "unit.update",
            "registry.unit",
            str(i),
            "import 1",
            {"workers_male": i % 7, "kampung": "Pasir Ona"},
            {"workers_male": i % 7 + 1, "kampung": "Pasir Ona"},
        )
        for i in range(ROWS)
    ]


def main() -> None:
    import json

    from django.db import connection, transaction
    from django.utils import timezone

    from sentra.core.audit import audit_bulk, audit_verify

    entries = _entries()
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    raw_rows = [
        (at, None, "bench", e[1], e[2], e[3], e[4], json.dumps(e[5]), json.dumps(e[6]), "", "")
        for e in entries
    ]
    sql = (
        "INSERT INTO core_auditlog (at, actor_id, actor_label, action, object_type, object_id, "
        'summary, "before", "after", prev_hash, row_hash) VALUES '
        "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    with transaction.atomic():
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.executemany(sql, raw_rows)
        raw = time.perf_counter() - start
        transaction.set_rollback(True)  # the unchained rows would break the chain
    with transaction.atomic():
        start = time.perf_counter()
        audit_bulk(entries)
        chained = time.perf_counter() - start
    start = time.perf_counter()
    report = audit_verify()
    verify = time.perf_counter() - start
    print(
        f"audit_bulk {ROWS:,} rows ({connection.vendor}): {chained:.3f} s "
        f"(raw executemany without chain {raw:.3f} s); verify {report.rows:,} rows "
        f"{verify:.2f} s, chain ok={report.ok}"
    )
