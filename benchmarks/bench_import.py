"""Importing a 16,000-row xlsx (Lebak's 2018 count) into a fresh SQLite database, then its own
export back (nothing changes), beside a raw baseline measured in the same run (python-calamine
read + sqlite3 executemany of the same rows into one table).

While each import runs, a second process keeps asking SQLite for the write lock (BEGIN
IMMEDIATE, every 5 ms) and records the longest wait: the longest time the import held the
lock that other users' edits and logins would have waited for."""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROWS = 16_000


def _make_file(path: Path) -> None:
    from openpyxl import Workbook

    from sentra.exchange.columns import COLUMN_BY_KEY
    from sentra.regions.selectors import desa_list
    from sentra.registry.models import Commodity

    rng = random.Random(2018)
    desa = list(desa_list().select_related("parent"))
    commodities = list(Commodity.objects.values_list("name", flat=True))
    keys = [
        "business_name", "owner_name", "nik", "nib", "address", "desa", "kecamatan",
        "commodity", "workers_male", "workers_female", "investment", "production_value",
        "year_established", "market_reach", "pirt", "halal",
    ]  # fmt: skip
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data IKM")
    sheet.append(["DATA IKM KABUPATEN LEBAK TAHUN 2018"])
    sheet.append([COLUMN_BY_KEY[k].header for k in keys])
    for i in range(1, ROWS + 1):
        place = rng.choice(desa)
        day = rng.randint(1, 28) + (40 if i % 2 else 0)
        month, year = rng.randint(1, 12), rng.randint(60, 99)
        nik = f"3602{rng.randint(1, 28):02d}{day:02d}{month:02d}{year}{(i % 9999) + 1:04d}"
        sheet.append([
            f"Usaha {i}", f"Pemilik {i}", nik, f"{1000000000000 + i}", f"Kp. {i}", place.name,
            place.parent.name, rng.choice(commodities), rng.randint(0, 5), rng.randint(0, 5),
            f"Rp {rng.randint(1, 500) * 100_000:,}".replace(",", "."),
            rng.randint(1, 900) * 100_000, rng.randint(1980, 2018), "Lokal",
            "Ya" if i % 3 == 0 else "Tidak", "Tidak",
        ])  # fmt: skip
    workbook.save(path)


def _baseline(path: Path, db: Path) -> float:
    import python_calamine

    started = time.perf_counter()
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    data = [tuple(str(v) for v in row[:16]) for row in rows[2:] if row and row[0]]
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE unit (" + ", ".join(f"c{i} TEXT" for i in range(16)) + ")")
    with conn:
        # S608: the statement is built from constants only (16 placeholders).
        conn.executemany(f"INSERT INTO unit VALUES ({', '.join('?' * 16)})", data)  # noqa: S608
    conn.close()
    return time.perf_counter() - started


def _probe(db: str, stop: Any, result: Any) -> None:
    """Another writer: how long did it wait for the write lock, at most?"""
    conn = sqlite3.connect(db, timeout=120, isolation_level=None)
    longest = 0.0
    while not stop.is_set():
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        longest = max(longest, time.perf_counter() - started)
        conn.execute("COMMIT")
        time.sleep(0.005)
    conn.close()
    result.value = longest


def _with_probe(db: str, work: Callable[[], Any]) -> tuple[float, float, Any]:
    """(seconds, longest write-lock wait of another process, result of work)."""
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    result = context.Value("d", 0.0)
    probe = context.Process(target=_probe, args=(db, stop, result))
    probe.start()
    time.sleep(0.5)  # let the probe connect
    started = time.perf_counter()
    value = work()
    seconds = time.perf_counter() - started
    stop.set()
    probe.join(timeout=30)
    return seconds, result.value, value


def main() -> None:
    from django.conf import settings
    from django.core.management import call_command

    # Imported here, after Django is set up: the lock probe's process imports this module.
    from sentra.core.actors import SystemActor
    from sentra.exchange.export import units_export
    from sentra.exchange.importer import import_file
    from sentra.regions.services import region_load
    from sentra.registry.models import Unit
    from sentra.registry.services import reference_load

    call_command("migrate", verbosity=0, interactive=False)
    region_load(actor=SystemActor("bench"), region="36.02")
    reference_load(actor=SystemActor("bench"))
    db = str(settings.DATABASES["default"]["NAME"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ikm-16000.xlsx"
        _make_file(path)
        baselines = [_baseline(path, Path(tmp) / f"raw{i}.sqlite3") for i in range(3)]
        baseline = statistics.median(baselines)
        started = time.perf_counter()
        dry = import_file(actor=SystemActor("bench"), path=path, file_name=path.name, dry_run=True)
        dry_seconds = time.perf_counter() - started
        real_seconds, real_lock, real = _with_probe(
            db, lambda: import_file(actor=SystemActor("bench"), path=path, file_name=path.name)
        )
        export = Path(tmp) / "export-2018.xlsx"
        bench = SystemActor("bench")
        export.write_bytes(
            units_export(
                actor=bench, units=Unit.objects.all(), fmt="xlsx", year=2018, personal=False
            )
        )
        again_seconds, again_lock, again = _with_probe(
            db, lambda: import_file(actor=SystemActor("bench"), path=export, file_name=export.name)
        )
    assert dry.report["created"] == ROWS, dry.report["rejected"]
    assert real.report["created"] == ROWS and Unit.objects.count() == ROWS
    assert again.report["unchanged"] == ROWS, {k: again.report[k] for k in ("updated", "rejected")}
    print(f"rows: {ROWS}  file: xlsx  (SQLite, DEBUG off)")
    print(f"baseline (calamine read + sqlite3 executemany): {baseline:.2f} s")
    print(
        f"sentra dry run:            {dry_seconds:.2f} s  ({dry_seconds / baseline:.1f}x baseline)"
    )
    print(
        f"sentra import (created):   {real_seconds:.2f} s  ({real_seconds / baseline:.1f}x "
        f"baseline); longest write lock {real_lock:.2f} s"
    )
    print(
        f"re-import of its export:   {again_seconds:.2f} s  ({again_seconds / baseline:.1f}x "
        f"baseline, all unchanged); longest write lock {again_lock:.2f} s"
    )
