"""Where the demo's units are: kecamatan weights, commodity skews, sentra and exporters."""

from __future__ import annotations

from dataclasses import dataclass

# Kecamatan of Kabupaten Lebak (Kemendagri 36.02.xx) with a weight close to their population
# in thousands, so that populous kecamatan hold more units.
KECAMATAN_WEIGHTS: dict[str, float] = {
    "36.02.01": 60,  # Malingping
    "36.02.02": 40,  # Panggarangan
    "36.02.03": 45,  # Bayah
    "36.02.04": 48,  # Cipanas
    "36.02.05": 33,  # Muncang
    "36.02.06": 55,  # Leuwidamar
    "36.02.07": 26,  # Bojongmanik
    "36.02.08": 35,  # Gunungkencana
    "36.02.09": 60,  # Banjarsari
    "36.02.10": 50,  # Cileles
    "36.02.11": 65,  # Cimarga
    "36.02.12": 50,  # Sajira
    "36.02.13": 60,  # Maja
    "36.02.14": 120,  # Rangkasbitung
    "36.02.15": 55,  # Warunggunung
    "36.02.16": 30,  # Cijaku
    "36.02.17": 48,  # Cikulur
    "36.02.18": 65,  # Cibadak
    "36.02.19": 55,  # Cibeber
    "36.02.20": 35,  # Cilograng
    "36.02.21": 55,  # Wanasalam
    "36.02.22": 28,  # Sobang
    "36.02.23": 33,  # Curugbitung
    "36.02.24": 35,  # Kalanganyar
    "36.02.25": 22,  # Lebakgedong
    "36.02.26": 30,  # Cihara
    "36.02.27": 22,  # Cirinten
    "36.02.28": 20,  # Cigemblong
}

# Share of each commodity among the units (sums to 1).
COMMODITY_SHARES: dict[str, float] = {
    "gula-aren": 0.24,
    "makanan-olahan": 0.22,
    "anyaman": 0.14,
    "bilik": 0.12,
    "kerajinan-tangan": 0.07,
    "alat-rumah-tangga": 0.06,
    "mebel": 0.06,
    "batik-lebak": 0.025,
    "batu-kalimaya": 0.035,
    "batu-fosil": 0.03,
}
# New businesses in 2017–2018 lean towards batik (the office's training produced new batik
# makers) and processed food.
OPENING_BOOST: dict[str, float] = {"batik-lebak": 3.0, "makanan-olahan": 1.2}

_AREN = "05 06 07 08 19 22 25 27 28 16"  # Muncang ... Cigemblong: aren-growing hills
# Multipliers of the kecamatan weight per commodity; `default` applies elsewhere.
SKEWS: dict[str, dict[str, float]] = {
    "gula-aren": {
        "default": 1.0,
        **dict.fromkeys(_AREN.split(), 3.2),
        **dict.fromkeys("02 04 12 26".split(), 1.5),
        **dict.fromkeys("14 24 15 18".split(), 0.15),
        "13": 0.5,
    },
    "batik-lebak": {
        "default": 0.08,
        "14": 9.0,
        "18": 5.0,
        "24": 5.0,
        "15": 4.0,
        "03": 0.8,
        "01": 0.6,
    },
    "batu-kalimaya": {"default": 0.02, "12": 12.0, "13": 6.0, "23": 7.0, "11": 5.0},
    "batu-fosil": {
        "default": 0.02,
        "03": 8.0,
        "20": 7.0,
        "19": 6.0,
        "02": 5.0,
        "26": 2.0,
        "01": 1.0,
    },
    "bilik": {"default": 1.0, "17": 1.8, "10": 1.5, "09": 1.5, "14": 0.4, "24": 0.6},
    "anyaman": {"default": 1.0, "14": 1.8, "06": 1.8, "17": 1.5, "07": 1.3},
    "makanan-olahan": {
        "default": 1.0,
        "14": 2.5,
        "18": 1.5,
        "01": 1.5,
        "15": 1.3,
        "24": 1.3,
        "13": 1.3,
    },
    "mebel": {"default": 1.0, "14": 1.5, "11": 1.5, "13": 1.3, "18": 1.3},
    "alat-rumah-tangga": {"default": 1.0, "10": 1.5, "21": 1.3, "09": 1.2},
    "kerajinan-tangan": {"default": 1.0, "06": 3.0, "14": 1.5, "03": 1.5},
}


def kecamatan_weights_for(commodity: str) -> dict[str, float]:
    """Weight of each kecamatan code for units of one commodity."""
    skew = SKEWS.get(commodity, {})
    default = skew.get("default", 1.0)
    return {
        code: weight * skew.get(code[-2:], default) for code, weight in KECAMATAN_WEIGHTS.items()
    }


# The Pasir Ona bamboo exporters (Desa Rangkasbitung Timur, Kec. Rangkasbitung).
PASIR_ONA_DESA = "36.02.14.2017"
PASIR_ONA_KAMPUNG = "Pasir Ona"
PASIR_ONA_UNITS = 42
# How many of them export in each year: exports grow 2016 → 2018.
PASIR_ONA_EXPORTERS = {2016: 26, 2017: 33, 2018: 38}
EUROPE = ("GB", "DE", "IT", "NL", "FR", "PT")


@dataclass(frozen=True)
class OtherExporters:
    commodity: str
    count: int
    countries: tuple[str, ...]
    first_year: int


OTHER_EXPORTERS = (
    OtherExporters("batu-kalimaya", 5, ("CN", "HK", "SG", "JP", "US"), 2016),
    OtherExporters("batu-fosil", 4, ("CN", "TW", "KR", "DE", "US"), 2017),
    OtherExporters("gula-aren", 3, ("NL", "DE", "US", "JP"), 2017),
)


@dataclass(frozen=True)
class ClusterPlan:
    name: str
    kind: str  # ClusterKind value
    commodity: str
    kecamatan: str
    size: int


CLUSTERS = (
    ClusterPlan("Sentra Anyaman Bambu Pasir Ona", "sentra", "anyaman", "36.02.14", 0),
    ClusterPlan("Sentra Gula Aren Sobang", "sentra", "gula-aren", "36.02.22", 40),
    ClusterPlan("Sentra Gula Aren Muncang", "sentra", "gula-aren", "36.02.05", 30),
    ClusterPlan("Koperasi Gula Semut Cirinten", "koperasi", "gula-aren", "36.02.27", 25),
    ClusterPlan("Sentra Batu Kalimaya Sajira", "sentra", "batu-kalimaya", "36.02.12", 24),
    ClusterPlan("Sentra Batu Fosil Bayah", "sentra", "batu-fosil", "36.02.03", 18),
    ClusterPlan("KUBE Batik Lebak Rangkasbitung", "kube", "batik-lebak", "36.02.14", 10),
    ClusterPlan("KUBE Batik Kalanganyar", "kube", "batik-lebak", "36.02.24", 7),
    ClusterPlan("Sentra Bilik Bambu Cikulur", "sentra", "bilik", "36.02.17", 20),
    ClusterPlan("Sentra Makanan Olahan Rangkasbitung", "sentra", "makanan-olahan", "36.02.14", 30),
)
# Size 0 above: the Pasir Ona sentra holds every Pasir Ona unit.
