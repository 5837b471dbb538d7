"""The import template's columns and the header variants people type for each (data, not code).

`COLUMNS` are the template's and every export's columns, in order; `EXTRA_COLUMNS` are read from
files (a product line's name and capacity) but not exported in xlsx/csv (the JSON export carries
a unit's products as `products`). Source layouts add their own headers in
`sentra/exchange/profiles/*.toml`. docs/import-columns.md shows the same tables;
`tests/exchange/test_docs.py` checks they agree.
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
        ("Komoditi", "Jenis Usaha", "Cabang Industri", "Kelompok Komoditas"),
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
        "workers_foreign",
        "Tenaga Kerja Asing",
        ("TK Asing", "TKA", "Jumlah Tenaga Kerja Asing", "Naker Asing"),
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
        ("Tujuan Ekspor", "Negara Ekspor", "Ekspor Ke", "Negara Tujuan"),
    ),
    Column(
        "export_value",
        "Nilai Ekspor (US$)",
        ("Nilai Ekspor", "Nilai Ekspor (USD)", "Nilai Ekspor USD", "Ekspor (US$)"),
    ),
    Column("pirt", "P-IRT", ("PIRT", "SPP-IRT", "Izin P-IRT", "Legalitas P-IRT")),
    Column("halal", "Halal", ("Sertifikat Halal", "Legalitas Halal")),
    Column("hki", "HKI/Merek", ("HKI", "Merek", "Merek Dagang", "Sertifikat Merek")),
    Column("phone", "No. Telepon", ("Telepon", "No. HP", "No HP", "HP", "No. Telp", "Telp", "WA")),
    Column("latitude", "Lintang", ("Latitude", "Lat", "Koordinat Lintang", "GPS Latitude")),
    Column("longitude", "Bujur", ("Longitude", "Long", "Lon", "Koordinat Bujur", "GPS Longitude")),
)
EXTRA_COLUMNS: tuple[Column, ...] = (
    Column(
        "product",
        "Nama Produk",
        ("Produk", "Jenis Produk", "Produk Utama", "Nama Barang", "Hasil Produksi"),
    ),
    Column("capacity", "Kapasitas", ("Kapasitas Produksi", "Kapasitas Terpasang")),
    Column("capacity_unit", "Satuan Kapasitas", ("Satuan", "Satuan Produksi")),
)

COLUMN_BY_KEY = {c.key: c for c in (*COLUMNS, *EXTRA_COLUMNS)}
KEYS = tuple(c.key for c in COLUMNS)
# Fields a file may fill that no header of the template names: source layouts map their own
# headers to them (`sentra/exchange/profiles/`).
SOURCE_FIELDS = ("submission_uuid", "submitted_at")


def header_key(text: str) -> str:
    """A header reduced for matching: lower case ASCII, letters and digits separated by one
    space ("Tenaga Kerja (L)" → "tenaga kerja l", "Kec." → "kec")."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[0-9a-z]+", ascii_text.lower()))


_GROUP_PATH = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+")


def header_keys(text: str) -> tuple[str, ...]:
    """The keys a header may match, best first: the whole header, and for a KoboToolbox/ODK
    group path ("identitas/nama_usaha") its last part."""
    whole = header_key(text)
    raw = str(text).strip()
    if _GROUP_PATH.fullmatch(raw) and ("_" in raw or raw == raw.lower()):
        last = header_key(raw.rsplit("/", 1)[1])
        if last and last != whole:
            return (whole, last)
    return (whole,)


VARIANTS: dict[str, str] = {}
for _column in (*COLUMNS, *EXTRA_COLUMNS):
    for _text in (_column.header, *_column.variants):
        VARIANTS[header_key(_text)] = _column.key


def column_for(text: str) -> str | None:
    """The template key a header names, or None."""
    return VARIANTS.get(header_key(text))
