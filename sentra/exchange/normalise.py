"""Normalisers for the values people type in Indonesian spreadsheets.

Each takes a cell value (text, number, bool or None) and returns the canonical value, which is
itself a valid input (so applying a normaliser twice changes nothing). Problems raise
`ValueProblem` with an issue code from `sentra.exchange.issues`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from sentra.registry.codes import unit_code_parse

Cell = Any


class ValueProblem(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def text(value: Cell) -> str:
    """A cell as trimmed text; integral floats lose their ".0"; spaces collapse."""
    if type(value) is str:  # the common case first: this runs for every cell
        return " ".join(value.replace("\u00a0", " ").split())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return " ".join(str(value).replace("\u00a0", " ").split())


def looks_like_formula(value: str) -> bool:
    return value[:1] in {"=", "+", "@"} or (value[:1] == "-" and not _is_plain_number(value))


def _is_plain_number(value: str) -> bool:
    return bool(re.fullmatch(r"-?[0-9][0-9.,]*", value))


_MULTIPLIERS = {
    "rb": 1_000,
    "ribu": 1_000,
    "k": 1_000,
    "jt": 1_000_000,
    "juta": 1_000_000,
    "m": 1_000_000_000,
    "miliar": 1_000_000_000,
    "milyar": 1_000_000_000,
    "t": 1_000_000_000_000,
    "triliun": 1_000_000_000_000,
}
# Units and currency words that carry no value: "Rp", "orang", "org", "unit", "tahun".
_NOISE = re.compile(r"\b(rp|idr|orang|org|jiwa|unit|tahun|thn|th)\b\.?", re.IGNORECASE)
_MAX = 10**15  # larger than any IKM's figures; guards the BigIntegerField


def _decimal_id(number: str) -> Decimal:
    """Indonesian digits: "." groups thousands, "," marks decimals ("1.500.000,50").
    A lone "." followed by other than three digits is read as a decimal point ("2.5")."""
    number = number.rstrip(",.")
    if "," in number:
        whole, _sep, frac = number.rpartition(",")
        if "." in frac or ("," in whole and "." not in whole):
            # "1,500,000" (English grouping) — every comma group has three digits
            if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", number):
                return Decimal(number.replace(",", ""))
            raise InvalidOperation
        if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", number) and "." not in number:
            return Decimal(number.replace(",", ""))
        return Decimal(whole.replace(".", "") + "." + frac)
    if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", number):
        return Decimal(number.replace(".", ""))
    if number.count(".") > 1:
        raise InvalidOperation
    return Decimal(number)


def number(value: Cell) -> Decimal | None:
    """An amount as a Decimal, None for a blank cell. Accepts "1.500.000",
    "Rp 1.500.000,00", "25.000.000,-", "2,5 juta", "3 orang", numbers."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueProblem("number_invalid", value=text(value))
    if isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueProblem("number_invalid", value=text(value))
        result = Decimal(repr(value))
    elif isinstance(value, Decimal):
        result = value
    else:
        raw = text(value)
        cleaned = _NOISE.sub(" ", raw.lower()).replace(",-", "").strip(" :")
        if cleaned in {"", "-"}:
            return None
        match = re.fullmatch(r"(-?)\s*([0-9][0-9.,]*)\s*([a-z]*)", cleaned)
        if match is None:
            raise ValueProblem("number_invalid", value=raw)
        sign, digits, word = match.group(1), match.group(2), (match.group(3) or "")
        if word and word not in _MULTIPLIERS:
            raise ValueProblem("number_invalid", value=raw)
        try:
            result = _decimal_id(digits)
        except InvalidOperation:
            raise ValueProblem("number_invalid", value=raw) from None
        result *= _MULTIPLIERS.get(word, 1)
        if sign:
            result = -result
    if abs(result) >= _MAX:
        raise ValueProblem("number_too_large", value=text(value))
    return result.normalize() if result != result.to_integral_value() else Decimal(int(result))


def whole_number(value: Cell, *, allow_fraction: bool = False) -> int | None:
    """A non-negative integer (workers; rupiah with fractions rounded when allowed)."""
    amount = number(value)
    if amount is None:
        return None
    if amount < 0:
        raise ValueProblem("number_negative", value=text(value))
    if amount != amount.to_integral_value():
        if not allow_fraction:
            raise ValueProblem("number_fraction", value=text(value))
        amount = amount.quantize(Decimal(1), rounding="ROUND_HALF_UP")
    return int(amount)


def year(value: Cell, *, latest: int) -> int | None:
    """A year typed as a number or text ("2015", 2015.0, "Th. 2015")."""
    if isinstance(value, datetime | date):
        return value.year
    try:
        amount = whole_number(value)
    except ValueProblem:
        raise ValueProblem("year_invalid", value=text(value), max=latest) from None
    if amount is None:
        return None
    if not 1900 <= amount <= latest:
        raise ValueProblem("year_invalid", value=text(value), max=latest)
    return amount


