"""Realistic files of the layouts offices receive, built in the tests (several variants each,
from a seed): OSS RBA "Data NIB" exports, SIINas-style IK report sheets, KoboToolbox/ODK
survey exports and hand-made sheets. Names and numbers are synthetic."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from tests.exchange.files import csv_file, xlsx

OSS_HEADER = [
    "NIB", "Nama", "Jenis Badan Usaha", "Skala Usaha", "Risiko Usaha", "Jenis Proyek",
    "Tanggal Permohonan", "Email", "No Telepon", "KBLI", "Jenis KBLI", "Alamat Usaha",
    "Kelurahan", "Kecamatan", "Modal Usaha", "Investasi Mesin", "Investasi Lainnya", "Produk",
    "Kapasitas", "Satuan", "Jumlah TKI Laki-laki", "Jumlah TKI Perempuan",
    "Jumlah Tenaga Kerja Asing",
]  # fmt: skip

# (product as OSS writes it, its KBLI, the commodity code Sentra should file it under)
OSS_PRODUCTS = [
    ("GULA AREN CETAK", "10722", "gula-aren"),
    ("GULA SEMUT AREN", "10722", "gula-aren"),
    ("BESEK BAMBU", "16291", "anyaman"),
    ("TAMPAH BAMBU", "16291", "anyaman"),
    ("KERIPIK PISANG", "10799", "makanan-olahan"),
    ("BATIK TULIS MOTIF SEREN TAUN", "13134", "batik-lebak"),
    ("KURSI KAYU JATI", "31001", "mebel"),
]
PLACES = [  # (kelurahan, kecamatan) as OSS writes them: upper case
    ("RANGKASBITUNG TIMUR", "RANGKASBITUNG"),
    ("CIJORO LEBAK", "RANGKASBITUNG"),
    ("BAYAH BARAT", "BAYAH"),
]
OWNER_NAMES = ["SITI AMINAH", "UJANG SUKMA", "EUIS RAHMAWATI", "DADANG KUSNADI", "NENENG HASANAH"]


@dataclass
class OssUnit:
    nib: str
    name: str
    legal_form: str
    desa: str
    kecamatan: str
    products: list[tuple[str, str, str]]
    workers: list[tuple[int, int, int]] = field(default_factory=list)  # per row: L, P, asing
    capital: list[tuple[int, int, int]] = field(default_factory=list)  # modal, mesin, lainnya


def oss_units(seed: int, count: int, *, max_products: int = 3) -> list[OssUnit]:
    rng = Random(seed)
    units = []
    for index in range(count):
        person = index % 2 == 0
        owner = OWNER_NAMES[(seed + index) % len(OWNER_NAMES)]
        desa, kecamatan = PLACES[index % 2]  # Rangkasbitung (officer Rudi's kecamatan)
        products = rng.sample(OSS_PRODUCTS, rng.randint(1, max_products))
        units.append(
            OssUnit(
                nib=f"91200{seed % 1000:03d}{index:05d}",
                name=owner if person else f"CV {owner.split()[0]} JAYA {index}",
                legal_form="Orang Perseorangan" if person else "Persekutuan Komanditer (CV)",
                desa=desa,
                kecamatan=kecamatan,
                products=products,
                workers=[
                    (rng.randint(0, 4), rng.randint(0, 4), rng.randint(0, 1)) for _ in products
                ],
                capital=[
                    (rng.randint(1, 50) * 1_000_000, rng.randint(0, 9) * 500_000, 250_000)
                    for _ in products
                ],
            )
        )
    return units


def oss_rows(units: list[OssUnit]) -> list[list[Any]]:
    rows: list[list[Any]] = [OSS_HEADER]
    for unit in units:
        for (product, kbli, _c), (male, female, foreign), (modal, machine, other) in zip(
            unit.products, unit.workers, unit.capital, strict=True
        ):
            rows.append(
                [
                    unit.nib, unit.name, unit.legal_form, "Usaha Mikro", "Rendah",
                    "Utama", "2021-03-04", "usaha@example.test", "081234567890", kbli,
                    "Industri", f"KP. CIBEUREUM RT 00{len(rows) % 9 + 1}/002", unit.desa,
                    unit.kecamatan, modal, machine, other, product,
                    1000 + 10 * len(rows), "Kilogram", male, female, foreign,
                ]
            )  # fmt: skip
    return rows


def oss_file(path: Path, units: list[OssUnit]) -> Path:
    if path.suffix == ".csv":
        return csv_file(path, oss_rows(units), delimiter=",")
    return xlsx(path, oss_rows(units), sheet="Data NIB", text_columns=(1,))


SIINAS_TOP = [
    "No", "Nama Perusahaan", "Nama Pemilik", "NIB", "Alamat", "Kecamatan", "Desa/Kelurahan",
    "KBLI", "Jenis Produk", "Kapasitas Produksi", None, "Tenaga Kerja", None,
    "Nilai Investasi (Rp)", "Nilai Produksi (Rp)", "Nilai Ekspor (US$)", "Negara Tujuan",
    "Keterangan",
]  # fmt: skip
SIINAS_SUB = [None] * 9 + ["Jumlah", "Satuan", "L", "P"] + [None] * 5


def siinas_sheet(
    path: Path,
    *,
    year: int = 2018,
    merged_kecamatan: bool = True,
    signature: str = "KEPALA DINAS PERINDUSTRIAN DAN PERDAGANGAN",
) -> tuple[Path, dict[str, int]]:
    """A report with a three-line title, a two-row header, a "(1) (2) …" row, kecamatan cells
    merged down (or left blank under the first), a JUMLAH row and a signature block. Returns
    the path and the row numbers of interest."""
    rows: list[list[Any]] = [
        ["DAFTAR INDUSTRI KECIL DAN MENENGAH"],
        ["KABUPATEN LEBAK"],
        [f"TAHUN {year}"],
        [],
        SIINAS_TOP,
        SIINAS_SUB,
        [f"({n})" for n in range(1, 19)],
        # Rangkasbitung: three rows, the kecamatan written once
        [1, "UD. BAMBU PASIR ONA", "Ujang Sukma", "8120000000101", "Kp. Pasir Ona",
         "Rangkasbitung", "Rangkasbitung Timur", "16291", "Besek Bambu", 12000, "buah", 3, 5,
         "Rp 15.000.000", "Rp 120.000.000", 8500, "Inggris, Jerman, Netherlands", ""],
        [2, "UD. BAMBU PASIR ONA", "Ujang Sukma", "8120000000101", "Kp. Pasir Ona", None,
         "Rangkasbitung Timur", "16291", "Tampah Bambu", 3000, "buah", 1, 2, "5.000.000",
         "30.000.000", 1500, "Italia; Portugal", ""],
        [3, "BATIK SEREN", "Siti Aminah", "8120000000202", "Jl. Multatuli", None,
         "Muara Ciujung Timur", "13134", "Batik Tulis", 400, "lembar", 2, 6, "25 juta",
         "90 juta", None, None, "baru"],
        # Bayah: two rows
        [4, "OPAK SAWARNA", "Euis", None, "Kp. Sawarna", "Bayah", "Sawarna", "10799",
         "Opak Ketan", 900, "kg", 0, 3, "2.500.000", "18.000.000", None, None, ""],
        [5, "GULA SEMUT BAYAH", "Dadang", "8120000000303", "Kp. Cisuren", None, "Bayah Barat",
         "10722", "Gula Semut", 1500, "kg", 2, 2, "7.000.000", "60.000.000", 12000,
         "Japan, Korea Selatan", ""],
        ["JUMLAH", None, None, None, None, None, None, None, None, None, None, 8, 18,
         "54.500.000", "318.000.000", 22000, None, None],
        [],
        [None, None, None, None, None, None, None, None, None, None, None, None, None, None,
         f"Rangkasbitung, 28 Desember {year}"],
        [None] * 14 + [signature],
        [None] * 14 + ["KABUPATEN LEBAK"],
        [],
        [None] * 14 + ["Drs. H. ASEP SUPRIATNA, M.Si"],
        [None] * 14 + ["Pembina Utama Muda"],
        [None] * 14 + ["NIP. 19650101 199003 1 005"],
    ]  # fmt: skip
    merges = ["A1:R1", "A2:R2", "A3:R3", "J5:K5", "L5:M5"]
    for column in "ABCDEFGHINOPQR":
        merges.append(f"{column}5:{column}6")
    if merged_kecamatan:
        merges += ["F8:F10", "F11:F12"]
    path = xlsx(path, rows, merges=merges, sheet="IKM", text_columns=(4, 8))
    return path, {"numbers": 7, "first": 8, "total": 13, "place": 15, "signature": 16}


KOBO_HEADER = [
    "start", "end", "today", "identitas/nama_usaha", "identitas/nama_pemilik", "identitas/nik",
    "identitas/jenis_kelamin", "lokasi/kecamatan", "lokasi/desa", "usaha/produk",
    "usaha/kbli", "usaha/tk_laki_laki", "usaha/tk_perempuan", "usaha/nilai_produksi",
    "_gps_latitude", "_gps_longitude", "_gps_altitude", "_gps_precision", "meta/instanceID",
    "_id", "_uuid", "_submission_time", "_validation_status", "_index",
]  # fmt: skip


def kobo_rows(*, codes: bool, seed: int = 0) -> list[list[Any]]:
    """Five submissions: select names (rangkasbitung_timur) or Kemendagri codes without dots
    (360214 / 3602142017); the fourth resubmits the first (same _uuid)."""
    rng = Random(seed)
    kec = "360214" if codes else "rangkasbitung"
    forms = [
        ("Anyaman Bu Iis", "Iis Sumiati", "3602144505880001", "perempuan",
         "3602142017" if codes else "rangkasbitung_timur", "Besek Bambu", "16291", 1, 4),
        ("Gula Aren Pa Odo", "Odo", "3602141207750002", "laki_laki",
         "3602141012" if codes else "muara_ciujung_timur", "Gula Aren Cetak", "", 2, 1),
        ("Emping Bi Acih", "Acih", "3602145003690003", "laki_laki",  # NIK says P
         "3602141006" if codes else "cijoro_lebak", "Emping Melinjo", "10799", 0, 3),
    ]  # fmt: skip
    rows: list[list[Any]] = [KOBO_HEADER]
    uuids = [f"5f2b{seed:04d}-0c1e-4a39-9d0e-00000000000{i}" for i in range(len(forms))]
    for i, (name, owner, nik, sex, desa, product, kbli, male, female) in enumerate(forms):
        lat = -6.35 - rng.randint(0, 9999) / 1_000_000
        lon = 106.25 + rng.randint(0, 9999) / 1_000_000
        rows.append(
            ["2018-09-12T08:00:00", "2018-09-12T08:20:00", "2018-09-12", name, owner, nik, sex,
             kec, desa, product, kbli, male, female, 12_000_000 * (i + 1), lat, lon, 40, 5,
             f"uuid:{uuids[i]}", 1000 + i, uuids[i], f"2018-09-1{i + 2}T01:2{i}:33", "", i + 1]
        )  # fmt: skip
    resent = list(rows[1])
    resent[19], resent[22], resent[23] = 1099, "validation_status_approved", len(forms) + 1
    rows.append(resent)  # the same form sent again
    return rows


def kobo_file(path: Path, *, codes: bool, seed: int = 0) -> Path:
    rows = kobo_rows(codes=codes, seed=seed)
    if path.suffix == ".csv":
        return csv_file(path, rows, delimiter=";")
    return xlsx(path, rows, sheet="Pendataan IKM", text_columns=(6,))
