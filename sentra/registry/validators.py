"""Validators for official identifiers: NIK, NIB and KBLI codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sentra.regions.codes import PROVINCE_CODES

# ASCII only: `\d` also matches Arabic-Indic and full-width digits, which the database
# constraints (and every other system holding a NIK/NIB) reject.
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class NikFacts:
    """What a NIK says about its holder (Kemendagri layout PP KK CC DDMMYY SSSS)."""

    province: str
    regency: str
    district: str
    birth_day: int
    birth_month: int
    birth_year_2digit: int
    sex: str  # "L" or "P": women's NIKs carry the birth day plus 40


def nik_normalise(value: str) -> str:
    """Strip what people type around a NIK: spaces, dots, dashes, a leading apostrophe."""
    return re.sub(r"[\s.\-']", "", str(value)).lstrip("'")


def nik_validate(value: str) -> NikFacts:
    """Check a NIK; raises ValidationError with a precise `code`. A NIK registered outside the
    deployment's region is valid (owners move)."""
    nik = nik_normalise(value)
    if not _DIGITS.fullmatch(nik or "x"):
        raise ValidationError(_("NIK hanya boleh berisi angka."), code="nik_not_digits")
    if len(nik) != 16:
        raise ValidationError(
            _("NIK harus 16 digit, bukan %(length)s digit."),
            code="nik_length",
            params={"length": len(nik)},
        )
    if nik[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("Kode provinsi NIK (%(code)s) tidak dikenal."),
            code="nik_province",
            params={"code": nik[:2]},
        )
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "L"
    if 41 <= day <= 71:
        sex, day = "P", day - 40
    if not 1 <= day <= 31:
        raise ValidationError(
            _("Tanggal lahir pada NIK (%(day)s) harus 01–31, atau 41–71 untuk perempuan."),
            code="nik_day",
            params={"day": nik[6:8]},
        )
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Bulan lahir pada NIK (%(month)s) harus 01–12."),
            code="nik_month",
            params={"month": nik[8:10]},
        )
    if nik[12:] == "0000":
        raise ValidationError(_("Nomor urut NIK tidak boleh 0000."), code="nik_serial")
    return NikFacts(
        province=nik[:2],
        regency=nik[:4],
        district=nik[:6],
        birth_day=day,
        birth_month=month,
        birth_year_2digit=year,
        sex=sex,
    )


def nik_birth_date(facts: NikFacts, *, today: date | None = None) -> date | None:
    """The birth date a NIK encodes, or None when the day does not exist in that month."""
    today = today or date.today()
    century = 2000 if 2000 + facts.birth_year_2digit <= today.year else 1900
    try:
        return date(century + facts.birth_year_2digit, facts.birth_month, facts.birth_day)
    except ValueError:
        return None


def nib_normalise(value: str) -> str:
    return re.sub(r"[\s.\-']", "", str(value))


def nib_validate(value: str) -> str:
    """NIB (Nomor Induk Berusaha from OSS): exactly 13 digits. Returns the normalised NIB."""
    nib = nib_normalise(value)
    if not _DIGITS.fullmatch(nib or "x"):
        raise ValidationError(_("NIB hanya boleh berisi angka."), code="nib_not_digits")
    if len(nib) != 13:
        raise ValidationError(
            _("NIB harus 13 digit, bukan %(length)s digit."),
            code="nib_length",
            params={"length": len(nib)},
        )
    return nib


def kbli_validate(value: str, *, known: set[str] | frozenset[str]) -> tuple[str, str | None]:
    """KBLI: five digits. Returns (code, warning); an unknown code is kept with a warning,
    because the reference list may lag behind the official one."""
    code = str(value).strip()
    if not re.fullmatch(r"[0-9]{5}", code):
        raise ValidationError(_("Kode KBLI harus 5 digit angka (mis. 13134)."), code="kbli_format")
    if code not in known:
        return code, str(_("Kode KBLI %(code)s tidak ada dalam daftar KBLI 2020.") % {"code": code})
    return code, None


def phone_normalise(value: str) -> str:
    """Indonesian phone numbers as digits with a leading 0 (`+62 812-...` → `0812...`)."""
    digits = re.sub(r"[^\d+]", "", str(value))
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits


def phone_validate(value: str) -> str:
    phone = phone_normalise(value)
    if not re.fullmatch(r"0[0-9]{8,13}", phone):
        raise ValidationError(
            _("Nomor telepon harus 9–14 digit dan diawali 0 atau +62."), code="phone_format"
        )
    return phone
