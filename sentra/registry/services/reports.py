"""Yearly reports and certificates: recording, versioned updates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record, diff, snapshot
from sentra.registry.models import (
    Certificate,
    CertificateKind,
    ExportDestination,
    MarketReach,
    Unit,
    YearlyReport,
)
from sentra.registry.services.changes import registry_changed
from sentra.registry.services.units import ConflictError

REPORT_AUDIT_FIELDS = [
    "is_active",
    "workers_male",
    "workers_female",
    "investment",
    "production_value",
    "capacity",
    "capacity_unit",
    "raw_materials",
    "market_reach",
    "export_value_usd",
]


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


def report_record(*, actor: Any, unit: Unit, data: ReportData) -> YearlyReport:
    """Create or update the unit's record for `data.year`; other years are untouched."""
    _report_validate(data)
    values = {name: getattr(data, name) for name in REPORT_AUDIT_FIELDS}
    with transaction.atomic():
        report = YearlyReport.objects.filter(unit=unit, year=data.year).first()
        before = snapshot(report, REPORT_AUDIT_FIELDS) if report else {}
        if report is None:
            report = YearlyReport.objects.create(unit=unit, year=data.year, **values)
        else:
            for name, value in values.items():
                setattr(report, name, value)
            report.version += 1
            report.save()
        report.export_destinations.exclude(country__in=data.export_countries).delete()
        for country in data.export_countries:
            ExportDestination.objects.get_or_create(report=report, country=country)
        changed_before, changed_after = diff(before, snapshot(report, REPORT_AUDIT_FIELDS))
        audit_record(
            actor=actor,
            action="report.record",
            obj=report,
            summary=f"unit {unit.pk} year {data.year}",
            before=changed_before,
            after=changed_after,
        )
        registry_changed(unit_ids=[unit.pk])
    return report


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
    with transaction.atomic():
        certificate = Certificate.objects.create(
            unit=unit,
            kind=kind,
            number=number.strip(),
            issued_on=issued_on,
            expires_on=expires_on,
        )
        audit_record(
            actor=actor,
            action="certificate.add",
            obj=certificate,
            after=snapshot(certificate, ["unit", "kind", "number", "issued_on", "expires_on"]),
        )
        registry_changed(unit_ids=[unit.pk])
    return certificate


def report_update(
    *, actor: Any, report: YearlyReport, expected_version: int, data: ReportData
) -> YearlyReport:
    """Update a yearly record if nobody saved it since `expected_version`; else raise
    ConflictError. The version is checked in the UPDATE itself (works on SQLite too)."""
    _report_validate(data)
    if data.year != report.year:
        raise ValidationError(
            {"year": ValidationError(_("Tahun laporan tidak dapat diubah."), code="year_fixed")}
        )
    values = {name: getattr(data, name) for name in REPORT_AUDIT_FIELDS}
    with transaction.atomic():
        before = snapshot(report, REPORT_AUDIT_FIELDS)
        before["export_countries"] = sorted(
            report.export_destinations.values_list("country", flat=True)
        )
        updated = YearlyReport.objects.filter(pk=report.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), **values
        )
        if updated == 0:
            raise ConflictError(YearlyReport.objects.get(pk=report.pk))
        report.refresh_from_db()
        report.export_destinations.exclude(country__in=data.export_countries).delete()
        for country in data.export_countries:
            ExportDestination.objects.get_or_create(report=report, country=country)
        after = snapshot(report, REPORT_AUDIT_FIELDS)
        after["export_countries"] = sorted(data.export_countries)
        changed_before, changed_after = diff(before, after)
        audit_record(
            actor=actor,
            action="report.update",
            obj=report,
            summary=f"unit {report.unit_id} year {report.year}",
            before=changed_before,
            after=changed_after,
        )
        registry_changed(unit_ids=[report.unit_id])
    return report
