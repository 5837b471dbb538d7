"""Crafted registry data for the reading pages' tests, written through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sentra.core.actors import SystemActor
from sentra.registry.models import CertificateKind, Commodity, LegalForm, Person, Unit
from sentra.registry.services import (
    PersonData,
    ReportData,
    UnitData,
    certificate_add,
    person_register,
    report_record,
    unit_register,
)

RANGKASBITUNG = "36.02.14"
BAYAH = "36.02.03"
PASIR_ONA_DESA = "36.02.14.2017"  # Desa Rangkasbitung Timur
MUARA_CIUJUNG_TIMUR = "36.02.14.1002"
BAYAH_DESA = "36.02.03.2001"

AHMAD_NIK = "3602140101800001"
SITI_NIK = "3602144202850002"  # day 42: a woman born on the 2nd
DEDI_NIK = "3602031505700003"
SITI_PHONE = "081234567890"


@dataclass
class Registry:
    ahmad: Person
    siti: Person
    dedi: Person
    bambu: Unit  # CV. Bambu Pasir Ona, Rangkasbitung, exporting in 2018, Halal
    batik: Unit  # UD Batik Rangkas, Rangkasbitung, women-owned, new in 2018
    gula: Unit  # Gula Aren Bayah, Bayah, closed in 2018 (inactive report)
    mebel: Unit  # PT Mebel Cibeber Jaya, Bayah, inactive, no reports


def _unit(actor: Any, owner: Person, **fields: Any) -> Unit:
    fields["commodity"] = Commodity.objects.get(code=fields["commodity"])
    if "legal_form" in fields:
        fields["legal_form"] = LegalForm.objects.get(code=fields["legal_form"])
    return unit_register(actor=actor, owner=owner, data=UnitData(**fields))


def build_registry(actor: Any = None) -> Registry:
    """Four units in Rangkasbitung and Bayah, with reports for 2017 and 2018."""
    actor = actor or SystemActor("test")
    ahmad = person_register(actor=actor, data=PersonData(nik=AHMAD_NIK, name="Ahmad Sutisna"))
    siti = person_register(
        actor=actor,
        data=PersonData(nik=SITI_NIK, name="Siti Aminah", phone=SITI_PHONE, consent=True),
    )
    dedi = person_register(actor=actor, data=PersonData(nik=DEDI_NIK, name="Dedi Kurnia"))
    bambu = _unit(
        actor,
        ahmad,
        business_name="CV. Bambu Pasir Ona",
        commodity="anyaman",
        desa_code=PASIR_ONA_DESA,
        nib="9120001234567",
        kbli="16291",
        legal_form="cv",
        kampung="Pasir Ona",
        rt="002",
        rw="003",
        year_established=2009,
    )
    report_record(
        actor=actor,
        unit=bambu,
        data=ReportData(year=2017, workers_male=2, workers_female=3, production_value=150_000_000),
    )
    report_record(
        actor=actor,
        unit=bambu,
        data=ReportData(
            year=2018,
            workers_male=3,
            workers_female=4,
            production_value=240_000_000,
            market_reach="ekspor",
            export_value_usd=12_000,
            export_countries=("GB", "DE"),
        ),
    )
    certificate_add(
        actor=actor,
        unit=bambu,
        kind=CertificateKind.objects.get(code="halal"),
        number="ID36110000123",
        issued_on=date(2017, 3, 1),
        expires_on=date(2027, 3, 1),
    )
    batik = _unit(
        actor,
        siti,
        business_name="UD Batik Rangkas",
        commodity="batik-lebak",
        desa_code=MUARA_CIUJUNG_TIMUR,
        nib="9120009876543",
        kbli="13134",
        legal_form="ud",
    )
    report_record(
        actor=actor,
        unit=batik,
        data=ReportData(
            year=2018,
            workers_female=5,
            workers_male=1,
            production_value=90_000_000,
            market_reach="nasional",
        ),
    )
    certificate_add(
        actor=actor, unit=batik, kind=CertificateKind.objects.get(code="pirt"), number="P-1"
    )
    gula = _unit(
        actor,
        dedi,
        business_name="Gula Aren Bayah",
        commodity="gula-aren",
        desa_code=BAYAH_DESA,
        kbli="10722",
    )
    report_record(
        actor=actor,
        unit=gula,
        data=ReportData(year=2017, workers_female=2, production_value=20_000_000),
    )
    report_record(actor=actor, unit=gula, data=ReportData(year=2018, is_active=False))
    mebel = _unit(
        actor,
        dedi,
        business_name="PT Mebel Cibeber Jaya",
        commodity="mebel",
        desa_code=BAYAH_DESA,
        status="tidak_aktif",
    )
    return Registry(
        ahmad=ahmad, siti=siti, dedi=dedi, bambu=bambu, batik=batik, gula=gula, mebel=mebel
    )
