"""Synthetic Sundanese person names, kampung names, phone numbers and business names."""

from __future__ import annotations

from random import Random

MALE_FIRST = (
    "Asep Ujang Dede Ade Cecep Entis Atang Eman Oman Udin Jajang Dadang Deden Engkos Enjang "
    "Iwan Yayan Ayi Maman Nana Ohim Rahmat Tatang Usep Wawan Yana Aep Acep Agus Engkus Kosim "
    "Mamat Nandang Ocid Odih Sanusi Saepul Ukat Uus Apud Amin Dudi Hendra Iing Jaja Karta "
    "Komar Endang Sarip Didin Dayat Encep Emed Ajat Anda Aceng Ruhiyat Otong Sukri Jamal "
    "Mumuh Odang Enceng Ikin Aang Dodi Rudi Herman Uju Ahmad Jujun Toto Kurdi Kuswara"
).split()
FEMALE_FIRST = (
    "Iis Euis Neneng Imas Lilis Cucu Enok Aah Odah Nining Popon Yoyoh Tati Titin Enung "
    "Eneng Nani Nenden Onah Oneng Siti Wati Yati Dedeh Eem Ela Eti Ai Elis Ika Nurul Rina "
    "Pipin Ecin Emah Ijah Atikah Juju Ocoh Entin Ipah Enah Icih Aisah Uum Nyai Eulis Dewi "
    "Yeni Heni Leni Mimin Nunung Teti Rohaeti Ooh Euceu Nia Ratna Kokom Uneh Iyam Enden"
).split()
MALE_FAMILY = (
    "Suhendar Sumarna Hidayat Saepudin Rohmat Sopandi Mulyadi Suryana Hermawan Kurniawan "
    "Setiawan Gunawan Supriatna Sutisna Kusnadi Ruhiyat Mansyur Sukmana Permana Nurdin "
    "Jaelani Sobari Anwar Saputra Firmansyah Ramdani Solehudin Munawar Sudrajat Suparman "
    "Kurnia Wijaya Sutarman Syarifudin Hambali Sahroni Jamaludin Mukhtar Rusmana Sukarya "
    "Hasanudin Juhana Apandi Sudirman Karnaen Ruslan Somantri Hendrayana Mulyana Subagja"
).split()
FEMALE_FAMILY = (
    "Sukmawati Nurhayati Kurniasih Rohayati Kartini Suryani Maryani Mulyani Rahmawati "
    "Hasanah Nurjanah Rosita Sumiati Yuliani Komalasari Kusmiati Juariah Rohimah Marlina "
    "Fitriani Herlina Aisyah Halimah Nurlela Sopiah Rukmini Sumarni Wulandari Nuraeni "
    "Jubaedah Rohmawati Khodijah Sulastri Hayati Saodah Mardiah Kuraesin Rosmiati"
).split()

KAMPUNG = [
    "Cibeureum",
    "Sukamaju",
    "Sukamanah",
    "Cikadu",
    "Cisalak",
    "Cibuah",
    "Cijengkol",
    "Babakan",
    "Cigaru",
    "Sindangsari",
    "Cimenteng",
    "Pasirhaur",
    "Cipicung",
    "Cikareo",
    "Cilaja",
    "Cimanggu",
    "Cibungur",
    "Kadu Jangkung",
    "Cihaur",
    "Cileungsir",
    "Cisarua",
    "Nangela",
    "Pasirkupa",
    "Cipeuteuy",
    "Cijambu",
    "Pamatang",
    "Sukajadi",
    "Sukarame",
    "Cipanas Girang",
    "Tegal Lega",
    "Pasir Eurih",
    "Ciwaru",
    "Ciparay",
    "Sawah Lega",
    "Cikoneng",
    "Bojong",
    "Sindanglaya",
    "Pasir Kembang",
    "Cimerak",
    "Ciseupan",
    "Cirangrang",
    "Karang Anyar",
    "Kadu Pandak",
    "Ciherang",
    "Cikiray",
    "Parakan",
    "Pasir Gintung",
    "Sukasari",
    "Leuwi Ipuh",
    "Cibarengkok",
    "Kadu Hauk",
    "Gunung Bongkok",
]

PHONE_PREFIXES = (
    "0811 0812 0813 0821 0822 0823 0852 0853 0857 0858 0877 0878 0819 0859 0895 0896 0898"
).split()

