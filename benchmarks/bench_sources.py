"""Importing real-source files of 10,000 rows into a fresh SQLite database: an OSS RBA export
(4,000 NIBs with 2–3 products each: rows merged per NIB, products resolved by KBLI) and a
KoboToolbox export (group paths, select names, GPS, a resubmitted form every 50 rows), each as
a dry run and as a real import, beside a raw baseline measured in the same run
(python-calamine read + sqlite3 executemany of the same rows into one table)."""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

ROWS = 10_000
OSS_HEADER = [
    "NIB", "Nama", "Jenis Badan Usaha", "Skala Usaha", "Risiko Usaha", "Jenis Proyek",
    "Tanggal Permohonan", "Email", "No Telepon", "KBLI", "Jenis KBLI", "Alamat Usaha",
    "Kelurahan", "Kecamatan", "Modal Usaha", "Investasi Mesin", "Investasi Lainnya", "Produk",
    "Kapasitas", "Satuan", "Jumlah TKI Laki-laki", "Jumlah TKI Perempuan",
    "Jumlah Tenaga Kerja Asing",
]  # fmt: skip
PRODUCTS = [
    ("GULA AREN CETAK", "10722"), ("BESEK BAMBU", "16291"), ("KERIPIK PISANG", "10799"),
    ("BATIK TULIS", "13134"), ("KURSI KAYU", "31001"), ("SAPU IJUK", "32909"),
]  # fmt: skip
KOBO_HEADER = [
    "identitas/nama_usaha", "identitas/nama_pemilik", "identitas/nik", "identitas/jenis_kelamin",
    "lokasi/kecamatan", "lokasi/desa", "usaha/produk", "usaha/tk_laki_laki",
    "usaha/tk_perempuan", "_gps_latitude", "_gps_longitude", "_uuid", "_submission_time",
    "_index",
]  # fmt: skip


def _places() -> list[tuple[str, str, str]]:
    from sentra.regions.selectors import desa_list

    return [(d.name, d.parent.name, d.code) for d in desa_list().select_related("parent")]


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def _oss(path: Path) -> None:
    rng = random.Random(21)
    places = _places()
    rows: list[list[Any]] = []
    nib = 0
    while len(rows) < ROWS:
        nib += 1
        desa, kecamatan, _code = rng.choice(places)
        for product, kbli in rng.sample(PRODUCTS, rng.randint(2, 3)):
            rows.append(
                [f"91{nib:011d}", f"USAHA {nib}", "Orang Perseorangan", "Usaha Mikro", "Rendah",
                 "Utama", "2021-03-04", "", "081234567890", kbli, "", f"KP. {nib}",
                 desa.upper(), kecamatan.upper(), rng.randint(1, 50) * 1_000_000, 500_000,
                 250_000, product, 1000, "Kilogram", rng.randint(0, 4), rng.randint(0, 4), 0]
            )  # fmt: skip
    _write(path, OSS_HEADER, rows[:ROWS])


def _kobo(path: Path) -> None:
    rng = random.Random(22)
    places = _places()
    rows: list[list[Any]] = []
    for i in range(ROWS):
        desa, _kecamatan, code = rng.choice(places)
        day = rng.randint(1, 28) + (40 if i % 2 else 0)
        nik = f"{code[:8].replace('.', '')}{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99)}"
        uuid = f"uuid-{i - 1 if i % 50 == 49 else i:08d}"  # every 50th resends the one before
        rows.append(
            [f"Usaha Survei {i}", f"Pemilik {i}", f"{nik}{(i % 9999) + 1:04d}",
             "perempuan" if i % 2 else "laki_laki", code[:8].replace(".", ""),
             desa.lower().replace(" ", "_"), rng.choice(PRODUCTS)[0].title(), rng.randint(0, 4),
             rng.randint(0, 4), -6.3 - rng.random() / 10, 106.2 + rng.random() / 10, uuid,
             "2018-09-12T08:00:00", i + 1]
        )  # fmt: skip
    _write(path, KOBO_HEADER, rows)


def _baseline(path: Path, db: Path, width: int) -> float:
    import python_calamine

    started = time.perf_counter()
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    data = [tuple(str(v) for v in row[:width]) for row in rows[1:] if row and row[0]]
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (" + ", ".join(f"c{i} TEXT" for i in range(width)) + ")")
    with conn:
        # S608: the statement is built from constants only.
        conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * width)})", data)  # noqa: S608
    conn.close()
    return time.perf_counter() - started


def _run(name: str, path: Path, width: int, year: int | None) -> None:
    from django.db import transaction

    from sentra.core.actors import SystemActor
    from sentra.exchange.importer import import_file
    from sentra.registry.models import Unit

    with tempfile.TemporaryDirectory() as tmp:
        baseline = _baseline(path, Path(tmp) / "raw.sqlite3", width)
    started = time.perf_counter()
    dry = import_file(
        actor=SystemActor("bench"), path=path, file_name=path.name, year=year, dry_run=True
    )
    dry_time = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        real = import_file(actor=SystemActor("bench"), path=path, file_name=path.name, year=year)
        real_time = time.perf_counter() - started
        units = Unit.objects.count()
        transaction.set_rollback(True)  # the next source starts from the same registry
    report = real.report
    print(
        f"{name}: {ROWS:,} rows → {units:,} units (profile {report['profile']}, "
        f"created rows {report['created']:,}, skipped {report['skipped']:,}, "
        f"rejected {report['rejected']:,}); baseline {baseline:.2f} s, dry run {dry_time:.2f} s "
        f"({dry_time / baseline:.1f}×), real import {real_time:.2f} s "
        f"({real_time / baseline:.1f}×); dry-run rows {dry.report['rows_total']:,}"
    )


def main() -> None:
    from sentra.core.actors import SystemActor
    from sentra.regions.services import region_load
    from sentra.registry.services import reference_load

    region_load(actor=SystemActor("bench"), region="36.02")
    reference_load(actor=SystemActor("bench"))
    with tempfile.TemporaryDirectory(prefix="sentra-bench-sources-") as tmp:
        oss, kobo = Path(tmp) / "oss.xlsx", Path(tmp) / "kobo.xlsx"
        _oss(oss)
        _kobo(kobo)
        _run("OSS export", oss, len(OSS_HEADER), 2021)
        _run("Kobo export", kobo, len(KOBO_HEADER), None)
