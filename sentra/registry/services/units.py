"""Units: registration, versioned updates, owner edits and verification."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record
from sentra.regions.models import Region, RegionLevel
from sentra.registry.models import (
    Commodity,
    LegalForm,
    Person,
    Unit,
    UnitStatus,
    Verification,
)
from sentra.registry.names import business_match_name
from sentra.registry.services.changes import registry_changed
from sentra.registry.services.people import ConflictError, PersonData, person_register
from sentra.registry.services.reference import known_kbli_codes
from sentra.registry.services.upsert import UnitItem, VersionConflict, units_upsert
from sentra.registry.services.upsert.items import UNIT_FIELDS
from sentra.registry.validators import (
    kbli_validate,
    nib_validate,
)

# The unit fields a write may set (the bulk writer's list), which its audit rows record.
UNIT_AUDIT_FIELDS = list(UNIT_FIELDS)


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


def _item_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """`_unit_fields` output as the bulk writer's field values (related rows by key)."""
    out = {k: v for k, v in fields.items() if k not in {"match_name", "kecamatan_id"}}
    out["commodity"] = fields["commodity"].pk
    out["legal_form"] = fields["legal_form"].pk if fields["legal_form"] else None
    out["desa"] = fields["desa"].pk
    return out


def unit_register(
    *,
    actor: Any,
    owner: Person,
    data: UnitData,
    warnings: list[str] | None = None,
    verification: str | None = None,
) -> Unit:
    warnings = warnings if warnings is not None else []
    fields = _item_fields(_unit_fields(data, warnings))
    if verification is not None:
        fields["verification"] = verification
    (outcome,) = units_upsert(actor=actor, items=[UnitItem(owner_id=owner.pk, fields=fields)])
    assert outcome.unit_id is not None
    return Unit.objects.get(pk=outcome.unit_id)


def unit_update(*, actor: Any, unit: Unit, expected_version: int, data: UnitData) -> Unit:
    """Update a unit if nobody saved it since `expected_version`; else raise ConflictError.
    Only the fields that differ change (and with them the version)."""
    fields = _item_fields(_unit_fields(data, []))
    item = UnitItem(unit_id=unit.pk, expected_version=expected_version, fields=fields)
    try:
        units_upsert(actor=actor, items=[item])
    except VersionConflict:
        raise ConflictError(Unit.objects.get(pk=unit.pk)) from None
    unit.refresh_from_db()
    return unit


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
        unit = unit_register(
            actor=actor,
            owner=owner,
            data=data,
            warnings=warnings,
            verification=Verification.VERIFIED if verified else None,
        )
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
