"""Hostile files through `sentra import-units` in a child process: each must be refused
(exit 2) within 15 s and 600 MB of peak memory. Prints time and peak RSS per file, beside
the time of a plain `sentra import-units --help` child measured in the same run (the cost
of starting Sentra at all)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

LIMIT_SECONDS, LIMIT_MB = 15, 600


def _files(folder: Path) -> dict[str, Path]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.exchange.files import TEMPLATE_HEADERS
    from tests.exchange.hostile import (
        csv_cr_only,
        lie_about_size,
        sheet_xml,
        xlsx_with_sheet_part,
    )

    out: dict[str, Path] = {}
    out["sheet part named .bin, 1.5 M rows"] = xlsx_with_sheet_part(
        folder / "bin.xlsx", "xl/worksheets/sheet1.bin", sheet_xml(1_500_000)
    )
    lying = xlsx_with_sheet_part(
        folder / "lie.xlsx", "xl/worksheets/sheet1.xml", sheet_xml(1_500_000)
    )
    out["part lying about its size (1 KB declared, ~90 MB real)"] = lie_about_size(
        lying, "xl/worksheets/sheet1.xml", 1_000
    )
    out["CSV with CR-only line ends, 270,000 rows"] = csv_cr_only(
        folder / "cr.csv", TEMPLATE_HEADERS, 270_000
    )
    bomb = folder / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(1024):
                member.write(b"\0" * (1 << 20))
    out["zip bomb, 1 GB of zeros"] = bomb
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(b'<!ENTITY a%d "%s">' % (i, b"&a;" * 10) for i in range(1, 10))
        + b"]><worksheet/>"
    )
    out["billion laughs"] = xlsx_with_sheet_part(
        folder / "lol.xlsx", "xl/worksheets/sheet1.xml", laughs
    )
    big = folder / "besar.csv"
    big.write_bytes(b"a;b\n" * 6_000_000)
    out["CSV of 24 MB (size limit 20 MB)"] = big
    return out


def _peak_mb(pid: int) -> float:
    """The child's own peak resident memory (VmHWM; the rusage of a forked child would
    include this process's memory at the fork)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


def _child(args: list[str], env: dict[str, str]) -> tuple[int, float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own console script
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _peak_mb(process.pid))  # a zombie keeps its status until reaped
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    return process.returncode, elapsed, peak


def main() -> None:
    sentra = str(Path(sys.executable).with_name("sentra"))
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="sentra-hostile-") as tmp:
        folder = Path(tmp)
        files = _files(folder)
        _code, base_s, base_mb = _child([sentra, "import-units", "--help"], env)
        print(f"baseline (start Sentra, --help): {base_s:.2f} s, {base_mb:.0f} MB")
        for label, path in files.items():
            report = folder / f"{path.stem}.json"
            code, seconds, mb = _child(
                [sentra, "import-units", str(path), "--report", str(report)], env
            )
            ok = code == 2 and seconds < LIMIT_SECONDS and mb < LIMIT_MB and report.exists()
            print(
                f"{label}: exit {code}, {seconds:.2f} s, peak {mb:.0f} MB, "
                f"{path.stat().st_size / 1e6:.1f} MB file -> {'ok' if ok else 'FAILED'}"
            )