SUFFIXES = ["Jaya", "Mandiri", "Berkah", "Sejahtera", "Makmur", "Lestari", "Barokah", "Saluyu"]
BATIK_MOTIFS = [
    "Sawarna",
    "Seren Taun",
    "Gula Sakojor",
    "Pare Sapocong",
    "Kahirupan Baduy",
    "Leuit Sijimat",
    "Caruluk Saruntuy",
    "Angklung Buhun",
    "Multatuli",
    "Sadulur",
    "Rangkas Asri",
    "Kalimaya",
    "Lebak Wangi",
]
SNACKS = [
    "Keripik Pisang",
    "Keripik Singkong",
    "Emping Melinjo",
    "Opak",
    "Rengginang",
    "Dodol",
    "Jojorong",
    "Gipang",
    "Sale Pisang",
    "Kue Bugis",
    "Keceprek",
    "Abon Ikan",
    "Kerupuk",
    "Kue Satu",
    "Wajit",
    "Ranginang",
    "Keripik Talas",
    "Bolu Ketan",
]
CRAFTS = ["Tas Koja", "Suvenir Baduy", "Kerajinan Kayu", "Tenun Baduy", "Suvenir", "Koja"]
HONORIFIC_MALE = ["Abah", "Mang", "Pak", "Aki"]
HONORIFIC_FEMALE = ["Ibu", "Bi", "Ceu", "Nini"]


def person_name(rng: Random, sex: str) -> tuple[str, str]:
    """(full name, short name used in business names), e.g. ("H. Oman Suhendar", "Oman")."""
    female = sex == "P"
    first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
    roll = rng.random()
    if roll < 0.3:
        full = first
    elif roll < 0.5:
        full = f"{first} {rng.choice(FEMALE_FIRST if female else MALE_FIRST)}"
    else:
        full = f"{first} {rng.choice(FEMALE_FAMILY if female else MALE_FAMILY)}"
    if rng.random() < 0.05:
        full = ("Hj. " if female else "H. ") + full
    return full, first


def phone_number(rng: Random) -> str:
    return rng.choice(PHONE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8))


def kampung_name(rng: Random) -> str:
    return rng.choice(KAMPUNG)


def business_name(
    rng: Random,
    *,
    commodity: str,
    short: str,
    sex: str,
    kampung: str,
    kecamatan: str,
    legal_form: str,
) -> str:
    """A plausible business name for a commodity; UD/CV names carry their prefix."""
    honorific = rng.choice(HONORIFIC_FEMALE if sex == "P" else HONORIFIC_MALE)
    suffix = rng.choice(SUFFIXES)
    options: list[str]
    if commodity == "gula-aren":
        options = [
            f"Gula Aren {honorific} {short}",
            f"Gula Semut {kampung}",
            f"Gula Aren {kampung} {suffix}",
            f"Gula Kawung {short}",
        ]
    elif commodity == "batik-lebak":
        motif = rng.choice(BATIK_MOTIFS)
        options = [f"Batik {motif}", f"Batik {motif} {short}", f"Batik {kecamatan} {suffix}"]
    elif commodity == "anyaman":
        options = [
            f"Anyaman Bambu {kampung} {suffix}",
            f"Kerajinan Bambu {short}",
            f"Anyaman {honorific} {short}",
            f"Anyaman Pandan {kampung}",
        ]
    elif commodity == "bilik":
        options = [f"Bilik Bambu {kampung}", f"Bilik {honorific} {short}", f"Bilik {short}"]
    elif commodity == "batu-kalimaya":
        options = [f"Kalimaya {kecamatan}", f"Kalimaya {short} {suffix}", "Batu Mulia " + short]
    elif commodity == "batu-fosil":
        options = [f"Batu Fosil {kampung}", f"Fosil Kayu {short}", f"Fosil {kecamatan} {suffix}"]
    elif commodity == "makanan-olahan":
        snack = rng.choice(SNACKS)
        options = [f"{snack} {honorific} {short}", f"{snack} {kampung}", f"{snack} {suffix}"]
    elif commodity == "mebel":
        options = [f"Mebel {short} {suffix}", f"Meubel {kampung}", f"Mebel {kecamatan} {suffix}"]
    elif commodity == "alat-rumah-tangga":
        options = [f"Pandai Besi {short}", f"Golok {kampung}", f"Gosali {honorific} {short}"]
    else:
        craft = rng.choice(CRAFTS)
        options = [f"{craft} {short}", f"{craft} {kampung}", f"Kerajinan {short} {suffix}"]
    name = rng.choice(options)
    if legal_form == "ud":
        return f"UD {name}"
    if legal_form == "cv":
        return f"CV {name}"
    if legal_form in {"pt", "pt-perorangan"}:
        return f"PT {name} {rng.choice(['Indonesia', 'Nusantara', 'Lebak'])}"
    if legal_form == "koperasi":
        return f"Koperasi {name}"
    return name
