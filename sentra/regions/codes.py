"""Kemendagri region code rules, independent of the database."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sentra.regions.models import RegionLevel

# The whole country: the home region of a national deployment (`SENTRA_HOME_REGION=ID`).
COUNTRY = "ID"
COUNTRY_NAME = "Indonesia"

_PATTERNS = {
    RegionLevel.PROVINCE: re.compile(r"\d{2}", re.ASCII),
    RegionLevel.REGENCY: re.compile(r"\d{2}\.\d{2}", re.ASCII),
    RegionLevel.DISTRICT: re.compile(r"\d{2}\.\d{2}\.\d{2}", re.ASCII),
    RegionLevel.VILLAGE: re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}", re.ASCII),
}

# Province codes in use by Kemendagri (38 provinces, Papua's new provinces included).
PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "51",
        "52",
        "53",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "81",
        "82",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
    ]
)


def region_level_of(code: str) -> RegionLevel:
    """The level of a well-formed code; raises ValidationError(code='region_code_format')."""
    if code == COUNTRY:
        return RegionLevel.COUNTRY
    for level, pattern in _PATTERNS.items():
        if pattern.fullmatch(code):
            if code[:2] not in PROVINCE_CODES:
                raise ValidationError(
                    _("Kode provinsi %(code)s tidak dikenal."),
                    code="region_code_province",
                    params={"code": code[:2]},
                )
            return RegionLevel(level)
    raise ValidationError(
        _("Kode wilayah %(code)s tidak sesuai format Kemendagri (mis. 36.02.14.2017)."),
        code="region_code_format",
        params={"code": code},
    )


def validate_region_code(code: str, level: RegionLevel | None = None) -> None:
    actual = region_level_of(code)
    if level is not None and actual != level:
        raise ValidationError(
            _("Kode %(code)s bukan kode %(level)s."),
            code="region_code_level",
            params={"code": code, "level": RegionLevel(level).label},
        )


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def region_of_level(code: str, level: int) -> str:
    """The code of the region of `level` containing `code` ("36.02.14" → "36" for a
    province); the country for level 0."""
    if level <= RegionLevel.COUNTRY:
        return COUNTRY
    return ".".join(code.split(".")[:level])


def inside(code: str, field: str = "code") -> Q:
    """Rows whose `field` holds a code strictly inside region `code` (no condition for the
    country: callers of the regions table add a level). One LIKE prefix, which an index on
    the column serves."""
    if code == COUNTRY:
        return Q()
    return Q(**{f"{field}__startswith": code + "."})


def within(code: str, field: str = "code") -> Q:
    """Like `inside`, plus the region itself."""
    if code == COUNTRY:
        return Q()
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def contains_code(region: str, code: str) -> bool:
    """Is `code` the region `region` or inside it?"""
    return region == COUNTRY or code == region or code.startswith(region + ".")


# A prefix is only dropped when a name follows it: "Kota" (a kecamatan of Kediri) and the
# villages "Kabupaten" and "Kelurahan" would otherwise reduce to "".
_PREFIXES = re.compile(
    r"^(kabupaten|kab|kota|kecamatan|kec|desa|ds|kelurahan|kel)\b\.?\s*(?=\w)", re.IGNORECASE
)


def match_name(name: str) -> str:
    """A name reduced for matching: lower case, no prefixes, spaces or punctuation."""
    text = name.strip()
    previous = None
    while previous != text:
        previous = text
        text = _PREFIXES.sub("", text).strip()
    return re.sub(r"[^0-9a-z]", "", text.lower())
