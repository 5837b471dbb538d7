"""Synthetic certificates (P-IRT, Halal, HKI/merek, BPOM, organik) with numbers and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from random import Random
from typing import Protocol

from sentra.demo.profiles import PROFILES

AS_OF = date(2018, 12, 31)  # the demo describes the registry as reported for 2018
VALID_YEARS = {"pirt": 5, "halal": 2, "hki": 10, "bpom": 5, "organik": 3}


class _UnitLike(Protocol):
    commodity: str
    desa: str
    year_established: int
    export_from: int | None


@dataclass(frozen=True)
class CertificateRow:
    kind: str  # CertificateKind code
    number: str
    issued_on: date | None
    expires_on: date | None
    status: str


def _issued(rng: Random, established: int) -> date:
    first = date(max(established, 2012), 1, 1).toordinal()
    return date.fromordinal(rng.randint(first, date(2018, 10, 31).toordinal()))


def _number(rng: Random, kind: str, issued: date, expires: date) -> str:
    if kind == "pirt":
        head = f"{rng.randint(1, 5)}{rng.randint(1, 16):02d}3602{rng.randint(1, 9):02d}"
        return f"{head}{rng.randint(1, 2999):04d}-{expires.year % 100:02d}"
    if kind == "halal":
        return f"3610{rng.randint(1, 99999):06d}{issued.month:02d}{issued.year % 100:02d}"
    if kind == "hki":
        return f"IDM000{rng.randint(100_000, 699_999)}"
    if kind == "bpom":
        return f"BPOM RI MD {rng.randrange(10**12):012d}"
    return f"LSO-{rng.randint(1, 30):03d}-IDN-{rng.randint(1, 9999):04d}"


def _certificate(rng: Random, kind: str, established: int) -> CertificateRow:
    if rng.random() < 0.03:
        return CertificateRow(
            kind=kind, number="", issued_on=None, expires_on=None, status="proses"
        )
    issued = _issued(rng, established)
    expires = issued.replace(year=issued.year + VALID_YEARS[kind], day=min(issued.day, 28))
    status = "berlaku" if expires >= AS_OF else "kedaluwarsa"
    return CertificateRow(
        kind=kind,
        number=_number(rng, kind, issued, expires),
        issued_on=issued,
        expires_on=expires,
        status=status,
    )


def certificates_for(rng: Random, unit: _UnitLike) -> list[CertificateRow]:
    """The certificates a unit holds: food and palm sugar carry P-IRT and Halal, batik and
    exporters register their marks."""
    profile = PROFILES[unit.commodity]
    kinds: list[str] = []
    if rng.random() < profile.pirt:
        kinds.append("pirt")
    if ("pirt" in kinds and rng.random() < 0.5) or rng.random() < profile.halal * 0.1:
        kinds.append("halal")
    hki = profile.hki
    if unit.export_from:
        hki = 0.5 if unit.commodity == "anyaman" else 0.3
        if unit.commodity == "gula-aren":
            kinds += [k for k in ("pirt", "halal", "organik") if k not in kinds]
    if rng.random() < hki:
        kinds.append("hki")
    if rng.random() < profile.bpom:
        kinds.append("bpom")
    return [_certificate(rng, kind, unit.year_established) for kind in kinds]
