"""Owners (pelaku usaha): registration, account links and audited reveal of NIK and phone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import protect
from sentra.core.audit import audit_record, snapshot
from sentra.registry.models import (
    Person,
    Unit,
)
from sentra.registry.services.changes import registry_changed
from sentra.registry.validators import (
    nik_normalise,
    nik_validate,
    phone_validate,
)


class ConflictError(Exception):
    """Someone else saved the record first; the caller shows both versions."""

    def __init__(self, current: Any) -> None:
        super().__init__("version conflict")
        self.current = current


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


@dataclass(frozen=True)
class PersonUpdateData:
    """The correctable data of an owner. The NIK is not among it: a wrong NIK is a different
    person. `phone=None` keeps the stored number, `phone=""` clears it."""

    name: str
    sex: str
    phone: str | None = None
    consent: bool = False
    # The version the editor saw; another save since then raises ConflictError. None skips
    # the check (commands and services that hold the row themselves).
    expected_version: int | None = None
    nik: str | None = None  # only for an owner whose NIK is not recorded yet


def person_update(*, actor: Any, person: Person, data: PersonUpdateData) -> Person:
    """Correct an owner's name, sex, phone and consent; audited with the changed fields only
    (the phone masked) and, as the sex decides the women-owned counts, the statistics of the
    person's units are refreshed after commit."""
    errors: dict[str, list[ValidationError]] = {}
    name = data.name.strip()
    if not name:
        errors["name"] = [ValidationError(_("Nama pemilik wajib diisi."), code="required")]
    nik = ""
    sex = data.sex
    if data.nik and person.nik_digest is None:  # completing an owner from an OSS/SIINas file
        try:
            facts = nik_validate(data.nik)
            nik = nik_normalise(data.nik)
            sex = sex or facts.sex
            if Person.objects.filter(nik_digest=protect.digest(nik)).exists():
                errors["nik"] = [ValidationError(_("NIK ini sudah terdaftar."), code="nik_exists")]
        except ValidationError as exc:
            errors["nik"] = exc.error_list
    if sex not in ("L", "P") and not (sex == "" and person.sex == ""):
        errors["sex"] = [ValidationError(_("Jenis kelamin harus L atau P."), code="sex_invalid")]
    phone: str | None = None
    if data.phone:
        try:
            phone = phone_validate(data.phone)
        except ValidationError as exc:
            errors["phone"] = exc.error_list
    elif data.phone == "":
        phone = ""
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if data.expected_version is not None and person.version != data.expected_version:
            raise ConflictError(person)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        if name != person.name:
            before["name"], after["name"] = person.name, name
            person.name = name
        if nik:
            person.nik_digest = protect.digest(nik)
            person.nik_encrypted = protect.encrypt(nik)
            person.nik_masked = protect.mask_nik(nik)
            before["nik_masked"], after["nik_masked"] = "", person.nik_masked
        if sex != person.sex:
            before["sex"], after["sex"] = person.sex, sex
            person.sex = sex
        if phone is not None:
            token = protect.encrypt(phone) if phone else ""
            masked = protect.mask_phone(phone) if phone else ""
            old = protect.decrypt(person.phone_encrypted) if person.phone_encrypted else ""
            if phone != old:
                before["phone"], after["phone"] = person.phone_masked, masked
                person.phone_encrypted, person.phone_masked = token, masked
        if data.consent != person.consent:
            before["consent"], after["consent"] = person.consent, data.consent
            person.consent = data.consent
            person.consent_at = timezone.now() if data.consent else None
        if not after:
            return person
        person.version += 1
        person.save()
        audit_record(actor=actor, action="person.update", obj=person, before=before, after=after)
        unit_ids = Unit.objects.filter(owner=person).values_list("pk", flat=True)
        registry_changed(unit_ids=list(unit_ids))
    return person


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
