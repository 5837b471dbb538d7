"""A small market, written through the services: Olga's bamboo unit in Pasir Ona (women-owned,
exporting, in the catalog with two products) and Omar's batik unit in Bayah (Halal)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PIL import Image

from sentra.core.actors import SystemActor

PASIR_ONA = "36.02.14.2017"
BAYAH_DESA = "36.02.03.2001"
OLGA_NIK = "3602144202850002"  # day 42: a woman
OLGA_PHONE = "081234567890"
OMAR_NIK = "3602031505700003"


def jpeg(colour: tuple[int, int, int] = (120, 90, 40), size: tuple[int, int] = (800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG")
    return out.getvalue()


@dataclass
class Market:
    users: dict[str, Any]
    bambu: Any
    batik: Any
    kursi: Any
    meja: Any
    batik_tulis: Any


def _unit(person: Any, name: str, commodity: str, desa: str, **extra: Any) -> Any:
    from sentra.registry.models import Commodity
    from sentra.registry.services import UnitData, unit_register

    return unit_register(
        actor=SystemActor("test"),
        owner=person,
        data=UnitData(
            business_name=name,
            commodity=Commodity.objects.get(code=commodity),
            desa_code=desa,
            **extra,
        ),
    )


def product_data(name: str, commodity: str = "mebel", price: int = 550_000, **extra: Any) -> Any:
    from sentra.market.services.catalog import ProductData
    from sentra.registry.models import Commodity

    return ProductData(
        name=name, commodity_id=Commodity.objects.get(code=commodity).pk, price_min=price, **extra
    )


@pytest.fixture
def market(
    reference: None,
    alice_admin: Any,
    ana_analyst: Any,
    rudi_officer_rangkasbitung: Any,
    bayu_officer_bayah: Any,
    omar_owner: Any,
    olga_owner: Any,
    kiki_koperasi: Any,
    kusuma_koperasi: Any,
    putri_partner: Any,
) -> Market:
    from sentra.market.services import catalog, orders
    from sentra.registry.models import CertificateKind
    from sentra.registry.services import (
        PersonData,
        ReportData,
        certificate_add,
        person_link_account,
        person_register,
        report_record,
    )

    olga = person_register(
        actor=SystemActor("test"),
        data=PersonData(nik=OLGA_NIK, name="Olga Sumarni", phone=OLGA_PHONE, consent=True),
    )
    person_link_account(actor=SystemActor("test"), person=olga, user=olga_owner)
    omar = person_register(
        actor=SystemActor("test"), data=PersonData(nik=OMAR_NIK, name="Omar Hidayat", consent=True)
    )
    person_link_account(actor=SystemActor("test"), person=omar, user=omar_owner)
    bambu = _unit(
        olga,
        "Anyaman Bambu Pasir Ona",
        "anyaman",
        PASIR_ONA,
        kampung="Pasir Ona",
        rt="002",
        rw="003",
        address="Kp. Pasir Ona RT 002/RW 003 No. 17",
    )
    batik = _unit(omar, "Batik Seren Taun", "batik-lebak", BAYAH_DESA)
    report_record(
        actor=SystemActor("test"),
        unit=bambu,
        data=ReportData(year=2018, workers_female=3, production_value=240_000_000),
    )
    report_record(
        actor=SystemActor("test"),
        unit=batik,
        data=ReportData(year=2018, workers_male=2, production_value=90_000_000),
    )
    certificate_add(
        actor=SystemActor("test"), unit=batik, kind=CertificateKind.objects.get(code="halal")
    )
    for unit in (bambu, batik):
        catalog.consent_give(actor=SystemActor("test"), unit=unit)
    catalog.profile_update(
        actor=SystemActor("test"),
        unit=bambu,
        data=catalog.ProfileData(
            story="Dikerjakan ibu-ibu kampung Pasir Ona.", home_industry=True, export_ready=True
        ),
    )
    kursi = catalog.product_create(
        actor=SystemActor("test"),
        unit=bambu,
        data=product_data("Kursi Bambu Santai", min_order=10, monthly_capacity=120),
        publish=True,
    )
    catalog.photo_add(actor=SystemActor("test"), product=kursi, content=jpeg(), approved=True)
    meja = catalog.product_create(
        actor=SystemActor("test"),
        unit=bambu,
        data=product_data("Meja Bambu Lipat", price=750_000),
        publish=True,
    )
    batik_tulis = catalog.product_create(
        actor=SystemActor("test"),
        unit=batik,
        data=product_data("Batik Tulis Motif Seren Taun", "batik-lebak", 450_000),
        publish=True,
    )
    orders.agreement_record(
        actor=SystemActor("test"),
        unit=bambu,
        number="PKS/KJ/2018/001",
        share_percent=Decimal("5"),
        valid_from=date(2018, 1, 1),
    )
    users = {
        "admin": alice_admin,
        "analyst": ana_analyst,
        "officer": rudi_officer_rangkasbitung,
        "officer_bayah": bayu_officer_bayah,
        "olga": olga_owner,
        "omar": omar_owner,
        "kiki": kiki_koperasi,
        "kusuma": kusuma_koperasi,
        "partner": putri_partner,
    }
    return Market(
        users=users, bambu=bambu, batik=batik, kursi=kursi, meja=meja, batik_tulis=batik_tulis
    )


def inquiry_data(**overrides: Any) -> Any:
    from sentra.market.services.inquiries import InquiryData

    values = {
        "name": "Oliver Bennett",
        "organisation": "Bennett Home Ltd",
        "country": "GB",
        "email": "oliver@bennett-home.example",
        "quantity": 20,
        "message": "Please quote twenty chairs, FOB Jakarta.",
    }
    values.update(overrides)
    return InquiryData(**values)


def product_url(product: Any) -> str:
    return f"/katalog/{product.pk}-{product.slug}/"
