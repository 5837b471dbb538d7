"""Importing a 16,000-row xlsx (Lebak's 2018 count): dry run and real import into a fresh
database, beside a raw baseline (python-calamine read + sqlite3 executemany of the same rows)
measured in the same run."""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from pathlib import Path

from sentra.core.actors import SystemActor

ROWS = 16_000


def _make_file(path: Path) -> None:
    from openpyxl import Workbook

    from sentra.exchange.columns import COLUMNS
    from sentra.regions.selectors import desa_list
    from sentra.registry.models import Commodity

    rng = random.Random(2018)
    desa = list(desa_list().select_related("parent"))
    commodities = list(Commodity.objects.values_list("name", flat=True))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data IKM")
    sheet.append(["DATA IKM KABUPATEN LEBAK 2018"])
    sheet.append([c.header for c in COLUMNS])
    for i in range(1, ROWS + 1):
        place = rng.choice(desa)
        day = rng.randint(1, 28) + (40 if i % 2 else 0)
        month, year = rng.randint(1, 12), rng.randint(60, 99)
        nik = f"3602{rng.randint(1, 28):02d}{day:02d}{month:02d}{year}{i:04d}"
        sheet.append([
            f"Usaha {i}", f"Pemilik {i}", nik[:12] + f"{(i % 9999) + 1:04d}",
            f"{1000000000000 + i}", f"Kp. {i}", place.name, place.parent.name,
            rng.choice(commodities), "", rng.randint(0, 5), rng.randint(0, 5),
            f"Rp {rng.randint(1, 500) * 100_000:,}".replace(",", "."),
            rng.randint(1, 900) * 100_000, rng.randint(1980, 2018), "Lokal", "",
            "Ya" if i % 3 == 0 else "Tidak", "Tidak", "", "",
        ])  # fmt: skip
    workbook.save(path)


def _baseline(path: Path, db: Path) -> float:
    import python_calamine

    started = time.perf_counter()
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    data = [tuple(str(v) for v in row[:20]) for row in rows[2:] if row and row[0]]
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE unit (" + ", ".join(f"c{i} TEXT" for i in range(20)) + ")")
    with conn:
        # S608: the statement is built from constants only (20 placeholders).
        conn.executemany(f"INSERT INTO unit VALUES ({', '.join('?' * 20)})", data)  # noqa: S608
    conn.close()
    return time.perf_counter() - started


def main() -> None:
    from django.core.management import call_command

    from sentra.exchange.importer import import_file
    from sentra.regions.services import region_load
    from sentra.registry.models import Unit
    from sentra.registry.services import reference_load

    call_command("migrate", verbosity=0, interactive=False)
    region_load(actor=SystemActor("bench"), region="36.02")
    reference_load(actor=SystemActor("bench"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ikm-16000.xlsx"
        _make_file(path)
        baseline = _baseline(path, Path(tmp) / "raw.sqlite3")
        started = time.perf_counter()
        dry = import_file(
            actor=SystemActor("bench"), path=path, file_name=path.name, year=2018, dry_run=True
        )
        dry_seconds = time.perf_counter() - started
        started = time.perf_counter()
        real = import_file(actor=SystemActor("bench"), path=path, file_name=path.name, year=2018)
        real_seconds = time.perf_counter() - started
    report = real.report
    assert dry.report["created"] == ROWS, dry.report["rejected"]
    assert report["created"] == ROWS and Unit.objects.count() == ROWS
    print(f"rows: {ROWS}  file: xlsx")
    print(f"baseline (calamine read + sqlite3 executemany): {baseline:.2f} s")
    print(f"sentra dry run:  {dry_seconds:.2f} s  ({dry_seconds / baseline:.1f}x baseline)")
    print(f"sentra import:   {real_seconds:.2f} s  ({real_seconds / baseline:.1f}x baseline)")
