"""The demo's Lebak programs 2016–2018: what the office ran, for whom, and what it handed
over. Only plans live here; who takes part is chosen by the eligibility rules at load time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class AidPlan:
    item: str
    quantity: int
    unit_of_measure: str
    value: int


@dataclass(frozen=True)
class Effect:
    """The mechanic applied to recipients' follow-up reports: production value multiplied by
    a lognormal factor with mean 1 + `growth`, one worker added with probability `hire`."""

    growth: float
    hire: float


@dataclass(frozen=True)
class ProgramPlan:
    code: str
    kind: str
    name: str
    year: int
    funding: str
    budget: int
    starts: date
    days: int
    place: str
    partners: str
    criteria: dict[str, Any]
    recipients: int
    aid: tuple[AidPlan, ...]
    target_kind: str = "unit"
    clusters: tuple[str, ...] = ()
    new_businesses: int = 0  # batik training: owners whose units opened after it
    certificate: str = ""  # certificate kind obtained through the program
    open_selection: bool = False  # 2018 program still selecting: leaves stages mixed
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


EFFECTS = {
    "pelatihan": Effect(0.10, 0.10),
    "studi_banding": Effect(0.05, 0.05),
    "bantuan_produksi": Effect(0.15, 0.10),
    "fasilitasi_sertifikasi": Effect(0.10, 0.05),
    "pameran_kurasi": Effect(0.12, 0.08),
    "pendampingan": Effect(0.06, 0.06),
}
EFFECT_SPREAD = 0.05  # sigma of the log growth factor
WORKER_CAP_2018 = 50  # the demo keeps 2018's workforce near 33,000

PLANS = (
    ProgramPlan(
        code="PLT-BATIK-2016",
        kind="pelatihan",
        name="Pelatihan Batik Tulis dan Pewarnaan Alam",
        year=2016,
        funding="apbd_kab",
        budget=185_000_000,
        starts=date(2016, 4, 18),
        days=5,
        place="Aula Disperindag, Rangkasbitung",
        partners="Balai Besar Kerajinan dan Batik Yogyakarta",
        criteria={"commodities": ["batik-lebak"], "not_aided_years": 2},
        recipients=14,
        new_businesses=10,
        aid=(AidPlan("Paket bahan praktik (kain mori, malam, pewarna alam)", 1, "paket", 750_000),),
        description=(
            "Pelatihan membatik bagi perajin dan calon wirausaha batik Lebak; sebagian peserta "
            "membuka usaha batik baru pada 2017–2018."
        ),
    ),
    ProgramPlan(
        code="SB-PEKALONGAN-2016",
        kind="studi_banding",
        name="Studi Banding Sentra Batik Pekalongan",
        year=2016,
        funding="apbd_prov",
        budget=120_000_000,
        starts=date(2016, 9, 12),
        days=3,
        place="Pekalongan, Jawa Tengah",
        partners="Museum Batik Pekalongan; Klaster Batik Pesindon",
        criteria={"commodities": ["batik-lebak"], "has_nib": True},
        recipients=12,
        aid=(AidPlan("Modul dan cenderamata studi banding", 1, "paket", 250_000),),
    ),
    ProgramPlan(
        code="SB-YOGYAKARTA-2017",
        kind="studi_banding",
        name="Studi Banding Kerajinan dan Anyaman Yogyakarta",
        year=2017,
        funding="apbd_kab",
        budget=150_000_000,
        starts=date(2017, 7, 24),
        days=4,
        place="Yogyakarta (Kasongan dan Sentolo)",
        partners="Dinas Perindustrian DIY",
        criteria={"commodities": ["kerajinan-tangan", "anyaman"], "not_aided_years": 2},
        recipients=18,
        aid=(AidPlan("Modul desain produk kerajinan", 1, "paket", 300_000),),
    ),
    ProgramPlan(
        code="BP-AREN-2017",
        kind="bantuan_produksi",
        name="Bantuan Peralatan Produksi Gula Aren bagi Kelompok",
        year=2017,
        funding="dak",
        budget=420_000_000,
        starts=date(2017, 5, 8),
        days=1,
        place="Sobang, Muncang dan Cirinten",
        partners="UPT Pengembangan IKM Banten",
        criteria={"commodities": ["gula-aren"]},
        recipients=0,
        target_kind="kelompok",
        clusters=(
            "Sentra Gula Aren Sobang",
            "Sentra Gula Aren Muncang",
            "Koperasi Gula Semut Cirinten",
        ),
        aid=(
            AidPlan("Wajan/kuali stainless besar", 10, "buah", 4_500_000),
            AidPlan("Mesin pengayak dan cetak gula semut", 2, "unit", 38_000_000),
            AidPlan("Oven pengering", 1, "unit", 52_000_000),
        ),
    ),
    ProgramPlan(
        code="FS-HALAL-2017",
        kind="fasilitasi_sertifikasi",
        name="Fasilitasi Sertifikasi Halal IKM Pangan",
        year=2017,
        funding="apbd_prov",
        budget=96_000_000,
        starts=date(2017, 3, 6),
        days=60,
        place="Rangkasbitung",
        partners="LPPOM MUI Banten",
        criteria={
            "commodities": ["makanan-olahan", "gula-aren"],
            "has_certificates": ["pirt"],
            "lacks_certificates": ["halal"],
        },
        recipients=30,
        certificate="halal",
        aid=(AidPlan("Biaya pemeriksaan dan sertifikasi Halal", 1, "paket", 2_800_000),),
    ),
    ProgramPlan(
        code="PD-USAHA-2017",
        kind="pendampingan",
        name="Pendampingan Manajemen Usaha Perempuan Pengrajin",
        year=2017,
        funding="csr",
        budget=80_000_000,
        starts=date(2017, 8, 1),
        days=120,
        place="Kecamatan Rangkasbitung, Cibadak dan Warunggunung",
        partners="Program CSR Bank BJB",
        criteria={
            "kecamatan": ["36.02.14", "36.02.18", "36.02.15"],
            "women_owned": True,
            "max_workers": 5,
        },
        recipients=20,
        aid=(AidPlan("Buku kas, timbangan digital dan perangkat pemasaran", 1, "paket", 650_000),),
    ),
    ProgramPlan(
        code="SB-TASIKMALAYA-2018",
        kind="studi_banding",
        name="Studi Banding Anyaman dan Bilik Tasikmalaya",
        year=2018,
        funding="apbd_kab",
        budget=135_000_000,
        starts=date(2018, 3, 19),
        days=3,
        place="Rajapolah, Tasikmalaya",
        partners="Sentra Anyaman Rajapolah",
        criteria={"commodities": ["anyaman", "bilik"], "not_aided_years": 2},
        recipients=16,
        aid=(AidPlan("Modul teknik anyam dan finishing", 1, "paket", 275_000),),
    ),
    ProgramPlan(
        code="BP-AREN-2018",
        kind="bantuan_produksi",
        name="Bantuan Alat Produksi Gula Semut bagi Perajin Perempuan",
        year=2018,
        funding="apbd_kab",
        budget=160_000_000,
        starts=date(2018, 2, 12),
        days=1,
        place="Cirinten dan Sobang",
        partners="",
        criteria={
            "commodities": ["gula-aren"],
            "women_owned": True,
            "max_workers": 4,
            "not_aided_years": 2,
        },
        recipients=20,
        aid=(AidPlan("Alat cetak dan pengering gula semut skala rumah", 1, "set", 6_500_000),),
    ),
    ProgramPlan(
        code="FS-PIRT-2018",
        kind="fasilitasi_sertifikasi",
        name="Fasilitasi P-IRT dan Merek IKM Makanan Olahan",
        year=2018,
        funding="apbd_kab",
        budget=60_000_000,
        starts=date(2018, 2, 5),
        days=45,
        place="Rangkasbitung",
        partners="Dinas Kesehatan Kabupaten Lebak",
        criteria={"commodities": ["makanan-olahan"], "lacks_certificates": ["pirt"]},
        recipients=25,
        certificate="pirt",
        aid=(AidPlan("Penyuluhan keamanan pangan dan biaya P-IRT", 1, "paket", 1_200_000),),
    ),
    ProgramPlan(
        code="PK-INACRAFT-2018",
        kind="pameran_kurasi",
        name="Kurasi dan Pameran INACRAFT Jakarta",
        year=2018,
        funding="apbn",
        budget=210_000_000,
        starts=date(2018, 4, 25),
        days=5,
        place="Jakarta Convention Center",
        partners="Kementerian Perindustrian; ASEPHI",
        criteria={
            "commodities": ["anyaman", "kerajinan-tangan", "batik-lebak", "batu-kalimaya"],
            "has_nib": True,
            "min_workers": 3,
        },
        recipients=15,
        aid=(AidPlan("Sewa stan dan pengiriman produk pameran", 1, "paket", 7_500_000),),
    ),
    ProgramPlan(
        code="PLT-KEMASAN-2018",
        kind="pelatihan",
        name="Pelatihan Desain Kemasan Makanan Olahan",
        year=2018,
        funding="apbd_kab",
        budget=90_000_000,
        starts=date(2018, 10, 15),
        days=3,
        place="Rangkasbitung",
        partners="Rumah Kemasan Banten",
        criteria={"commodities": ["makanan-olahan"], "kecamatan": ["36.02.14", "36.02.03"]},
        recipients=14,
        open_selection=True,
        aid=(AidPlan("Contoh kemasan dan label", 1, "paket", 400_000),),
    ),
)
