"""Writes to the registry. Every function validates, runs in one transaction and audits."""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import protect
from sentra.core.audit import audit_record, diff, snapshot
from sentra.core.extensions import extension_callables
from sentra.core.models import ReferenceDataset
from sentra.regions.models import Region, RegionLevel
from sentra.registry.models import (
    Certificate,
    CertificateKind,
    Commodity,
    ExportDestination,
    KbliCode,
    LegalForm,
    MarketReach,
    Person,
    Unit,
    UnitStatus,
    Verification,
    YearlyReport,
)
from sentra.registry.names import business_match_name
from sentra.registry.validators import (
    kbli_validate,
    nib_validate,
    nik_normalise,
    nik_validate,
    phone_validate,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
logger = logging.getLogger(__name__)

UNIT_AUDIT_FIELDS = [
    "business_name",
    "owner",
    "nib",
    "legal_form",
    "kbli",
    "kbli_version",
    "commodity",
    "desa",
    "kampung",
    "rt",
    "rw",
    "address",
    "latitude",
    "longitude",
    "year_established",
    "status",
    "cluster",
    "data_source",
    "verification",
]
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


def registry_changed(*, unit_ids: list[int]) -> None:
    """Tell later apps (statistics) which units changed, once the transaction commits.

    The hooks are dotted paths in settings.SENTRA_REPORT_CHANGE_HOOKS, called as
    `hook(unit_ids=[...])`. Changed ids collect on the connection and the first callback to
    run after a commit hands all of them over at once, so a transaction that touches many
    units calls each hook once; the callbacks after it find nothing left to do. Ids left by a
    rolled-back transaction only cause a harmless recount. A failing hook is logged and never
    undoes the write."""
    connection = transaction.get_connection()
    pending: set[int] | None = getattr(connection, "sentra_changed_units", None)
    if pending is None:
        pending = connection.sentra_changed_units = set()
    pending.update(unit_ids)
    transaction.on_commit(lambda: _changes_flush(connection))


def _changes_flush(connection: Any) -> None:
    changed = sorted(connection.sentra_changed_units or ())
    connection.sentra_changed_units = set()
    if not changed:
        return
    for hook in extension_callables("SENTRA_REPORT_CHANGE_HOOKS"):
        try:
            hook(unit_ids=changed)
        except Exception:  # a statistics hook must never undo a committed write
            logger.exception("change hook %s failed", getattr(hook, "__name__", hook))


class ConflictError(Exception):
    """Someone else saved the record first; the caller shows both versions."""

    def __init__(self, current: Any) -> None:
        super().__init__("version conflict")
        self.current = current


# --- reference data -------------------------------------------------------------------------


def reference_load(*, actor: Any) -> dict[str, int]:
    """Load commodities, legal forms, certificate kinds and KBLI codes. Idempotent: existing
    rows keep admins' edits to names and synonyms; missing rows are added."""
    data = json.loads((DATA_DIR / "reference.json").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    with transaction.atomic():
        for order, item in enumerate(data["commodities"]):
            Commodity.objects.get_or_create(
                code=item["code"],
                defaults={"name": item["name"], "synonyms": item["synonyms"], "sort_order": order},
            )
        counts["commodities"] = Commodity.objects.count()
        for order, item in enumerate(data["legal_forms"]):
            LegalForm.objects.get_or_create(
                code=item["code"], defaults={"name": item["name"], "sort_order": order}
            )
        counts["legal_forms"] = LegalForm.objects.count()
        for order, item in enumerate(data["certificate_kinds"]):
            CertificateKind.objects.get_or_create(
                code=item["code"], defaults={"name": item["name"], "sort_order": order}
            )
        counts["certificate_kinds"] = CertificateKind.objects.count()
        counts["kbli"] = kbli_load(actor=actor, path=DATA_DIR / "kbli2020_c.csv", version="2020")
        ReferenceDataset.objects.update_or_create(
            name="registry-reference",
            defaults={
                "source": "Sentra reference.json (commodities from the 2018 Lebak report)",
                "version": data["version"],
                "rows": sum(counts.values()),
            },
        )
        audit_record(
            actor=actor,
            action="reference.load",
            object_type="registry.reference",
            summary=json.dumps(counts),
        )
    return counts


def kbli_load(*, actor: Any, path: Path, version: str = "2020") -> int:
    """Load KBLI codes from a CSV with `code,title` columns (e.g. the full official list)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [
            KbliCode(code=row["code"].strip(), version=version, title=row["title"].strip())
            for row in csv.DictReader(fh)
        ]
    for row in rows:
        if not (len(row.code) == 5 and row.code.isdigit()):
            raise ValidationError(
                _("Kode KBLI %(code)s tidak 5 digit."),
                code="kbli_format",
                params={"code": row.code},
            )
    with transaction.atomic():
        KbliCode.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["version", "code"],
            update_fields=["title"],
        )
        ReferenceDataset.objects.update_or_create(
            name=f"kbli-{version}",
            defaults={"source": path.name, "version": version, "rows": len(rows)},
        )
        audit_record(
            actor=actor,
            action="kbli.load",
            object_type="registry.kblicode",
            summary=f"{len(rows)} KBLI {version} codes from {path.name}",
        )
    return len(rows)


def known_kbli_codes(version: str = "2020") -> frozenset[str]:
    return frozenset(KbliCode.objects.filter(version=version).values_list("code", flat=True))


# --- people ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonData:
    nik: str
    name: str
    sex: str | None = None
    phone: str = ""
    consent: bool = False


def _person_fields(data: PersonData) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    facts = None
    try:
        facts = nik_validate(data.nik)
    except ValidationError as exc:
        errors["nik"] = exc.error_list
    name = data.name.strip()
    if not name:
        errors["name"] = [ValidationError(_("Nama pemilik wajib diisi."), code="required")]
    if data.sex not in (None, "", "L", "P"):
        errors["sex"] = [ValidationError(_("Jenis kelamin harus L atau P."), code="sex_invalid")]
    phone = ""
    if data.phone:
        try:
            phone = phone_validate(data.phone)
        except ValidationError as exc:
            errors["phone"] = exc.error_list
    if errors:
        raise ValidationError(errors)
    assert facts is not None
    nik = nik_normalise(data.nik)
    fields: dict[str, Any] = {
        "name": name,
        "sex": data.sex or facts.sex,
        "nik_digest": protect.digest(nik),
        "nik_encrypted": protect.encrypt(nik),
        "nik_masked": protect.mask_nik(nik),
        "consent": data.consent,
    }
    if phone:
        fields["phone_encrypted"] = protect.encrypt(phone)
        fields["phone_masked"] = protect.mask_phone(phone)
    return fields


def person_find_by_nik(*, nik: str) -> Person | None:
    return Person.objects.filter(nik_digest=protect.digest(nik_normalise(nik))).first()


def person_register(*, actor: Any, data: PersonData) -> Person:
    fields = _person_fields(data)
    with transaction.atomic():
        if Person.objects.filter(nik_digest=fields["nik_digest"]).exists():
            raise ValidationError(
                {"nik": ValidationError(_("NIK ini sudah terdaftar."), code="nik_exists")}
            )
        if fields["consent"]:
            fields["consent_at"] = timezone.now()
        person = Person.objects.create(**fields)
        audit_record(
            actor=actor,
            action="person.register",
            obj=person,
            after=snapshot(person, ["name", "sex", "nik_masked", "consent"]),
        )
    return person


def person_link_account(*, actor: Any, person: Person, user: Any) -> Person:
    """Give an owner's account access to the person's units (None unlinks)."""
    with transaction.atomic():
        before = {"account": person.account_id}
        person.account = user
        person.save(update_fields=["account", "updated_at"])
        audit_record(
            actor=actor,
            action="person.link_account",
            obj=person,
            before=before,
            after={"account": person.account_id},
        )
    return person


def person_reveal(*, actor: Any, person: Person, field: str) -> str:
    """The clear NIK or phone of a person, for a user allowed to see it. Audited."""
    if field not in {"nik", "phone"}:
        raise ValueError(field)
    token = person.nik_encrypted if field == "nik" else person.phone_encrypted
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=f"person.reveal_{field}",
            obj=person,
            summary=f"{field} shown",
        )
    return protect.decrypt(token) if token else ""


# --- units ----------------------------------------------------------------------------------


@dataclass
class UnitData:
    business_name: str
    commodity: Commodity
    desa_code: str
    nib: str = ""
    kbli: str = ""
    legal_form: LegalForm | None = None
    kampung: str = ""
    rt: str = ""
    rw: str = ""
    address: str = ""
    year_established: int | None = None
    status: str = UnitStatus.ACTIVE
    data_source: str = "survei"


def _unit_fields(data: UnitData, warnings: list[str]) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    name = data.business_name.strip()
    if not name:
        errors.setdefault("business_name", []).append(
            ValidationError(_("Nama usaha wajib diisi."), code="required")
        )
    nib = ""
    if data.nib:
        try:
            nib = nib_validate(data.nib)
        except ValidationError as exc:
            errors.setdefault("nib", []).extend(exc.error_list)
    kbli = ""
    if data.kbli:
        try:
            kbli, warning = kbli_validate(data.kbli, known=known_kbli_codes())
            if warning:
                warnings.append(warning)
        except ValidationError as exc:
            errors.setdefault("kbli", []).extend(exc.error_list)
    desa = Region.objects.filter(code=data.desa_code, level=RegionLevel.VILLAGE).first()
    if desa is None:
        errors.setdefault("desa", []).append(
            ValidationError(
                _("Desa/kelurahan dengan kode %(code)s tidak ada."),
                code="desa_unknown",
                params={"code": data.desa_code},
            )
        )
    this_year = timezone.localdate().year
    if data.year_established is not None and not 1900 <= data.year_established <= this_year:
        errors.setdefault("year_established", []).append(
            ValidationError(
                _("Tahun berdiri harus antara 1900 dan %(year)s."),
                code="year_range",
                params={"year": this_year},
            )
        )
    if errors:
        raise ValidationError(errors)
    assert desa is not None
    return {
        "business_name": name,
        "match_name": business_match_name(name),
        "nib": nib,
        "kbli": kbli,
        "commodity": data.commodity,
        "legal_form": data.legal_form,
        "desa": desa,
        "kecamatan_id": desa.parent_id,
        "kampung": data.kampung.strip(),
        "rt": data.rt.strip(),
        "rw": data.rw.strip(),
        "address": data.address.strip(),
        "year_established": data.year_established,
        "status": data.status,
        "data_source": data.data_source,
    }


def unit_register(
    *, actor: Any, owner: Person, data: UnitData, warnings: list[str] | None = None
) -> Unit:
    warnings = warnings if warnings is not None else []
    fields = _unit_fields(data, warnings)
    with transaction.atomic():
        unit = Unit.objects.create(owner=owner, **fields)
        audit_record(
            actor=actor,
            action="unit.register",
            obj=unit,
            after=snapshot(unit, UNIT_AUDIT_FIELDS),
        )
        registry_changed(unit_ids=[unit.pk])
    return unit


def unit_update(*, actor: Any, unit: Unit, expected_version: int, data: UnitData) -> Unit:
    """Update a unit if nobody saved it since `expected_version`; else raise ConflictError.
    The version is checked in the UPDATE itself, which works on SQLite too."""
    fields = _unit_fields(data, [])
    with transaction.atomic():
        before = snapshot(unit, UNIT_AUDIT_FIELDS)
        updated = Unit.objects.filter(pk=unit.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), **fields
        )
        if updated == 0:
            raise ConflictError(Unit.objects.get(pk=unit.pk))
        unit.refresh_from_db()
        changed_before, changed_after = diff(before, snapshot(unit, UNIT_AUDIT_FIELDS))
        audit_record(
            actor=actor,
            action="unit.update",
            obj=unit,
            before=changed_before,
            after=changed_after,
        )
        registry_changed(unit_ids=[unit.pk])
    return unit


# --- yearly reports -------------------------------------------------------------------------


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


# --- editing in the web interface (optimistic locking, verification) ------------------------


def unit_register_with_owner(
    *,
    actor: Any,
    owner: Person | None,
    owner_data: PersonData | None,
    data: UnitData,
    verified: bool = False,
    warnings: list[str] | None = None,
) -> Unit:
    """Register a unit for an existing person, or register the person first; one transaction.
    A unit entered by an officer or admin (`verified`) needs no separate verification."""
    with transaction.atomic():
        if owner is None:
            assert owner_data is not None
            owner = person_register(actor=actor, data=owner_data)
        unit = unit_register(actor=actor, owner=owner, data=data, warnings=warnings)
        if verified:
            unit = unit_verify(actor=actor, unit=unit)
    return unit


def unit_verify(*, actor: Any, unit: Unit) -> Unit:
    """Mark a unit's data verified by an officer or admin."""
    return _unit_set_verification(actor=actor, unit=unit, value=Verification.VERIFIED)


def unit_mark_unverified(*, actor: Any, unit: Unit) -> Unit:
    """Owners' edits wait for an officer: the unit goes back to the verification queue."""
    return _unit_set_verification(actor=actor, unit=unit, value=Verification.UNVERIFIED)


def _unit_set_verification(*, actor: Any, unit: Unit, value: str) -> Unit:
    with transaction.atomic():
        before = unit.verification
        # No version bump: verification does not change the data an editor may hold open.
        Unit.objects.filter(pk=unit.pk).update(verification=value, updated_at=timezone.now())
        unit.verification = value
        if before != value:
            audit_record(
                actor=actor,
                action="unit.verify" if value == Verification.VERIFIED else "unit.unverify",
                obj=unit,
                before={"verification": before},
                after={"verification": value},
            )
            registry_changed(unit_ids=[unit.pk])
    return unit


def unit_owner_update(*, actor: Any, unit: Unit, expected_version: int, data: UnitData) -> Unit:
    """An owner's edit of their own unit: the same versioned update, then back to unverified."""
    with transaction.atomic():
        unit = unit_update(actor=actor, unit=unit, expected_version=expected_version, data=data)
        unit = unit_mark_unverified(actor=actor, unit=unit)
    return unit


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
