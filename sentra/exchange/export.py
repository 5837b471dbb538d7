"""Exporting units with the import template's columns (xlsx, csv, json), and the blank
template. An exported file imports back as "unchanged".

An owner whose NIK is not recorded has an empty `nik` cell (null in JSON), never a label. The
JSON export adds each unit's product lines as `products`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from sentra.core import protect, xlsx
from sentra.core.actors import Actor
from sentra.core.audit import audit_record
from sentra.exchange.columns import COLUMNS, KEYS
from sentra.registry.models import (
    Certificate,
    MarketReach,
    ProductLine,
    Sex,
    Unit,
    UnitStatus,
    YearlyReport,
)

FORMATS = ("xlsx", "csv", "json")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def export_year(year: int | None) -> int:
    if year:
        return year
    latest = YearlyReport.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year


def export_queryset(units: QuerySet[Unit], *, year: int) -> QuerySet[Unit]:
    return (
        units.select_related("owner", "commodity", "desa", "kecamatan")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=YearlyReport.objects.filter(year=year).prefetch_related(
                    "export_destinations"
                ),
                to_attr="year_reports",
            ),
            Prefetch(
                "product_lines",
                queryset=ProductLine.objects.select_related("commodity").order_by("position", "id"),
                to_attr="export_products",
            ),
            Prefetch(
                "certificates",
                queryset=Certificate.objects.filter(
                    kind__code__in=["pirt", "halal", "hki"]
                ).select_related("kind"),
                to_attr="template_certificates",
            ),
        )
        .order_by("kecamatan_id", "desa_id", "match_name", "id")
    )


def status_in_year(unit: Unit, report: YearlyReport | None) -> str:
    """The unit's status as a file for one year states it: active or not in that year's
    record, else the unit's current status (importing it back changes nothing)."""
    if report is None:
        return unit.status
    if report.is_active:
        return UnitStatus.ACTIVE
    return unit.status if unit.status != UnitStatus.ACTIVE else UnitStatus.INACTIVE


def unit_rows(units: Iterable[Unit], *, personal: bool, year: int) -> Iterator[dict[str, Any]]:
    """One dict per unit with the template keys plus id, kecamatan_code, desa_code."""
    reach_labels = {choice.value: str(choice.label) for choice in MarketReach}
    status_labels = {choice.value: str(choice.label) for choice in UnitStatus}
    sex_labels = {choice.value: str(choice.label) for choice in Sex}
    sex_labels[""] = ""
    for unit in units:
        reports = getattr(unit, "year_reports", [])
        report = reports[0] if reports else None
        certs = {c.kind.code for c in getattr(unit, "template_certificates", [])}
        owner = unit.owner
        nik: str | None
        if personal:
            nik = protect.decrypt(owner.nik_encrypted) if owner.nik_encrypted else None
            phone = protect.decrypt(owner.phone_encrypted) if owner.phone_encrypted else ""
        else:
            nik, phone = owner.nik_masked or None, owner.phone_masked
        yield {
            "id": unit.pk,
            "code": unit.code,
            "year": year,
            "business_name": unit.business_name,
            "owner_name": owner.name,
            "sex": sex_labels.get(owner.sex, owner.sex),
            "nik": nik,
            "nib": unit.nib,
            "address": unit.address,
            "desa": unit.desa.name,
            "kecamatan": unit.kecamatan.name,
            "commodity": unit.commodity.name,
            "kbli": unit.kbli,
            "workers_male": report.workers_male if report else None,
            "workers_female": report.workers_female if report else None,
            "workers_foreign": report.workers_foreign if report else None,
            "investment": report.investment if report else None,
            "production_value": report.production_value if report else None,
            "year_established": unit.year_established,
            "status": status_labels[status_in_year(unit, report)],
            "market_reach": reach_labels.get(report.market_reach, "") if report else "",
            "export_countries": ", ".join(
                sorted(d.country for d in report.export_destinations.all())
            )
            if report
            else "",
            "export_value": report.export_value_usd if report else None,
            "pirt": "Ya" if "pirt" in certs else "Tidak",
            "halal": "Ya" if "halal" in certs else "Tidak",
            "hki": "Ya" if "hki" in certs else "Tidak",
            "phone": phone,
            "latitude": _degrees(unit.latitude),
            "longitude": _degrees(unit.longitude),
            "kecamatan_code": unit.kecamatan_id,
            "desa_code": unit.desa_id,
            "products": [
                {
                    "name": p.name,
                    "kbli": p.kbli,
                    "capacity": _number(p.capacity),
                    "capacity_unit": p.capacity_unit,
                    "commodity": p.commodity.name,
                }
                for p in getattr(unit, "export_products", [])
            ],
        }


def _degrees(value: Decimal | None) -> float | None:
    """Coordinates as numbers with their six decimals (read back to the same Decimal)."""
    return float(value) if value is not None else None


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


TEXT_KEYS = {"nik", "nib", "kbli", "phone"}  # identifiers: kept as text, never numbers


def _cell(key: str, value: Any) -> Any:
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else value


def write_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    for row in rows:
        writer.writerow([_cell(k, row[k]) for k in KEYS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_json(rows: Iterable[dict[str, Any]]) -> bytes:
    return json.dumps(list(rows), ensure_ascii=False, indent=1).encode("utf-8")


def write_xlsx(rows: Iterable[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Unit IKM")
    kinds = {"year_established": xlsx.YEAR, **dict.fromkeys(TEXT_KEYS, xlsx.TEXT)}
    xlsx.table_write(
        sheet,
        [xlsx.Column(c.header, kinds.get(c.key, xlsx.AUTO)) for c in COLUMNS],
        ([_cell(key, row[key]) for key in KEYS] for row in rows),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WRITERS = {"xlsx": write_xlsx, "csv": write_csv, "json": write_json}


def units_export(
    *, actor: Actor, units: QuerySet[Unit], fmt: str, year: int, personal: bool
) -> bytes:
    """The file's bytes. Exporting personal data in clear is audited."""
    rows = unit_rows(
        export_queryset(units, year=year).iterator(chunk_size=1000), personal=personal, year=year
    )
    if fmt != "json":
        rows = ({k: v for k, v in r.items() if k in KEYS} for r in rows)
    data = WRITERS[fmt](rows)
    audit_record(
        actor=actor,
        action="units.export_personal" if personal else "units.export",
        object_type="registry.unit",
        summary=f"{fmt} year {year}{' with NIK and phone' if personal else ''}",
    )
    return data