_YES = {"ya", "y", "yes", "ada", "v", "x", "1", "sudah", "punya", "memiliki", "true", "✓", "√"}
_NO = {"tidak", "tdk", "t", "no", "n", "tidak ada", "belum", "belum ada", "0", "-", "false"}


def yes_no(value: Cell) -> bool | None:
    """Ada/Tidak/Ya/V/✓ and friends; None for a blank cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    key = text(value).lower().strip(" .")
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueProblem("yes_no_unknown", value=text(value))


_SCIENTIFIC = re.compile(r"[0-9]+([.,]?[0-9]+)?e\+?[0-9]+", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s.\-']")
MASKED_NIK = re.compile(r"[0-9]{4}\u2022{8}[0-9]{4}")


def identifier(value: Cell, *, name: str) -> str:
    """NIK or NIB as digits, from text with spaces/dots/dashes or a leading apostrophe.

    A NIK that Excel stored as a number has at most 15 significant digits, so its 16th is gone
    ("3,60214E+15" in CSV, 3602140101800000.0 in xlsx): refused with `nik_precision_lost`.
    """
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            raise ValueProblem(f"{name}_not_digits", value=text(value))
        whole = str(abs(int(value)))
        if name == "nik" and isinstance(value, float) and len(whole) >= 15 and whole[-1] == "0":
            raise ValueProblem("nik_precision_lost", value=whole)
        return whole
    raw = text(value).strip()
    if MASKED_NIK.fullmatch(raw.lstrip("'")):
        return raw.lstrip("'")
    cleaned = _SEPARATORS.sub("", raw)
    if _SCIENTIFIC.fullmatch(cleaned):
        if name == "nik":
            raise ValueProblem("nik_precision_lost", value=raw)
        raise ValueProblem(f"{name}_not_digits", value=raw)
    return cleaned


def phone(value: Cell) -> str:
    """Digits with a leading 0; blank stays blank. Validity is checked by the registry."""
    raw = text(value).lstrip("'")
    if not raw:
        return ""
    if "\u2022" in raw:
        return raw
    digits = re.sub(r"[^0-9+]", "", raw)
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    elif digits[:1] == "8":
        digits = "0" + digits  # Excel dropped the leading zero of a number typed as a number
    return digits


COUNTRIES = {
    "inggris": "GB",
    "britania raya": "GB",
    "uk": "GB",
    "united kingdom": "GB",
    "jerman": "DE",
    "germany": "DE",
    "italia": "IT",
    "italy": "IT",
    "belanda": "NL",
    "netherlands": "NL",
    "perancis": "FR",
    "prancis": "FR",
    "france": "FR",
    "portugal": "PT",
    "jepang": "JP",
    "japan": "JP",
    "malaysia": "MY",
    "singapura": "SG",
    "singapore": "SG",
    "amerika serikat": "US",
    "amerika": "US",
    "usa": "US",
    "as": "US",
    "australia": "AU",
    "korea selatan": "KR",
    "korea": "KR",
    "tiongkok": "CN",
    "china": "CN",
    "cina": "CN",
    "arab saudi": "SA",
    "saudi arabia": "SA",
    "uni emirat arab": "AE",
    "belgia": "BE",
    "spanyol": "ES",
    "taiwan": "TW",
    "brunei": "BN",
    "thailand": "TH",
    "vietnam": "VN",
    "filipina": "PH",
    "india": "IN",
    "kanada": "CA",
    "hongkong": "HK",
    "hong kong": "HK",
}


@cache
def _cldr_countries() -> dict[str, str]:
    """Every country name CLDR knows in Indonesian and English (through Babel) → ISO 3166
    alpha-2, compared in lower case without accents ("Belanda", "Netherlands", "Jepang")."""
    from babel import Locale

    out: dict[str, str] = {}
    for language in ("en", "id"):
        for code, name in Locale(language).territories.items():
            if re.fullmatch(r"[A-Z]{2}", code) and code not in {"EU", "EZ", "UN", "ZZ", "QO"}:
                out.setdefault(_country_key(name), code)
    return out


def _country_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", folded.lower()))


def country_code(name: str) -> str | None:
    """The ISO alpha-2 code of a country named in Indonesian or English, or given as a code."""
    item = name.strip(" .").lower()
    if item != "as" and re.fullmatch(r"[a-z]{2}", item):
        return item.upper()
    if item in COUNTRIES:
        return COUNTRIES[item]
    return _cldr_countries().get(_country_key(item))


def countries(value: Cell) -> tuple[tuple[str, ...], list[str]]:
    """ISO codes from "Inggris, Jerman; IT" (sorted, unique) and the parts not recognised."""
    codes: set[str] = set()
    unknown: list[str] = []
    for part in re.split(r"[,;/]|\bdan\b", text(value)):
        item = part.strip(" .").lower()
        if not item:
            continue
        code = country_code(item)
        if code:
            codes.add(code)
        else:
            unknown.append(part.strip())
    return tuple(sorted(codes)), unknown


REACH = {
    "lokal": "lokal",
    "local": "lokal",
    "kabupaten": "lokal",
    "regional": "regional",
    "provinsi": "regional",
    "antar kabupaten": "regional",
    "nasional": "nasional",
    "national": "nasional",
    "dalam negeri": "nasional",
    "ekspor": "ekspor",
    "export": "ekspor",
    "luar negeri": "ekspor",
    "internasional": "ekspor",
}


def market_reach(value: Cell) -> str | None:
    key = text(value).lower().replace("_", " ").strip(" .")
    if not key:
        return None
    if key in REACH:
        return REACH[key]
    raise ValueProblem("market_reach_unknown", value=text(value))


# Clearing a stored value takes this explicit marker; a blank cell never erases, and "-"
# keeps meaning "Tidak" / "no value" as field sheets use it.
CLEAR_MARKER = "(hapus)"


def is_clear(value: Cell) -> bool:
    return text(value).lower().replace(" ", "") == CLEAR_MARKER


STATUS = {
    "aktif": "aktif",
    "active": "aktif",
    "beroperasi": "aktif",
    "masih aktif": "aktif",
    "tidak aktif": "tidak_aktif",
    "tidak_aktif": "tidak_aktif",
    "non aktif": "tidak_aktif",
    "nonaktif": "tidak_aktif",
    "inactive": "tidak_aktif",
    "vakum": "tidak_aktif",
    "tutup": "tutup",
    "closed": "tutup",
    "berhenti": "tutup",
    "bangkrut": "tutup",
    "pindah": "pindah",
    "moved": "pindah",
    "pindah alamat": "pindah",
}


def unit_status(value: Cell) -> str | None:
    """Aktif / Tidak aktif / Tutup / Pindah (and their codes); None for a blank cell."""
    key = " ".join(text(value).lower().replace("-", " ").replace("_", " ").split()).strip(" .")
    if not key:
        return None
    if key in STATUS:
        return STATUS[key]
    raise ValueProblem("status_unknown", value=text(value))


SEX = {
    "l": "L",
    "lk": "L",
    "laki laki": "L",
    "laki": "L",
    "pria": "L",
    "m": "L",
    "male": "L",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
    "w": "P",
    "f": "P",
    "female": "P",
}


def sex(value: Cell) -> str | None:
    """L or P from "Laki-laki", "Perempuan", "Pria", "Wanita", "L", "P"; None when blank."""
    key = " ".join(text(value).lower().replace("-", " ").replace("_", " ").split()).strip(" .")
    if not key:
        return None
    if key in SEX:
        return SEX[key]
    raise ValueProblem("sex_unknown", value=text(value))


def unit_code(value: Cell) -> str:
    """A unit code as Sentra writes it (`IKM-3602-0001234`), from "ikm 3602 1234" and friends;
    "" when blank. A value that is not a code raises `code_invalid`."""
    raw = text(value)
    if not raw:
        return ""
    code = unit_code_parse(raw)
    if code is None:
        raise ValueProblem("code_invalid", value=raw)
    return code


def coordinate(value: Cell, *, limit: int) -> Decimal | None:
    """A latitude (limit 90) or longitude (limit 180) in decimal degrees, with "." or "," as
    the decimal mark ("-6,3512"), rounded to 6 places. Out of range: `coordinate_invalid`."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueProblem("coordinate_invalid", value=text(value), limit=limit)
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        raw = text(value).replace(",", ".").replace("°", "").strip()
        if not raw:
            return None
        if not re.fullmatch(r"[-+]?[0-9]{1,3}(\.[0-9]+)?", raw):
            raise ValueProblem("coordinate_invalid", value=text(value), limit=limit)
        amount = Decimal(raw)
    if abs(amount) > limit:
        raise ValueProblem("coordinate_invalid", value=text(value), limit=limit)
    return amount.quantize(Decimal("0.000001"))


def region_code(value: str) -> str:
    """A Kemendagri code written without dots ("360214", "3602142017") as Sentra stores it
    ("36.02.14", "36.02.14.2017"); anything else unchanged."""
    raw = value.strip()
    if re.fullmatch(r"[0-9]{6}", raw):
        return f"{raw[:2]}.{raw[2:4]}.{raw[4:]}"
    if re.fullmatch(r"[0-9]{10}", raw):
        return f"{raw[:2]}.{raw[2:4]}.{raw[4:6]}.{raw[6:]}"
    return raw


def submission_year(value: Cell) -> int | None:
    """The year of a KoboToolbox/ODK `_submission_time` ("2018-09-12T03:04:05.123+07:00", or
    a date cell)."""
    if isinstance(value, datetime | date):
        return value.year
    match = re.match(r"\s*((?:19|20)[0-9]{2})-[0-9]{2}-[0-9]{2}", text(value))
    return int(match.group(1)) if match else None
