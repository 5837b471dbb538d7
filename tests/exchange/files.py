"""Building realistic messy spreadsheets for the tests (openpyxl and csv, no fixtures files)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

TEMPLATE_HEADERS = [
    "Nama Usaha",
    "Nama Pemilik",
    "NIK Pemilik",
    "NIB",
    "Alamat",
    "Desa/Kelurahan",
    "Kecamatan",
    "Komoditas",
    "KBLI",
    "Tenaga Kerja Laki-laki",
    "Tenaga Kerja Perempuan",
    "Nilai Investasi (Rp)",
    "Nilai Produksi (Rp)",
    "Tahun Berdiri",
    "Jangkauan Pasar",
    "Negara Tujuan Ekspor",
    "P-IRT",
    "Halal",
    "HKI/Merek",
    "No. Telepon",
]


def xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    merges: Sequence[str] = (),
    sheet: str = "Data IKM",
    text_columns: Sequence[int] = (),
) -> Path:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for rng in merges:
        ws.merge_cells(rng)
    for column in text_columns:
        for cells in ws.iter_rows(min_col=column, max_col=column):
            for cell in cells:
                cell.number_format = "@"
    workbook.save(path)
    return path


def csv_file(
    path: Path, rows: Sequence[Sequence[Any]], *, delimiter: str = ";", encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
