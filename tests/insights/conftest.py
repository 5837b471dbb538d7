"""A crafted registry over three years for the insights tests."""

from __future__ import annotations

from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.registry.models import CertificateKind, Commodity
from sentra.registry.services import (
    PersonData,
    ReportData,
    UnitData,
    certificate_add,
    person_register,
    report_record,
    unit_register,
)


def make_unit(
    nik: str, name: str, desa: str, commodity: str, reports: dict[int, Any], sex: str = "L"
) -> Any:
    owner = person_register(
        actor=SystemActor("test"), data=PersonData(nik=nik, name=f"Pemilik {name}", sex=sex)
    )
    unit = unit_register(
        actor=SystemActor("test"),
        owner=owner,
        data=UnitData(
            business_name=name, commodity=Commodity.objects.get(code=commodity), desa_code=desa
        ),
    )
    for year, report in reports.items():
        report_record(actor=SystemActor("test"), unit=unit, data=ReportData(year=year, **report))
    return unit


EXPORT = {"market_reach": "ekspor"}


@pytest.fixture
def crafted(reference: None) -> dict[str, Any]:
    """Seven units in Rangkasbitung and Bayah over 2016–2018: openings, a closure, exports,
    women owners and a certificate."""
    units = {
        "ona": make_unit(
            "3602140101800001",
            "Anyaman Pasir Ona",
            "36.02.14.2017",
            "anyaman",
            {
                2016: {"workers_male": 1, "workers_female": 2},
                2017: {
                    "workers_male": 2,
                    "workers_female": 3,
                    **EXPORT,
                    "export_value_usd": 900,
                    "export_countries": ("GB",),
                },
                2018: {
                    "workers_male": 3,
                    "workers_female": 4,
                    **EXPORT,
                    "export_value_usd": 1500,
                    "export_countries": ("GB", "DE"),
                },
            },
            sex="P",
        ),
        "ona2": make_unit(
            "3602144202850002",
            "Bambu Ona Dua",
            "36.02.14.2017",
            "anyaman",
            {
                2017: {"workers_female": 2},
                2018: {"workers_female": 2, **EXPORT, "export_countries": ("DE",)},
            },
            sex="P",
        ),
        "ona3": make_unit(
            "3602140303700003",
            "Bambu Ona Tiga",
            "36.02.14.2017",
            "anyaman",
            {2018: {"workers_male": 2, **EXPORT, "export_countries": ("DE",)}},
        ),
        "gula": make_unit(
            "3602034505750004",
            "Gula Aren Bayah",
            "36.02.03.2001",
            "gula-aren",
            {2016: {"workers_female": 1}, 2017: {"workers_female": 2}, 2018: {"is_active": False}},
            sex="P",
        ),
        "batik": make_unit(
            "3602141203900005",
            "Batik Rangkas",
            "36.02.14.1002",
            "batik-lebak",
            {
                2018: {
                    "workers_male": 1,
                    "workers_female": 5,
                    "market_reach": "nasional",
                    "production_value": 50_000_000,
                }
            },
        ),
        "bilik": make_unit(
            "3602031203900006",
            "Bilik Bayah",
            "36.02.03.2001",
            "bilik",
            {2016: {"workers_male": 2}, 2017: {"workers_male": 2}, 2018: {"workers_male": 3}},
        ),
        "mebel": make_unit(
            "3602031203900007",
            "Mebel Bayah",
            "36.02.03.2001",
            "mebel",
            {2017: {"workers_male": 4, "market_reach": "regional"}},
        ),
    }
    certificate_add(
        actor=SystemActor("test"),
        unit=units["batik"],
        kind=CertificateKind.objects.order_by("pk").first(),
    )
    return units
