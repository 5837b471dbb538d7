"""What a typical unit of each commodity looks like: size, output, prices and certificates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    female_owner: float  # share of owners who are women
    workers: tuple[tuple[int, int], ...]  # (workers, weight), owner included
    female_workers: float  # share of workers who are women
    value_per_worker: int  # median production value per worker per year, rupiah (2018)
    capacity_unit: str
    unit_price: int  # rupiah per capacity unit
    raw_materials: tuple[str, ...]
    reach: tuple[float, float, float]  # weights of lokal, regional, nasional
    investment_ratio: tuple[float, float]  # investment as a share of yearly production
    pirt: float = 0.0  # share of units holding each certificate
    halal: float = 0.0
    hki: float = 0.0
    bpom: float = 0.0


PROFILES: dict[str, Profile] = {
    "gula-aren": Profile(
        female_owner=0.33,
        workers=((1, 36), (2, 50), (3, 11), (4, 3)),
        female_workers=0.45,
        value_per_worker=19_000_000,
        capacity_unit="kg/tahun",
        unit_price=16_000,
        raw_materials=("nira aren", "nira aren, kapur sirih", "nira aren, gula pasir"),
        reach=(0.55, 0.35, 0.10),
        investment_ratio=(0.2, 0.6),
        pirt=0.12,
        halal=0.07,
    ),
    "makanan-olahan": Profile(
        female_owner=0.64,
        workers=((1, 32), (2, 36), (3, 18), (4, 8), (5, 4), (6, 2)),
        female_workers=0.75,
        value_per_worker=24_000_000,
        capacity_unit="kg/tahun",
        unit_price=30_000,
        raw_materials=(
            "singkong, minyak goreng",
            "pisang, gula, minyak goreng",
            "melinjo",
            "beras ketan, gula aren",
            "tepung terigu, telur, gula",
            "ikan, bumbu",
            "talas, minyak goreng",
        ),
        reach=(0.60, 0.32, 0.08),
        investment_ratio=(0.3, 0.8),
        pirt=0.35,
        halal=0.18,
        bpom=0.01,
    ),
    "anyaman": Profile(
        female_owner=0.48,
        workers=((1, 38), (2, 42), (3, 14), (4, 6)),
        female_workers=0.6,
        value_per_worker=16_000_000,
        capacity_unit="buah/tahun",
        unit_price=25_000,
        raw_materials=("bambu tali", "bambu, rotan", "pandan, bambu", "bambu apus"),
        reach=(0.60, 0.30, 0.10),
        investment_ratio=(0.2, 0.6),
    ),
    "bilik": Profile(
        female_owner=0.24,
        workers=((1, 55), (2, 37), (3, 8)),
        female_workers=0.25,
        value_per_worker=14_000_000,
        capacity_unit="lembar/tahun",
        unit_price=60_000,
        raw_materials=("bambu gombong", "bambu apus", "bambu tali"),
        reach=(0.75, 0.23, 0.02),
        investment_ratio=(0.15, 0.4),
    ),
    "kerajinan-tangan": Profile(
        female_owner=0.42,
        workers=((1, 38), (2, 40), (3, 16), (4, 6)),
        female_workers=0.5,
        value_per_worker=18_000_000,
        capacity_unit="buah/tahun",
        unit_price=45_000,
        raw_materials=("kulit kayu teureup", "kayu, bambu", "benang, kain", "serat pelepah"),
        reach=(0.45, 0.35, 0.20),
        investment_ratio=(0.3, 0.7),
        hki=0.02,
    ),
    "alat-rumah-tangga": Profile(
        female_owner=0.08,
        workers=((1, 33), (2, 45), (3, 18), (4, 4)),
        female_workers=0.1,
        value_per_worker=22_000_000,
        capacity_unit="buah/tahun",
        unit_price=85_000,
        raw_materials=("besi per bekas, kayu", "besi, arang", "aluminium bekas"),
        reach=(0.60, 0.35, 0.05),
        investment_ratio=(0.4, 1.0),
    ),
    "mebel": Profile(
        female_owner=0.07,
        workers=((1, 12), (2, 40), (3, 30), (4, 12), (5, 6)),
        female_workers=0.08,
        value_per_worker=30_000_000,
        capacity_unit="set/tahun",
        unit_price=2_500_000,
        raw_materials=("kayu jati", "kayu mahoni", "kayu albasia", "kayu nangka"),
        reach=(0.55, 0.40, 0.05),
        investment_ratio=(0.5, 1.2),
    ),
    "batik-lebak": Profile(
        female_owner=0.62,
        workers=((2, 15), (3, 25), (4, 25), (5, 15), (6, 10), (8, 7), (10, 3)),
        female_workers=0.7,
        value_per_worker=32_000_000,
        capacity_unit="lembar/tahun",
        unit_price=250_000,
        raw_materials=("kain mori, malam, pewarna sintetis", "kain katun, malam, pewarna alam"),
        reach=(0.30, 0.40, 0.30),
        investment_ratio=(0.5, 1.5),
        hki=0.3,
    ),
    "batu-kalimaya": Profile(
        female_owner=0.1,
        workers=((1, 30), (2, 40), (3, 20), (4, 10)),
        female_workers=0.1,
        value_per_worker=45_000_000,
        capacity_unit="butir/tahun",
        unit_price=350_000,
        raw_materials=("bongkahan batu kalimaya",),
        reach=(0.20, 0.35, 0.45),
        investment_ratio=(0.5, 1.5),
        hki=0.04,
    ),
    "batu-fosil": Profile(
        female_owner=0.1,
        workers=((1, 20), (2, 40), (3, 25), (4, 15)),
        female_workers=0.1,
        value_per_worker=35_000_000,
        capacity_unit="buah/tahun",
        unit_price=400_000,
        raw_materials=("bongkahan kayu fosil", "kayu fosil, resin"),
        reach=(0.25, 0.35, 0.40),
        investment_ratio=(0.5, 1.3),
    ),
}

# Average IDR per USD (Bank Indonesia JISDOR, yearly means, rounded): the rupiah weakened.
IDR_PER_USD = {2016: 13_308, 2017: 13_381, 2018: 14_247}
# Production value relative to 2018 (demand grew).
GROWTH = {2016: 0.88, 2017: 0.94, 2018: 1.0}
# Legal forms of ordinary units and of exporters: (reference code, weight).
LEGAL_FORMS = (("perorangan", 82), ("ud", 11), ("cv", 5), ("pt-perorangan", 1), ("pt", 1))
EXPORTER_LEGAL_FORMS = (("perorangan", 40), ("ud", 30), ("cv", 25), ("pt", 5))
