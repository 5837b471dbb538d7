"""The import template's columns and the header variants people type for each (data, not code).

docs/import-columns.md shows the same table; `tests/exchange/test_columns.py` checks they agree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str  # the report's `field` and the JSON export key
    header: str  # the template's header text
    variants: tuple[str, ...]  # other headers seen in field spreadsheets
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("code", "Kode Unit", ("Kode IKM", "Kode Unit IKM", "Kode")),
    Column("year", "Tahun Data", ("Tahun", "Tahun Laporan", "Tahun Pendataan", "Thn Data")),
    Column(
        "business_name",
        "Nama Usaha",
        ("Nama Perusahaan", "Nama IKM", "Nama Unit Usaha", "Nama UMKM", "Nama Usaha/Merek"),
        required=True,
    ),
    Column(
        "owner_name",
        "Nama Pemilik",
        ("Pemilik", "Nama Pengusaha", "Nama Pelaku Usaha", "Nama Penanggung Jawab"),
        required=True,
    ),
    Column(
        "sex",
        "Jenis Kelamin Pemilik",
        ("Jenis Kelamin", "JK", "L/P", "Kelamin", "Gender", "Jenis Kelamin (L/P)"),
    ),
    Column(
        "nik",
        "NIK Pemilik",
        ("NIK", "No. KTP", "No KTP", "Nomor KTP", "NIK KTP", "Nomor Induk Kependudukan"),
        required=True,
    ),
    Column("nib", "NIB", ("Nomor Induk Berusaha", "No. NIB", "No NIB")),
    Column("address", "Alamat", ("Alamat Usaha", "Alamat Lengkap", "Kampung/Alamat")),
    Column("desa", "Desa/Kelurahan", ("Desa", "Kelurahan", "Desa/Kel", "Desa/Kel.", "Ds/Kel")),
    Column("kecamatan", "Kecamatan", ("Kec.", "Kec", "Kecamatan Usaha")),
    Column(
        "commodity",
        "Komoditas",
        ("Jenis Produk", "Produk", "Komoditi", "Jenis Usaha", "Produk Utama", "Cabang Industri"),
    ),
    Column("kbli", "KBLI", ("Kode KBLI", "KBLI 2020", "No. KBLI")),
    Column(
        "workers_male",
        "Tenaga Kerja Laki-laki",
        ("TK L", "TK Laki-laki", "Tenaga Kerja L", "Tenaga Kerja (L)", "Naker L", "Pekerja L"),
    ),
    Column(
        "workers_female",
        "Tenaga Kerja Perempuan",
        ("TK P", "TK Perempuan", "Tenaga Kerja P", "Tenaga Kerja (P)", "Naker P", "Pekerja P"),
    ),
    Column(
        "investment",
        "Nilai Investasi (Rp)",
        ("Investasi", "Nilai Investasi", "Investasi (Rp)", "Modal", "Nilai Investasi Rp"),
    ),
    Column(
        "production_value",
        "Nilai Produksi (Rp)",
        ("Nilai Produksi", "Produksi (Rp)", "Nilai Produksi Rp", "Omzet", "Omset", "Omzet (Rp)"),
    ),
    Column(
        "year_established",
        "Tahun Berdiri",
        ("Thn Berdiri", "Tahun Mulai Usaha", "Tahun Pendirian", "Berdiri Sejak"),
    ),
    Column("status", "Status Usaha", ("Status", "Status Unit", "Keadaan Usaha")),
    Column("market_reach", "Jangkauan Pasar", ("Pemasaran", "Wilayah Pemasaran", "Pasar")),
    Column(
        "export_countries",
        "Negara Tujuan Ekspor",
        ("Tujuan Ekspor", "Negara Ekspor", "Ekspor Ke"),
    ),
    Column("pirt", "P-IRT", ("PIRT", "SPP-IRT", "Izin P-IRT", "Legalitas P-IRT")),
    Column("halal", "Halal", ("Sertifikat Halal", "Legalitas Halal")),
    Column("hki", "HKI/Merek", ("HKI", "Merek", "Merek Dagang", "Sertifikat Merek")),
    Column("phone", "No. Telepon", ("Telepon", "No. HP", "No HP", "HP", "No. Telp", "Telp", "WA")),
)

COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
KEYS = tuple(c.key for c in COLUMNS)


def header_key(text: str) -> str:
    """A header reduced for matching: lower case ASCII, letters and digits separated by one
    space ("Tenaga Kerja (L)" → "tenaga kerja l", "Kec." → "kec")."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[0-9a-z]+", ascii_text.lower()))


VARIANTS: dict[str, str] = {}
for _column in COLUMNS:
    for _text in (_column.header, *_column.variants):
        VARIANTS[header_key(_text)] = _column.key


def column_for(text: str) -> str | None:
    """The template key a header names, or None."""
    return VARIANTS.get(header_key(text))
