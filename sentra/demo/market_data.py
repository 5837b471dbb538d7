"""What the market demo is made of: product lines per commodity, buyers per country,
suppliers, stories. All invented; no real person or company."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProductPlan:
    name: str
    picture: str  # which drawing (sentra.market.demo_pictures)
    unit_of_sale: str
    price: tuple[int, int]  # low and high price in rupiah (2018)
    min_order: int
    capacity: int  # per month
    description: str
    commodity: str = ""  # another commodity than the unit's, e.g. furniture of a bamboo unit


PLANS: dict[str, tuple[ProductPlan, ...]] = {
    "pasir-ona": (
        ProductPlan(
            "Kursi Bambu Santai",
            "chair",
            "buah",
            (450_000, 650_000),
            10,
            120,
            "Kursi santai dari bambu tali yang diawetkan, sambungan pasak dan ikat rotan. "
            "Tinggi dudukan 40 cm; dapat dibongkar untuk pengiriman.",
            "mebel",
        ),
        ProductPlan(
            "Meja Bambu Lipat",
            "table",
            "buah",
            (650_000, 900_000),
            5,
            60,
            "Meja lipat bambu apus, daun meja anyaman rapat. 80 × 50 cm.",
            "mebel",
        ),
        ProductPlan(
            "Rak Bambu Tiga Susun",
            "shelf",
            "buah",
            (380_000, 520_000),
            10,
            80,
            "Rak tiga susun dari bambu pilihan, dipernis tahan lembap.",
            "mebel",
        ),
        ProductPlan(
            "Lampu Gantung Anyaman Bambu",
            "lamp",
            "buah",
            (150_000, 240_000),
            20,
            300,
            "Kap lampu anyaman bambu tali, diameter 35 cm; disukai pembeli Eropa.",
        ),
        ProductPlan(
            "Keranjang Anyaman Bambu",
            "basket",
            "buah",
            (35_000, 75_000),
            50,
            1200,
            "Keranjang serbaguna anyaman sasag, tiga ukuran.",
        ),
        ProductPlan(
            "Set Kursi Teras Bambu",
            "chair",
            "set",
            (1_800_000, 2_600_000),
            2,
            25,
            "Dua kursi dan satu meja kecil untuk teras, bambu hitam.",
            "mebel",
        ),
        ProductPlan(
            "Nampan Anyaman Bambu",
            "tray",
            "buah",
            (40_000, 65_000),
            50,
            900,
            "Nampan anyaman dengan bingkai bambu, pewarna alam.",
        ),
    ),
    "batik-lebak": (
        ProductPlan(
            "Batik Tulis Motif Seren Taun",
            "batik",
            "lembar",
            (450_000, 900_000),
            2,
            40,
            "Batik tulis kain katun primisima 2 × 1,15 m, motif Seren Taun khas Lebak.",
        ),
        ProductPlan(
            "Batik Cap Motif Rangkasbitung",
            "batik",
            "lembar",
            (150_000, 220_000),
            10,
            300,
            "Batik cap katun, warna sintetis tahan luntur.",
        ),
        ProductPlan(
            "Batik Kombinasi Motif Kahuripan",
            "batik",
            "lembar",
            (250_000, 380_000),
            5,
            150,
            "Perpaduan tulis dan cap, motif Kahuripan.",
        ),
        ProductPlan(
            "Kemeja Batik Lebak",
            "shirt",
            "potong",
            (185_000, 275_000),
            12,
            200,
            "Kemeja lengan pendek dari batik cap Lebak, ukuran S–XXL.",
        ),
        ProductPlan(
            "Selendang Batik Pewarna Alam",
            "batik",
            "lembar",
            (220_000, 320_000),
            5,
            80,
            "Selendang sutra-katun, pewarna daun indigo dan kulit mahoni.",
        ),
    ),
    "gula-aren": (
        ProductPlan(
            "Gula Aren Cetak",
            "palm_sugar",
            "kg",
            (18_000, 24_000),
            25,
            900,
            "Gula aren cetak batok dari nira segar, tanpa campuran gula pasir.",
        ),
        ProductPlan(
            "Gula Semut Organik",
            "palm_sugar_granule",
            "kg",
            (32_000, 45_000),
            20,
            600,
            "Gula semut kering (kadar air di bawah 3%), kemasan 250 g, 500 g dan 1 kg.",
        ),
        ProductPlan(
            "Gula Aren Cair",
            "palm_sugar_granule",
            "liter",
            (38_000, 52_000),
            12,
            300,
            "Sirup gula aren untuk kopi dan kue.",
        ),
    ),
    "emping": (
        ProductPlan(
            "Emping Melinjo Mentah",
            "emping",
            "kg",
            (90_000, 120_000),
            5,
            250,
            "Emping melinjo tipis buatan tangan, dijemur matahari.",
        ),
        ProductPlan(
            "Emping Melinjo Pedas Manis",
            "emping",
            "bungkus",
            (15_000, 22_000),
            40,
            1500,
            "Emping goreng berbumbu pedas manis, 200 g.",
        ),
        ProductPlan(
            "Emping Melinjo Balado",
            "emping",
            "bungkus",
            (16_000, 22_000),
            40,
            1200,
            "Emping goreng balado, kemasan ziplock 200 g.",
        ),
    ),
    "makanan-olahan": (
        ProductPlan(
            "Keripik Pisang Ambon",
            "emping",
            "bungkus",
            (12_000, 18_000),
            40,
            1500,
            "Keripik pisang tipis, manis dan asin.",
        ),
        ProductPlan(
            "Dodol Gula Aren",
            "palm_sugar",
            "bungkus",
            (20_000, 28_000),
            30,
            800,
            "Dodol ketan dengan gula aren Lebak.",
        ),
    ),
    "batu-kalimaya": (
        ProductPlan(
            "Batu Kalimaya Black Opal",
            "gem",
            "butir",
            (350_000, 2_500_000),
            1,
            60,
            "Kalimaya Sajira dengan kilau pelangi di dasar hitam, sudah diasah dan dipoles.",
        ),
        ProductPlan(
            "Cincin Perak Kalimaya",
            "gem",
            "buah",
            (650_000, 1_800_000),
            1,
            30,
            "Cincin perak 925 dengan batu kalimaya asli Lebak.",
        ),
        ProductPlan(
            "Liontin Kalimaya Kristal",
            "gem",
            "buah",
            (450_000, 1_200_000),
            1,
            40,
            "Liontin kalimaya kristal bening dengan ikatan perak.",
        ),
    ),
    "mebel": (
        ProductPlan(
            "Kursi Kayu Albasia",
            "chair",
            "buah",
            (350_000, 480_000),
            4,
            40,
            "Kursi makan kayu albasia, finishing melamin.",
        ),
        ProductPlan(
            "Meja Makan Mahoni",
            "table",
            "buah",
            (2_200_000, 3_200_000),
            1,
            8,
            "Meja makan kayu mahoni 160 × 90 cm.",
        ),
    ),
    "anyaman": (
        ProductPlan(
            "Tas Anyaman Pandan",
            "basket",
            "buah",
            (65_000, 120_000),
            20,
            300,
            "Tas anyaman daun pandan dengan pegangan kulit sintetis.",
        ),
        ProductPlan(
            "Tikar Anyaman Pandan",
            "tray",
            "lembar",
            (85_000, 150_000),
            10,
            120,
            "Tikar pandan 2 × 1,5 m, motif garis.",
        ),
    ),
    "kerajinan-tangan": (
        ProductPlan(
            "Tas Koja Kulit Teureup",
            "basket",
            "buah",
            (95_000, 180_000),
            10,
            100,
            "Tas koja tradisional dari serat kulit kayu teureup.",
        ),
        ProductPlan(
            "Hiasan Dinding Bambu",
            "tray",
            "buah",
            (75_000, 160_000),
            10,
            150,
            "Hiasan dinding bambu ukir, motif leuit (lumbung padi).",
        ),
    ),
    "bilik": (
        ProductPlan(
            "Bilik Bambu Motif Kepang",
            "tray",
            "lembar",
            (55_000, 80_000),
            20,
            400,
            "Bilik dinding 2 × 3 m, anyaman kepang rapat.",
        ),
    ),
    "batu-fosil": (
        ProductPlan(
            "Meja Batu Fosil Kayu",
            "gem",
            "buah",
            (1_500_000, 6_000_000),
            1,
            6,
            "Meja kopi dari irisan fosil kayu Bayah, dipoles.",
        ),
    ),
}

# How many units of each group get products, and how many products each.
UNIT_COUNTS: dict[str, tuple[int, int, int]] = {
    # group: (units, fewest products, most products)
    "batik-lebak": (22, 2, 3),
    "gula-aren": (18, 1, 3),
    "emping": (16, 2, 3),
    "makanan-olahan": (6, 1, 2),
    "batu-kalimaya": (10, 1, 3),
    "mebel": (6, 1, 2),
    "anyaman": (6, 1, 2),
    "kerajinan-tangan": (5, 1, 2),
    "bilik": (3, 1, 1),
    "batu-fosil": (3, 1, 1),
}
PASIR_ONA_PRODUCTS = (2, 3)  # every Pasir Ona exporter with consent
ACCOUNT_PRODUCTS = 4  # the demo owner account's unit

STORIES = (
    "Usaha keluarga yang dirintis {year}; bahan baku dari kebun sendiri dan tetangga.",
    "Dikerjakan ibu-ibu kampung {kampung} di sela waktu berkebun; mulai {year}.",
    "Meneruskan keterampilan orang tua sejak {year}. Pernah ikut pameran dinas.",
    "Berdiri {year}, kini mempekerjakan tetangga sekitar {kampung}.",
    "Usaha rumahan sejak {year}; pesanan dikerjakan bergiliran oleh warga kampung.",
)

# Invented buyers (no real person or company): name, organisation, e-mail domain.
BUYERS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "GB": (
        ("Oliver Bennett", "Bennett Home Ltd", "bennett-home.example"),
        ("Amelia Clarke", "Green Loft Interiors", "greenloft.example"),
        ("Harry Whitfield", "Whitfield & Daughters", "whitfield.example"),
    ),
    "DE": (
        ("Lena Fischer", "Naturmöbel Fischer GmbH", "naturmoebel.example"),
        ("Jonas Becker", "Becker Wohnen KG", "becker-wohnen.example"),
        ("Mia Schulz", "Bambushaus Schulz", "bambushaus.example"),
    ),
    "IT": (
        ("Giulia Romano", "Arredo Verde S.r.l.", "arredoverde.example"),
        ("Marco Ricci", "Casa Ricci", "casaricci.example"),
    ),
    "NL": (
        ("Daan de Vries", "Groen Wonen B.V.", "groenwonen.example"),
        ("Sanne Jansen", "Jansen Interieur", "jansen-interieur.example"),
    ),
    "FR": (
        ("Camille Martin", "Maison Bambou SARL", "maisonbambou.example"),
        ("Lucas Bernard", "Atelier Bernard", "atelier-bernard.example"),
    ),
    "PT": (
        ("Inês Costa", "Casa Natural Lda.", "casanatural.example"),
        ("Tiago Silva", "Silva Decoração", "silvadeco.example"),
    ),
    "CN": (("Wang Lei", "Jade Garden Trading", "jadegarden.example"),),
    "HK": (("Chan Ka Yan", "Harbour Gems Co.", "harbourgems.example"),),
    "SG": (("Tan Wei Ming", "Lion City Gems Pte Ltd", "lioncitygems.example"),),
    "JP": (("Sato Yuki", "Kiyomizu Natural Foods", "kiyomizu.example"),),
    "US": (("Emily Carter", "Carter Crafts LLC", "cartercrafts.example"),),
    "TW": (("Lin Chia-hao", "Formosa Stone", "formosastone.example"),),
    "KR": (("Kim Ji-woo", "Seoul Natural Goods", "seoulnatural.example"),),
    "ID": (
        ("Rina Marlina", "Toko Oleh-oleh Rangkas", "olehrangkas.example"),
        ("Budi Santoso", "Hotel Kenanga Bandung", "hotelkenanga.example"),
        ("Dewi Lestari", "Butik Sekar Jakarta", "butiksekar.example"),
        ("Agus Salim", "Koperasi Karyawan Krakatau", "kopkar.example"),
        ("Yuni Kartika", "", "mail.example"),
        ("Hendra Wijaya", "Kafe Kopi Aren Serang", "kopiaren.example"),
        ("Sri Wahyuni", "Katering Berkah Tangerang", "berkah.example"),
    ),
}

FOREIGN_MESSAGES = (
    "We saw your {product} and would like a quotation for {quantity} {unit}, FOB Jakarta.",
    "Could you send pictures of finished {product} and the lead time for {quantity} {unit}?",
    "We are looking for a long-term supplier of {product}. Is {quantity} {unit} a month possible?",
    "Please quote {quantity} {unit} of {product} with export packing.",
)
DOMESTIC_MESSAGES = (
    "Saya tertarik {product}, bisa kirim {quantity} {unit} ke alamat kami? Mohon info ongkir.",
    "Apakah {product} tersedia {quantity} {unit} untuk bulan depan?",
    "Mohon penawaran harga untuk {quantity} {unit} {product}, untuk dijual kembali.",
    "Kami butuh {product} {quantity} {unit} untuk acara kantor. Bisa dibantu?",
)

# The rupiah's yearly mean per USD, as in the registry demo's profiles (Bank Indonesia JISDOR).
IDR_PER_USD = {2017: 13_381, 2018: 14_247}


@dataclass(frozen=True)
class SupplierPlan:
    name: str
    material: str
    kecamatan: str
    capacity: str
    season: str
    description: str


SUPPLIERS = (
    SupplierPlan(
        "Kelompok Tani Bambu Cimarga",
        "bambu",
        "36.02.11",
        "3.000 batang per bulan",
        "Sepanjang tahun",
        "Bambu tali dan bambu apus umur 3 tahun.",
    ),
    SupplierPlan(
        "Pengepul Bambu Cikulur",
        "bambu",
        "36.02.17",
        "2.000 batang per bulan",
        "Terbaik Mei–September",
        "Bambu gombong untuk bilik.",
    ),
    SupplierPlan(
        "Bambu Lestari Leuwidamar",
        "bambu",
        "36.02.06",
        "1.500 batang per bulan",
        "Sepanjang tahun",
        "Bambu hitam dan bambu tali dari kebun warga.",
    ),
    SupplierPlan(
        "KUB Bambu Rangkasbitung",
        "bambu",
        "36.02.14",
        "800 batang per bulan",
        "Sepanjang tahun",
        "Bambu yang sudah diawetkan (rendam boraks).",
    ),
    SupplierPlan(
        "Penyadap Nira Sobang",
        "nira",
        "36.02.22",
        "400 liter nira per hari",
        "Sepanjang tahun, puncak musim kemarau",
        "Nira aren segar, diambil pagi dan sore.",
    ),
    SupplierPlan(
        "Kelompok Penyadap Aren Muncang",
        "nira",
        "36.02.05",
        "300 liter nira per hari",
        "Sepanjang tahun",
        "Nira aren dan gula aren setengah jadi.",
    ),
    SupplierPlan(
        "Penyadap Aren Cirinten",
        "nira",
        "36.02.27",
        "250 liter nira per hari",
        "Sepanjang tahun",
        "Anggota koperasi gula semut.",
    ),
    SupplierPlan(
        "Gudang Kayu Cibeber",
        "kayu",
        "36.02.19",
        "20 m³ per bulan",
        "Sepanjang tahun",
        "Kayu albasia dan mahoni bersertifikat legalitas.",
    ),
    SupplierPlan(
        "Panglong Kayu Maja",
        "kayu",
        "36.02.13",
        "15 m³ per bulan",
        "Sepanjang tahun",
        "Kayu jati rakyat dan nangka.",
    ),
    SupplierPlan(
        "Toko Kain Mori Rangkas",
        "benang",
        "36.02.14",
        "500 meter kain per minggu",
        "Sepanjang tahun",
        "Kain mori primisima dan katun, malam batik.",
    ),
    SupplierPlan(
        "Pemintal Benang Kalanganyar",
        "benang",
        "36.02.24",
        "200 kg benang per bulan",
        "Sepanjang tahun",
        "Benang katun untuk tenun dan bordir.",
    ),
    SupplierPlan(
        "Penambang Kalimaya Sajira",
        "batu",
        "36.02.12",
        "50 kg bongkahan per bulan",
        "Musim kemarau",
        "Bongkahan kalimaya mentah, dipilah menurut kualitas.",
    ),
    SupplierPlan(
        "Pengumpul Fosil Bayah",
        "batu",
        "36.02.03",
        "2 ton per bulan",
        "Musim kemarau",
        "Bongkahan fosil kayu untuk meja dan hiasan.",
    ),
)
