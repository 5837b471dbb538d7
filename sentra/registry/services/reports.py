"""Yearly reports and certificates: recording, versioned updates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.registry.models import (
    Certificate,
    CertificateKind,
    MarketReach,
    Unit,
    YearlyReport,
)
from sentra.registry.services.people import ConflictError
from sentra.registry.services.upsert import (
    CertificateItem,
    ReportItem,
    UnitItem,
    VersionConflict,
    units_upsert,
)
from sentra.registry.services.upsert.items import REPORT_FIELDS

# The fields of a yearly record a write may set (the bulk writer's list).
# The yearly record form does not edit foreign workers (they come from OSS exports): leaving
# the field out keeps the recorded number when an officer saves the form.
REPORT_AUDIT_FIELDS = [name for name in REPORT_FIELDS if name != "workers_foreign"]


@dataclass
class ReportData:
    year: int
    is_active: bool = True
    workers_male: int = 0
    workers_female: int = 0
    investment: int = 0
    production_value: int = 0
    capacity: int | None = None
    capacity_unit: str = ""
    raw_materials: str = ""
    market_reach: str = MarketReach.LOCAL
    export_value_usd: int = 0
    export_countries: tuple[str, ...] = ()


def _report_validate(data: ReportData) -> None:
    errors: dict[str, ValidationError] = {}
    this_year = timezone.localdate().year
    if not 1900 <= data.year <= this_year:
        errors["year"] = ValidationError(
            _("Tahun laporan harus antara 1900 dan %(year)s."),
            code="year_range",
            params={"year": this_year},
        )
    for name in (
        "workers_male",
        "workers_female",
        "investment",
        "production_value",
        "export_value_usd",
    ):
        if getattr(data, name) < 0:
            errors[name] = ValidationError(_("Nilai tidak boleh negatif."), code="negative")
    if data.capacity is not None and data.capacity < 0:  # else the database refuses it
        errors["capacity"] = ValidationError(_("Nilai tidak boleh negatif."), code="negative")
    for country in data.export_countries:
        if not (len(country) == 2 and country.isalpha() and country.isupper()):
            errors["export_countries"] = ValidationError(
                _("Kode negara %(country)s harus kode ISO 3166 dua huruf (mis. GB)."),
                code="country_code",
                params={"country": country},
            )
    if data.export_countries and data.market_reach != MarketReach.EXPORT:
        errors["market_reach"] = ValidationError(
            _("Unit dengan tujuan ekspor harus berjangkauan pasar ekspor."),
            code="export_reach",
        )
    if errors:
        raise ValidationError(errors)


def _report_item(data: ReportData, expected_version: int | None = None) -> ReportItem:
    return ReportItem(
        year=data.year,
        values={name: getattr(data, name) for name in REPORT_AUDIT_FIELDS},
        countries=dict.fromkeys(data.export_countries),
        expected_version=expected_version,
    )


def report_record(*, actor: Any, unit: Unit, data: ReportData) -> YearlyReport:
    """Create or update the unit's record for `data.year`; other years are untouched."""
    _report_validate(data)
    units_upsert(actor=actor, items=[UnitItem(unit_id=unit.pk, reports=[_report_item(data)])])
    return YearlyReport.objects.get(unit=unit, year=data.year)


def certificate_add(
    *,
    actor: Any,
    unit: Unit,
    kind: CertificateKind,
    number: str = "",
    issued_on: Any = None,
    expires_on: Any = None,
) -> Certificate:
    if issued_on and expires_on and expires_on < issued_on:
        raise ValidationError(
            {
                "expires_on": ValidationError(
                    _("Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."),
                    code="dates_order",
                )
            }
        )
    item = CertificateItem(
        kind=kind.code, number=number.strip(), issued_on=issued_on, expires_on=expires_on
    )
    with transaction.atomic():
        units_upsert(actor=actor, items=[UnitItem(unit_id=unit.pk, certificates=[item])])
        return Certificate.objects.filter(unit=unit, kind=kind).latest("pk")


def report_update(
    *, actor: Any, report: YearlyReport, expected_version: int, data: ReportData
) -> YearlyReport:
    """Update a yearly record if nobody saved it since `expected_version`; else raise
    ConflictError. The version is checked before writing, inside the write transaction."""
    _report_validate(data)
    if data.year != report.year:
        raise ValidationError(
            {"year": ValidationError(_("Tahun laporan tidak dapat diubah."), code="year_fixed")}
        )
    item = UnitItem(unit_id=report.unit_id, reports=[_report_item(data, expected_version)])
    try:
        units_upsert(actor=actor, items=[item])
    except VersionConflict:
        raise ConflictError(YearlyReport.objects.get(pk=report.pk)) from None
    report.refresh_from_db()
    return report
