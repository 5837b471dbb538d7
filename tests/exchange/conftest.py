"""Fixtures of the exchange tests: a messy field spreadsheet like those offices receive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.exchange.files import xlsx

TITLE = "DATA IKM KABUPATEN LEBAK TAHUN 2018"
HEADER_TOP = [
    "No", "Nama IKM", "Pemilik", "No. KTP", "NIB", "Kec.", "Desa", "Produk", "Tenaga Kerja",
    None, "Investasi", "Nilai Produksi", "Thn Berdiri", "Pemasaran", "Tujuan Ekspor", "PIRT",
    "Halal", "Keterangan",
]  # fmt: skip
HEADER_SUB = [None] * 8 + ["L", "P"]


def messy_rows() -> list[list[Any]]:
    """Rows 1-5 title and a two-row merged header; data from row 6 (row numbers in comments)."""
    return [
        [TITLE],  # 1
        ["Kecamatan Rangkasbitung dan Bayah"],  # 2
        [],  # 3
        HEADER_TOP,  # 4
        HEADER_SUB,  # 5
        # 6: text NIK with apostrophe, every value form
        [1, "CV. Bambu Pasir Ona", "Ujang Sukma", "'3602140101800001", "1234567890123",
         "Kec. Rangkasbitung", "Ds. Rangkasbitung Timur", "anyaman bambu", "3 orang", 2,
         "Rp 1.500.000,00", "2,5 juta", "2015", "Ekspor", "Inggris, Jerman", "Ada", "Tidak",
         "kirim ke Eropa"],
        # 7: NIK typed as a number: Excel kept 15 digits
        [2, "Batik Sejahtera", "Sari Wulan", 3602144202850000.0, None, "Rangkasbitung",
         "Rangkasbitung Timur", "batik", 1, 4],
        [],  # 8: blank, ignored
        # 9: typo in the kecamatan
        [3, "Gula Aren Cibadak", "Dedi", "3602 1402 0275 0003", None, "Rangkasbitng",
         "Citeras", "gula aren"],
        # 10: NIK with spaces, desa in capitals, synonym commodity, unknown KBLI via text
        [4, "Gula Semut Citeras", "Nur", "3602-1403-0370-0004", None, "RANGKASBITUNG",
         "CITERAS", "Gula Merah", "2", "0", "25.000.000,-", "1.500.000", 2010, "lokal", None,
         "V", "ya"],
        # 11: the same unit as row 6 (same NIB), same values
        [5, "CV. Bambu Pasir Ona", "Ujang Sukma", "3602140101800001", "1234567890123",
         "Rangkasbitung", "Rangkasbitung Timur", "anyaman", "3", "2", 1500000, 2500000, 2015,
         "ekspor", "GB, DE", "ya", None],
        ["JUMLAH", None, None, None, None, None, None, None, 6, 6],  # 12: total row
        # 13: NIK damaged by a CSV round trip; unknown commodity
        [6, "Opak Bu Ani", "Ani", "3,60214E+15", None, "Bayah", "Bayah Barat", "opak"],
        # 14: unknown commodity, unknown yes/no, bad number
        [7, "Kerajinan Kalimaya", "Eko", "3602031208900005", None, "Bayah", "Bayah Barat",
         "kalimaya", "dua", None, None, None, None, None, None, "mungkin"],
        # 15: a commodity not in the list
        [8, "Sabun Sereh", "Eko", "3602031208900005", None, "Bayah", "Bayah Barat", "sabun"],
    ]  # fmt: skip


@pytest.fixture
def messy_xlsx(tmp_path: Path) -> Path:
    return xlsx(tmp_path / "Data IKM 2018.xlsx", messy_rows(), merges=["A1:J1", "I4:J4"])
