"""National scale (issue 14): the scale loader against a raw copy of the same rows, and every
screen as the server sees it (in-process requests, median of several) beside the raw SQL that
answers the same question, for a national admin, a provincial analyst and a regency officer.

`make bench` runs a small registry (20,000 units in Banten) in its temporary SQLite database.
Large runs name their own database (a throwaway one: the run adds units and statistics):

    python -m benchmarks.bench_scale --scale 1000000 \
        --database-url postgres://postgres@127.0.0.1:55432/sentra_scale

The database is grown to about N units with `sentra demo --scale N` (nothing is loaded when
it holds as many already); the accounts the screens are read as are created inside a
transaction that is rolled back. With --plans DIR, the EXPLAIN (ANALYZE, BUFFERS) plans of
the slowest query of the slowest screens are written there (benchmarks/plans/ for the runs
reported in docs/scale.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SMALL = 20_000
SMALL_REGION = "36"  # Banten: eight regencies, Lebak among them


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def _raw(sql: str, params: list[Any] | None = None) -> Callable[[], object]:
    from django.db import connection

    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
            return cursor.fetchall()

    return run


def _load(total: int, region: str) -> None:
    """Grow the registry to `total` units and time it beside a raw copy of the same rows."""
    from django.db import connection

    from sentra.core.actors import SystemActor
    from sentra.demo.scale import demo_scale_finish, demo_scale_load
    from sentra.registry.models import Unit

    actor = SystemActor("bench")
    before_id = Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    result = demo_scale_load(actor=actor, total=total, region=region, seed=1)
    added = result.units_after - result.units_before
    if not added:
        print(f"load: the database holds {result.units_after:,} units already; nothing loaded")
        return
    start = time.perf_counter()
    demo_scale_finish(actor=actor, seed=1)
    finish = time.perf_counter() - start
    print(
        f"load: {added:,} units (with owners, reports, certificates) in {result.seconds:.1f} s "
        f"= {added / result.seconds:,.0f} units/s; programs, products and the statistics "
        f"rebuild (SQL) {finish:.1f} s"
    )
    tables = {
        "registry_person": "id IN (SELECT owner_id FROM registry_unit WHERE id > %s)",
        "registry_unit": "id > %s",
        "registry_yearlyreport": "unit_id > %s",
        "registry_certificate": "unit_id > %s",
    }
    raw_seconds = 0.0
    with connection.cursor() as cursor:
        for table, where in tables.items():
            # The same rows into an empty copy of the table with the same indexes.
            cursor.execute(f"DROP TABLE IF EXISTS bench_{table}")
            if connection.vendor == "postgresql":
                cursor.execute(f"CREATE TABLE bench_{table} (LIKE {table} INCLUDING ALL)")
                with tempfile.TemporaryFile() as spool:
                    query = f"COPY (SELECT * FROM {table} WHERE {where}) TO STDOUT"  # noqa: S608
                    with cursor.cursor.copy(query, [before_id]) as out:
                        for chunk in out:
                            spool.write(chunk)
                    spool.seek(0)
                    start = time.perf_counter()
                    with cursor.cursor.copy(f"COPY bench_{table} FROM STDIN") as into:
                        while data := spool.read(1 << 20):
                            into.write(data)
                    raw_seconds += time.perf_counter() - start
            else:
                cursor.execute(f"SELECT * FROM {table} WHERE {where}", [before_id])  # noqa: S608
                rows = cursor.fetchall()
                columns = [c[0] for c in cursor.description]
                cursor.execute(f"CREATE TABLE bench_{table} AS SELECT * FROM {table} WHERE 0")  # noqa: S608
                marks = ", ".join(["%s"] * len(columns))
                start = time.perf_counter()
                cursor.executemany(f"INSERT INTO bench_{table} VALUES ({marks})", rows)  # noqa: S608
                raw_seconds += time.perf_counter() - start
            cursor.execute(f"DROP TABLE bench_{table}")
    kind = "COPY" if connection.vendor == "postgresql" else "executemany INSERT"
    print(
        f"raw {kind} of the same rows (persons, units, reports, certificates): "
        f"{raw_seconds:.1f} s; the loader takes {result.seconds / raw_seconds:.2f}x"
    )


def _users(region: str) -> dict[str, Any]:
    from sentra.accounts.models import User
    from sentra.accounts.services import analyst_assign_regions
    from sentra.core.actors import SystemActor
    from sentra.regions.models import Region, RegionLevel

    admin = User.objects.create_user(username="bench-admin", password="x" * 12, role="admin")
    province = region if "." not in region and region != "ID" else "36"
    analyst = User.objects.create_user(
        username="bench-analyst", password="x" * 12, role="regional_analyst"
    )
    analyst_assign_regions(actor=SystemActor("bench"), user=analyst, codes=[province])
    officer = User.objects.create_user(username="bench-officer", password="x" * 12, role="officer")
    kecamatan = Region.objects.filter(code__startswith="36.02.", level=RegionLevel.DISTRICT)
    officer.kecamatan.set(kecamatan.order_by("code")[:1])
    return {"admin (national)": admin, "analyst (province)": analyst, "officer": officer}


def _screens(region: str, repeat: int, plans: Path | None) -> None:
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sentra.registry.models import Unit

    # A unit of the officer's kecamatan (the first of Lebak), so that every reader may open it.
    sample = (
        Unit.objects.filter(kecamatan__code__startswith="36.02.")
        .order_by("kecamatan_id", "pk")
        .exclude(nib="")
        .first()
    )
    sample = sample or Unit.objects.exclude(nib="").first()
    assert sample is not None, "no units to read"
    word = sample.match_name.split()[-1]
    typo = word[:-2] + word[-1] + word[-2] if len(word) > 3 else word
    count = Unit.objects.count()
    deep = max(1, min(1000, count // 50 - 1))
    raw_name = (
        "SELECT id FROM registry_unit WHERE match_name LIKE %s ORDER BY match_name, id LIMIT 50"
    )
    screens: list[tuple[str, str, dict[str, str], Callable[[], object]]] = [
        (
            "dashboard",
            "/dashboard/",
            {},
            _raw(
                "SELECT u.commodity_id, count(*), sum(r.workers_male + r.workers_female) "
                "FROM registry_yearlyreport r JOIN registry_unit u ON u.id = r.unit_id "
                "WHERE r.year = 2018 AND r.is_active GROUP BY 1"
            ),
        ),
        (
            "/statistik/",
            "/statistik/",
            {"region": region},
            _raw(
                "SELECT substr(u.kecamatan_id, 1, 2), count(*) FROM registry_yearlyreport r "
                "JOIN registry_unit u ON u.id = r.unit_id WHERE r.year = 2018 AND r.is_active "
                "GROUP BY 1"
            ),
        ),
        (
            "units, first page",
            "/units/",
            {},
            _raw("SELECT id FROM registry_unit ORDER BY match_name, id LIMIT 50"),
        ),
        (
            f"units, page {deep}",
            "/units/",
            {"page": str(deep)},
            _raw(
                "SELECT id FROM registry_unit ORDER BY match_name, id LIMIT 50 OFFSET %s",
                [(deep - 1) * 50],
            ),
        ),
        ("search by name", "/units/", {"q": word}, _raw(raw_name, [f"%{word}%"])),
        ("search with a typo", "/units/", {"q": typo}, _raw(raw_name, [f"%{typo}%"])),
        (
            "search by NIB",
            "/units/",
            {"q": sample.nib},
            _raw("SELECT id FROM registry_unit WHERE nib = %s", [sample.nib]),
        ),
        (
            "search by code",
            "/units/",
            {"q": sample.code},
            _raw("SELECT id FROM registry_unit WHERE code = %s", [sample.code]),
        ),
        (
            "unit page",
            f"/units/{sample.pk}/",
            {},
            _raw("SELECT * FROM registry_unit WHERE id = %s", [sample.pk]),
        ),
    ]
    slowest: list[tuple[float, str, str]] = []
    with transaction.atomic():
        users = _users(region)
        print(f"{'screen':<24}{'reader':<20}{'ms':>9}{'queries':>9}{'raw SQL ms':>12}")
        for label, path, params, raw in screens:
            raw_ms = _median_ms(raw, repeat)
            for reader, user in users.items():
                client = Client()
                client.force_login(user)

                def get(client: Client = client, path: str = path, params: Any = params) -> Any:
                    response = client.get(path, params)
                    assert response.status_code in (200, 404), (path, response.status_code)
                    return response

                ms = _median_ms(get, repeat)
                with CaptureQueriesContext(connection) as queries:
                    status = get().status_code
                shown = f"{ms:9.1f}" if status == 200 else f"{'(404)':>9}"
                print(f"{label:<24}{reader:<20}{shown}{len(queries):>9}{raw_ms:12.2f}")
                if status == 200 and queries.captured_queries:
                    worst = max(queries.captured_queries, key=lambda q: float(q["time"]))
                    slowest.append((ms, f"{label} — {reader}", worst["sql"]))
        transaction.set_rollback(True)
    slowest.sort(reverse=True)
    for ms, name, sql in slowest[:3]:
        with connection.cursor() as cursor:
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else ""
            cursor.execute((prefix or "EXPLAIN QUERY PLAN ") + sql)
            plan = "\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall())
        text = f"-- {name}: {ms:.1f} ms; its slowest query\n{sql}\n\n{plan}\n"
        if plans is not None:
            plans.mkdir(parents=True, exist_ok=True)
            slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
            (plans / f"{connection.vendor}-{slug}.txt").write_text(text, encoding="utf-8")
            print(f"plan saved: {plans / f'{connection.vendor}-{slug}.txt'}")
        else:
            print(text)


def run(*, total: int, region: str, repeat: int, plans: Path | None) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import override_settings

    from sentra.registry.models import Unit

    print(f"database: {connection.vendor}; home region for the run: {region}")
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(SENTRA_HOME_REGION=region, ALLOWED_HOSTS=hosts):
        _load(total, region)
        print(f"units: {Unit.objects.count():,}")
        _screens(region, repeat, plans)
    assert settings.SENTRA_HOME_REGION  # restored


def main(argv: list[str] | None = None) -> None:
    """`make bench`: the small run in benchmarks.run's temporary SQLite database."""
    if argv is None:
        os.environ.setdefault("SENTRA_DEMO_PASSWORD", "bench-only-password")
        run(total=SMALL, region=SMALL_REGION, repeat=5, plans=None)
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=SMALL, help="units to grow the registry to")
    parser.add_argument("--database-url", help="the (throwaway) database; default: DATABASE_URL")
    parser.add_argument("--region", default="ID", help="home region of the run (ID, 36, …)")
    parser.add_argument("--repeat", type=int, default=5, help="requests per figure (median)")
    parser.add_argument("--plans", type=Path, help="directory for the EXPLAIN plans")
    args = parser.parse_args(argv)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ["SENTRA_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    run(total=args.scale, region=args.region, repeat=args.repeat, plans=args.plans)


if __name__ == "__main__":
    main(sys.argv[1:])
