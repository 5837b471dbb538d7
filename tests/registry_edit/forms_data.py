"""POST bodies for the editing forms."""

from __future__ import annotations

from typing import Any

from sentra.registry.forms import unit_initial
from sentra.registry.models import Commodity, Unit

NEW_NIK = "3602145507900004"  # a woman born 15 July 1990, registered in Rangkasbitung


def unit_create_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "owner_nik": NEW_NIK,
        "owner_name": "Siti Aminah",
        "owner_sex": "",
        "owner_phone": "",
        "business_name": "Batik Siti",
        "nib": "",
        "legal_form": "",
        "kbli": "13134",
        "commodity": Commodity.objects.get(code="batik-lebak").pk,
        "desa": "36.02.14.2017",
        "kampung": "Pasir Ona",
        "rt": "001",
        "rw": "002",
        "address": "",
        "year_established": "2015",
        "status": "aktif",
    }
    data.update(overrides)
    return data


def unit_edit_post(unit: Unit, **overrides: Any) -> dict[str, Any]:
    unit.refresh_from_db()
    data = {k: ("" if v is None else v) for k, v in unit_initial(unit).items()}
    data.update(overrides)
    return data
