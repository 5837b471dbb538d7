"""The JSON export lists each unit's product lines as `products`, and the JSON import reads them
back: unchanged products leave the unit unchanged, a changed capacity updates that line only,
a product missing from the file is kept (a blank never erases)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.exchange.export import units_export
from sentra.exchange.importer import import_file
from sentra.registry.models import ProductLine, Unit
from tests.exchange.sources import oss_file, oss_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(reference: None, tmp_path: Path) -> list[dict[str, Any]]:
    units = oss_units(31, 2, max_products=1)
    units[0].products = [("GULA AREN CETAK", "10722", "gula-aren"), ("BESEK BAMBU", "16291", "")]
    units[0].workers, units[0].capital = units[0].workers * 2, units[0].capital * 2
    import_file(
        actor=SystemActor("cli"),
        path=oss_file(tmp_path / "oss.xlsx", units),
        file_name="oss.xlsx",
        year=2021,
    )
    data = units_export(
        actor=SystemActor("cli"), units=Unit.objects.all(), fmt="json", year=2021, personal=False
    )
    return list(json.loads(data))


def _import_json(tmp_path: Path, data: list[dict[str, Any]]) -> dict[str, Any]:
    path = tmp_path / "ekspor.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return import_file(actor=SystemActor("cli"), path=path, file_name=path.name).report


def test_the_json_export_lists_every_product_line_of_a_unit(
    exported: list[dict[str, Any]],
) -> None:
    sugar = next(d for d in exported if len(d["products"]) == 2)
    assert sugar["products"] == [
        {"name": "GULA AREN CETAK", "kbli": "10722", "capacity": 1010, "capacity_unit": "Kilogram",
         "commodity": "Gula Aren"},
        {"name": "BESEK BAMBU", "kbli": "16291", "capacity": 1020, "capacity_unit": "Kilogram",
         "commodity": "Anyam-anyaman"},
    ]  # fmt: skip
    assert sugar["nik"] is None  # not recorded: null, never a label
    assert sugar["owner_name"] == sugar["business_name"]  # an Orang Perseorangan NIB


def test_unchanged_products_leave_the_unit_unchanged(
    exported: list[dict[str, Any]], tmp_path: Path
) -> None:
    report = _import_json(tmp_path, exported)
    assert (report["created"], report["updated"], report["rejected"]) == (0, 0, 0)


def test_a_changed_capacity_updates_that_line_and_a_missing_product_is_kept(
    exported: list[dict[str, Any]], tmp_path: Path
) -> None:
    sugar = next(d for d in exported if len(d["products"]) == 2)
    sugar["products"] = [{**sugar["products"][0], "capacity": 2.5, "capacity_unit": "ton"}]
    report = _import_json(tmp_path, exported)
    assert (report["created"], report["updated"]) == (0, 1)
    lines = ProductLine.objects.filter(unit_id=sugar["id"]).order_by("position")
    assert [(p.name, p.capacity, p.capacity_unit) for p in lines] == [
        ("GULA AREN CETAK", Decimal("2.5"), "ton"),
        ("BESEK BAMBU", Decimal("1020"), "Kilogram"),
    ]


def test_a_products_value_that_is_not_a_list_of_named_objects_rejects_the_row(
    exported: list[dict[str, Any]], tmp_path: Path
) -> None:
    exported[0]["products"] = [{"kbli": "10722"}]
    report = _import_json(tmp_path, exported)
    assert [i["code"] for i in report["rows"][0]["issues"]] == ["products_invalid"]
