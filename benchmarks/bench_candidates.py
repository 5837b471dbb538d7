"""Program candidates: the page an officer opens to pick recipients, on the Lebak demo
(16,622 units; BP-AREN-2018 has 1,314 eligible candidates), against a raw-SQL query that
finds the same candidates and reads the first page, both in a temporary SQLite database.

The target is ≤ 300 ms for the default view (eligible candidates, first page)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path

PROGRAM = "BP-AREN-2018"
TARGET_MS = 300

RAW = """
WITH latest AS (
  SELECT r.unit_id, r.workers_male + r.workers_female AS workers,
         ROW_NUMBER() OVER (PARTITION BY r.unit_id ORDER BY r.year DESC) AS rn
  FROM registry_yearlyreport r
  WHERE r.year <= %(year)s AND r.is_active
), aided AS (
  SELECT p.unit_id FROM programs_participation p
  JOIN programs_program g ON g.id = p.program_id
  WHERE g.kind = %(kind)s AND g.fiscal_year BETWEEN %(low)s AND %(year)s AND g.id <> %(pid)s
    AND p.stage IN ('disetujui', 'hadir', 'diterima', 'selesai') AND p.unit_id IS NOT NULL
)
SELECT u.id, u.business_name, k.name, c.name
FROM registry_unit u
JOIN registry_commodity c ON c.id = u.commodity_id
JOIN registry_person o ON o.id = u.owner_id
JOIN regions_region k ON k.code = u.kecamatan_id
JOIN latest l ON l.unit_id = u.id AND l.rn = 1
WHERE c.code = 'gula-aren' AND o.sex = 'P' AND l.workers <= 4
  AND u.id NOT IN (SELECT unit_id FROM aided)
ORDER BY k.name, u.match_name, u.id
"""


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
    from django.db import connection, connections

    with tempfile.TemporaryDirectory(prefix="sentra-bench-") as tmp:
        db = settings.DATABASES["default"]
        saved = dict(db)
        if db["ENGINE"] != "django.db.backends.sqlite3":
            print("bench_candidates runs on SQLite only; skipped.")
            return
        db["NAME"] = str(Path(tmp) / "bench.sqlite3")
        connections.close_all()
        os.environ.setdefault("SENTRA_DEMO_PASSWORD", "bench-only-password")
        try:
            start = time.perf_counter()
            call_command("migrate", verbosity=0)
            call_command("demo", stdout=StringIO())
            print(f"demo loaded in {time.perf_counter() - start:.1f} s")
            from django.test import Client
            from django.test.utils import setup_test_environment

            from sentra.accounts.models import User
            from sentra.programs.models import Program

            setup_test_environment()  # the test client's response.context
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
            program = Program.objects.get(code=PROGRAM)
            client = Client()
            client.force_login(User.objects.get(username="admin"))
            url = f"/program/{program.pk}/kandidat/"
            first = client.get(url)
            assert first.status_code == 200, first.status_code
            eligible = first.context["eligible"]
            params = {
                "year": program.fiscal_year,
                "low": program.fiscal_year - 2,
                "kind": program.kind,
                "pid": program.pk,
            }

            def raw() -> object:
                with connection.cursor() as cursor:
                    cursor.execute(RAW, params)
                    rows = cursor.fetchall()
                return len(rows), rows[:50]

            raw_count = raw()[0]  # type: ignore[index]
            page_ms = _time(lambda: client.get(url))
            all_ms = _time(lambda: client.get(url + "?show=all"), repeat=3)
            raw_ms = _time(raw)
            print(
                f"candidates of {PROGRAM}: {eligible} eligible "
                f"(raw SQL: {raw_count}; it ignores aid received through a group)"
            )
            print(f"candidate page, eligible (first 50):   {page_ms:8.1f} ms (median of 7)")
            print(f"candidate page, all 16,622 units:     {all_ms:8.1f} ms (median of 3)")
            print(f"raw SQL, eligible + first page:       {raw_ms:8.1f} ms (median of 7)")
            verdict = "within" if page_ms <= TARGET_MS else "OVER"
            print(f"target ≤ {TARGET_MS} ms: {verdict}; ratio to raw {page_ms / raw_ms:.1f}x")
        finally:
            connections.close_all()
            db.clear()
            db.update(saved)
