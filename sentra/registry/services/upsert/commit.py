"""Step two of the bulk writer: inside the caller's write transaction, check the plan still
holds, reserve ids and unit codes, and write everything with batched statements."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from sentra.core import protect
from sentra.core.audit import AuditEntry, audit_bulk
from sentra.core.bulk import ids_reserve, one_of, rows_insert, rows_update
from sentra.registry.codes import unit_code_format
from sentra.registry.models import (
    Certificate,
    CertificateKind,
    ExportDestination,
    Person,
    ProductLine,
    Unit,
    UnitCodeSequence,
    Verification,
    YearlyReport,
)
from sentra.registry.services.changes import registry_changed
from sentra.registry.services.upsert.items import (
    CHUNK,
    REPORT_FIELDS,
    UNIT_FIELDS,
    YEAR_KEY,
    Prepared,
    StalePlan,
    UnitOutcome,
)
from sentra.registry.services.upsert.prepare import attname, persons_load


def _locked_versions(model: Any, ids: list[int]) -> dict[int, int]:
    """The current versions of rows, locked until the transaction ends (PostgreSQL: rows in
    id order, so two writers never deadlock; SQLite's write lock already covers them)."""
    if not ids:
        return {}
    rows = model.objects.select_for_update().filter(pk__in=one_of(ids, integers=True))
    return dict(rows.order_by("pk").values_list("pk", "version"))


def _check_fresh(prepared: Prepared) -> None:
    """Raise StalePlan when a unit, record or owner the writes rely on changed since the plan
    read it. What the plan leaves unchanged is not checked: it is not written."""
    versions = {
        w.outcome.unit_id: w.version
        for w in prepared.units
        if w.outcome.unit_id is not None and w.outcome.status == "updated"
    }
    current = _locked_versions(Unit, sorted(versions))
    if current != versions:
        raise StalePlan("a unit changed or was deleted")
    report_versions = {r.report_id: r.version for r in prepared.reports if r.report_id}
    if _locked_versions(YearlyReport, sorted(report_versions)) != report_versions:
        raise StalePlan("a yearly record changed or was deleted")
    creating = [w for w in prepared.units if w.outcome.unit_id is None]
    if creating:
        # Units registered since the plan that the new ones might duplicate.
        nibs = {w.values["nib"] for w in creating if w.values["nib"]}
        names = {w.values["match_name"] for w in creating}
        for nib, match in Unit.objects.filter(pk__gt=prepared.high_unit).values_list(
            "nib", "match_name"
        ):
            if (nib and nib in nibs) or match in names:
                raise StalePlan("a similar unit was registered meanwhile")
        digests = prepared.new_digests()
        if (
            digests
            and Person.objects.filter(
                pk__gt=prepared.high_person, nik_digest__in=one_of(digests)
            ).exists()
        ):
            raise StalePlan("an owner was registered meanwhile")
    completing = [protect.digest(c["nik"]) for c in prepared.persons_update.values() if "nik" in c]
    if completing and Person.objects.filter(nik_digest__in=one_of(completing)).exists():
        raise StalePlan("a NIK being completed was registered meanwhile")
    new_lines = [
        (p.unit.outcome.unit_id, p.match_name) for p in prepared.products if not p.product_id
    ]
    by_unit_names: dict[int, set[str]] = defaultdict(set)
    for unit_id, key in new_lines:
        if unit_id is not None:
            by_unit_names[unit_id].add(key)
    if by_unit_names:
        for unit_id, key in ProductLine.objects.filter(
            unit_id__in=one_of(by_unit_names, integers=True)
        ).values_list("unit_id", "match_name"):
            if key in by_unit_names[unit_id]:
                raise StalePlan("a product line was added meanwhile")
    if prepared.persons_seen and persons_load(prepared.persons_seen, lock=True) != (
        prepared.persons_seen
    ):
        raise StalePlan("an owner changed")
    # Per-year records the plan wants to create must still be missing.
    wanted_new = [(r.unit.outcome.unit_id, r.year) for r in prepared.reports if not r.report_id]
    by_year: dict[int, list[int]] = defaultdict(list)
    for unit_id, year in wanted_new:
        if unit_id is not None:
            by_year[year].append(unit_id)
    for year, unit_ids in by_year.items():
        for start in range(0, len(unit_ids), CHUNK):
            if YearlyReport.objects.filter(
                unit_id__in=unit_ids[start : start + CHUNK], year=year
            ).exists():
                raise StalePlan("a yearly record was created meanwhile")


def _codes_reserve(kecamatan_codes: list[str]) -> list[str]:
    """New unit codes, one per kecamatan code given, from each regency's sequence."""
    needed: dict[str, int] = defaultdict(int)
    for code in kecamatan_codes:
        needed[code[:5]] += 1
    start: dict[str, int] = {}
    for regency, count in sorted(needed.items()):
        try:
            with transaction.atomic():  # a savepoint: another writer may create it first
                UnitCodeSequence.objects.get_or_create(regency=regency)
        except IntegrityError:
            pass
        sequence = UnitCodeSequence.objects.select_for_update().get(regency=regency)
        start[regency] = sequence.last + 1
        UnitCodeSequence.objects.filter(pk=regency).update(last=sequence.last + count)
    out = []
    for code in kecamatan_codes:
        regency = code[:5]
        out.append(unit_code_format(regency, start[regency]))
        start[regency] += 1
    return out


def _update_action(before: dict[str, Any], after: dict[str, Any]) -> str:
    """The audit action of an update, named for what it changed."""
    keys = {*before, *after}
    if keys and all(YEAR_KEY.match(k) for k in keys):
        return "report.record"
    if keys == {"certificates"}:
        return "certificate.add"
    return "unit.update"


def units_commit(*, actor: Any, prepared: Prepared, summary: str = "") -> list[UnitOutcome]:
    """Write what `units_prepare` built. Call inside a transaction (the caller's write lock);
    raises StalePlan when the plan no longer holds."""
    assert transaction.get_connection().in_atomic_block, "units_commit needs a transaction"
    _check_fresh(prepared)
    now = timezone.now()
    audits: list[AuditEntry] = []

    def audit(action: str, object_type: str, object_id: Any, before: Any, after: Any) -> None:
        audits.append(
            AuditEntry(actor, action, object_type, str(object_id), summary, before, after)
        )

    # Owners first: new units point at them.
    person_ids: dict[str, int] = {}
    if prepared.persons_new:
        digests = list(prepared.persons_new)
        ids = ids_reserve(Person, len(digests))
        rows = []
        for pk, digest in zip(ids, digests, strict=True):
            person = prepared.persons_new[digest]
            nik_token, nik_masked, phone_token, phone_masked = prepared.persons_protected[digest]
            person_ids[digest] = pk
            rows.append(
                (
                    pk,
                    now,
                    now,
                    person.name,
                    None if digest.startswith("~") else digest,
                    nik_token,
                    nik_masked,
                    person.sex,
                    phone_token,
                    phone_masked,
                    person.consent_at is not None,
                    person.consent_at,
                    person.data_source,
                )
            )
            audit(
                "person.register",
                "registry.person",
                pk,
                {},
                {
                    "name": person.name,
                    "sex": person.sex,
                    "nik_masked": nik_masked,
                    "consent": person.consent_at is not None,
                },
            )
        rows_insert(
            Person,
            [
                "id",
                "created_at",
                "updated_at",
                "name",
                "nik_digest",
                "nik_encrypted",
                "nik_masked",
                "sex",
                "phone_encrypted",
                "phone_masked",
                "consent",
                "consent_at",
                "data_source",
            ],
            rows,
        )
    if prepared.persons_update:
        _persons_update(prepared, now, audit)
    # Units.
    creating = [w for w in prepared.units if w.outcome.unit_id is None]
    updating = [w for w in prepared.units if w.outcome.unit_id is not None and w.changed]
    if creating:
        ids = ids_reserve(Unit, len(creating))
        codes = _codes_reserve([w.values["kecamatan_id"] for w in creating])
        columns = [attname(n) for n in UNIT_FIELDS]
        rows = []
        for pk, code, write in zip(ids, codes, creating, strict=True):
            write.outcome.unit_id, write.outcome.code = pk, code
            owner = write.owner if isinstance(write.owner, int) else person_ids[write.owner or ""]
            write.values["owner_id"] = owner
            rows.append(
                (
                    pk,
                    code,
                    now,
                    now,
                    write.values["match_name"],
                    write.values["kecamatan_id"],
                    owner,
                    1,
                    *(write.values[c] for c in columns),
                )
            )
        rows_insert(
            Unit,
            [
                "id",
                "code",
                "created_at",
                "updated_at",
                "match_name",
                "kecamatan",
                "owner",
                "version",
                *(n for n in UNIT_FIELDS),
            ],
            rows,
        )
    if updating:
        columns = ["match_name", "kecamatan", *UNIT_FIELDS]
        rows_update(
            Unit,
            ["version", "updated_at", *columns],
            [
                (
                    w.outcome.unit_id,
                    (w.version or 0) + 1,
                    now,
                    *(w.values[attname(c)] for c in columns),
                )
                for w in updating
            ],
        )
    _reports_write(prepared, now)
    _certificates_write(prepared, now)
    _products_write(prepared)
    for write in prepared.units:
        if write.outcome.status == "created":
            after = {
                "code": write.outcome.code,
                "owner": write.values["owner_id"],
                **write.outcome.after,
            }
            audit("unit.register", "registry.unit", write.outcome.unit_id, {}, after)
        elif write.outcome.status == "updated":
            audit(
                _update_action(write.outcome.before, write.outcome.after),
                "registry.unit",
                write.outcome.unit_id,
                write.outcome.before,
                write.outcome.after,
            )
            if write.outcome.before.get("verification") == Verification.VERIFIED:
                # Verified data sent back to the officers' queue, as after an owner's edit.
                audit(
                    "unit.unverify",
                    "registry.unit",
                    write.outcome.unit_id,
                    {"verification": Verification.VERIFIED},
                    {"verification": write.values["verification"]},
                )
    audit_bulk(audits)  # masked and hash-chained like every audit row
    changed = [
        o.unit_id for o in prepared.outcomes if o.status != "unchanged" and o.unit_id is not None
    ]
    if changed:
        registry_changed(unit_ids=changed)
    return prepared.outcomes


def _persons_update(prepared: Prepared, now: datetime, audit: Any) -> None:
    stored = prepared.persons_seen
    by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for pk, changes in prepared.persons_update.items():
        name, sex, _token, _digest = stored[pk]
        values: dict[str, Any] = {"updated_at": now}
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        if "nik" in changes:  # completing an owner whose NIK was unknown
            nik = changes["nik"]
            values["nik_digest"] = protect.digest(nik)
            values["nik_encrypted"] = protect.encrypt(nik)
            values["nik_masked"] = protect.mask_nik(nik)
            before["nik_masked"], after["nik_masked"] = "", values["nik_masked"]
        if "name" in changes:
            values["name"] = changes["name"]
            before["name"], after["name"] = name, changes["name"]
        if "sex" in changes:
            values["sex"] = changes["sex"]
            before["sex"], after["sex"] = sex, changes["sex"]
        if "phone" in changes:
            phone = changes["phone"]
            values["phone_encrypted"] = protect.encrypt(phone) if phone else ""
            values["phone_masked"] = protect.mask_phone(phone) if phone else ""
            before["phone"], after["phone"] = "•", values["phone_masked"]
        columns = tuple(values)
        by_columns[columns].append((pk, *values.values()))
        audit("person.update", "registry.person", pk, before, after)
    for columns, rows in by_columns.items():
        rows_update(Person, list(columns), rows)


def _reports_write(prepared: Prepared, now: datetime) -> None:
    new = [r for r in prepared.reports if r.report_id is None]
    changed = [r for r in prepared.reports if r.report_id is not None and r.changed]
    if new:
        ids = ids_reserve(YearlyReport, len(new))
        rows = []
        for pk, report in zip(ids, new, strict=True):
            report.report_id = pk
            rows.append(
                (
                    pk,
                    now,
                    now,
                    report.unit.outcome.unit_id,
                    report.year,
                    1,
                    *(report.values[f] for f in REPORT_FIELDS),
                )
            )
        rows_insert(
            YearlyReport,
            ["id", "created_at", "updated_at", "unit", "year", "version", *REPORT_FIELDS],
            rows,
        )
    if changed:
        rows_update(
            YearlyReport,
            ["version", "updated_at", *REPORT_FIELDS],
            [
                (r.report_id, (r.version or 0) + 1, now, *(r.values[f] for f in REPORT_FIELDS))
                for r in changed
            ],
        )
    deletes = [pk for r in prepared.reports for pk in r.countries_delete]
    if deletes:
        ExportDestination.objects.filter(pk__in=one_of(deletes, integers=True)).delete()
    rows_update(
        ExportDestination,
        ["value_usd"],
        [(pk, value) for r in prepared.reports for pk, value in r.countries_update.items()],
    )
    inserts = [
        (r.report_id, country, value)
        for r in prepared.reports
        for country, value in sorted(r.countries_new.items())
    ]
    if inserts:
        ids = ids_reserve(ExportDestination, len(inserts))
        rows_insert(
            ExportDestination,
            ["id", "report", "country", "value_usd"],
            [(pk, *row) for pk, row in zip(ids, inserts, strict=True)],
        )


def _certificates_write(prepared: Prepared, now: datetime) -> None:
    if not prepared.certificates:
        return
    kinds = dict(CertificateKind.objects.values_list("code", "pk"))
    ids = ids_reserve(Certificate, len(prepared.certificates))
    rows_insert(
        Certificate,
        [
            "id",
            "created_at",
            "updated_at",
            "unit",
            "kind",
            "number",
            "issued_on",
            "expires_on",
            "status",
        ],
        [
            (
                pk,
                now,
                now,
                write.outcome.unit_id,
                kinds[cert.kind],
                cert.number,
                cert.issued_on,
                cert.expires_on,
                cert.status,
            )
            for pk, (write, cert) in zip(ids, prepared.certificates, strict=True)
        ],
    )


def _products_write(prepared: Prepared) -> None:
    new = [p for p in prepared.products if p.product_id is None]
    if new:
        ids = ids_reserve(ProductLine, len(new))
        rows_insert(
            ProductLine,
            [
                "id",
                "unit",
                "position",
                "name",
                "match_name",
                "kbli",
                "capacity",
                "capacity_unit",
                "commodity",
            ],
            [
                (
                    pk,
                    p.unit.outcome.unit_id,
                    p.values["position"],
                    p.values["name"],
                    p.match_name,
                    p.values["kbli"],
                    p.values["capacity"],
                    p.values["capacity_unit"],
                    p.values["commodity_id"],
                )
                for pk, p in zip(ids, new, strict=True)
            ],
        )
    changed = [p for p in prepared.products if p.product_id is not None]
    if changed:
        rows_update(
            ProductLine,
            ["kbli", "capacity", "capacity_unit", "commodity"],
            [
                (
                    p.product_id,
                    p.values["kbli"],
                    p.values["capacity"],
                    p.values["capacity_unit"],
                    p.values["commodity_id"],
                )
                for p in changed
            ],
        )
