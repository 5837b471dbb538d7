"""The import's bulk writer: the registry services' rules, applied to many units at once.

Why not call `unit_register`/`report_record` per row: they cost ~15 queries each (16,000 rows
would take minutes). The validation they do is done per row in `rows.py` with the same
validators; here we insert in batches and write the same audit rows the services write — one
per created person, one per created or updated unit (its report and certificates included in
before/after) — plus one `import.run` row that summarises the run. Runs inside the caller's
transaction.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from sentra.core import protect
from sentra.core.audit import diff, mask_value
from sentra.core.models import AuditLog
from sentra.exchange.plan import CERT_KEYS, REPORT_KEYS, Plan, State, chunks
from sentra.regions.models import Region
from sentra.registry.models import (
    Certificate,
    CertificateKind,
    DataSource,
    ExportDestination,
    Person,
    Unit,
    YearlyReport,
)
from sentra.registry.names import business_match_name
from sentra.registry.services import registry_changed

BATCH = 500


def _audit(
    actor: Any,
    action: str,
    object_type: str,
    object_id: Any,
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLog:
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = getattr(actor, "username", "") if user is not None else str(actor or "system")
    return AuditLog(
        actor=user,
        actor_label=label[:150],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        summary=summary[:255],
        before={k: mask_value(k, v) for k, v in (before or {}).items()},
        after={k: mask_value(k, v) for k, v in (after or {}).items()},
    )


def _flat(state: State | None, year: int) -> dict[str, Any]:
    if state is None:
        return {}
    out = dict(state.unit)
    for key, value in (state.report or {}).items():
        out[f"{year}.{key}"] = value
    out[f"{year}.export_countries"] = list(state.countries)
    out["certificates"] = sorted(state.certs)
    return out


def _persons(plans: list[Plan], actor: Any, audits: list[AuditLog]) -> None:
    """Create the owners that do not exist yet (one per NIK)."""
    new: dict[str, Person] = {}
    for plan in plans:
        if plan.person is not None or plan.nik in new:
            continue
        fields: dict[str, Any] = {
            "name": plan.owner_name,
            "sex": plan.sex,
            "nik_digest": protect.digest(plan.nik),
            "nik_encrypted": protect.encrypt(plan.nik),
            "nik_masked": protect.mask_nik(plan.nik),
            "data_source": DataSource.IMPORT,
        }
        if plan.phone:
            fields["phone_encrypted"] = protect.encrypt(plan.phone)
            fields["phone_masked"] = protect.mask_phone(plan.phone)
        new[plan.nik] = Person(**fields)
    created = Person.objects.bulk_create(list(new.values()), batch_size=BATCH)
    for person in created:
        audits.append(
            _audit(
                actor,
                "person.register",
                "registry.person",
                person.pk,
                after={
                    "name": person.name,
                    "sex": person.sex,
                    "nik_masked": person.nik_masked,
                    "consent": False,
                },
            )
        )
    for plan in plans:
        if plan.person is None:
            plan.person = new[plan.nik]


def plans_write(*, actor: Any, plans: list[Plan], year: int, run_id: int) -> dict[int, int]:
    """Write the plans that change something. Returns {first row: unit id}."""
    audits: list[AuditLog] = []
    changing = [p for p in plans if p.changed]
    _persons([p for p in changing if p.unit is None], actor, audits)
    desa_parent = dict(
        Region.objects.filter(code__in={p.target.unit["desa"] for p in changing}).values_list(
            "code", "parent_id"
        )
    )
    now = timezone.now()
    new_units: list[Unit] = []
    updated_units: list[Unit] = []
    for plan in changing:
        values = plan.target.unit
        fields = {
            "business_name": values["business_name"],
            "match_name": business_match_name(values["business_name"]),
            "nib": values["nib"] or "",
            "kbli": values["kbli"] or "",
            "commodity_id": values["commodity"],
            "desa_id": values["desa"],
            "kecamatan_id": desa_parent[values["desa"]],
            "address": values["address"] or "",
            "year_established": values["year_established"],
        }
        if plan.unit is None:
            assert plan.person is not None
            plan.unit = Unit(owner=plan.person, data_source=DataSource.IMPORT, **fields)
            new_units.append(plan.unit)
        elif plan.before is not None and plan.before.unit != plan.target.unit:
            for name, value in fields.items():
                setattr(plan.unit, name, value)
            plan.unit.version += 1
            plan.unit.updated_at = now
            updated_units.append(plan.unit)
    Unit.objects.bulk_create(new_units, batch_size=BATCH)
    Unit.objects.bulk_update(
        updated_units,
        [
            "business_name",
            "match_name",
            "nib",
            "kbli",
            "commodity",
            "desa",
            "kecamatan",
            "address",
            "year_established",
            "version",
            "updated_at",
        ],
        batch_size=BATCH,
    )
    _reports(changing, year)
    _certificates(changing)
    for plan in changing:
        assert plan.unit is not None
        if plan.before is None:
            audits.append(
                _audit(
                    actor,
                    "unit.register",
                    "registry.unit",
                    plan.unit.pk,
                    summary=f"import {run_id}",
                    after=_flat(plan.target, year),
                )
            )
        else:
            before, after = diff(_flat(plan.before, year), _flat(plan.target, year))
            audits.append(
                _audit(
                    actor,
                    "unit.update",
                    "registry.unit",
                    plan.unit.pk,
                    summary=f"import {run_id}",
                    before=before,
                    after=after,
                )
            )
    AuditLog.objects.bulk_create(audits, batch_size=BATCH)
    # Statistics recount the cells of every unit the import created or changed (on commit).
    registry_changed(unit_ids=[p.unit.pk for p in changing if p.unit is not None])
    return {p.first_row: p.unit.pk for p in plans if p.unit is not None}


def _reports(plans: list[Plan], year: int) -> None:
    touched = [
        p
        for p in plans
        if p.before is None
        or p.before.report != p.target.report
        or p.before.countries != p.target.countries
    ]
    ids = [p.unit.pk for p in touched if p.unit is not None]
    existing: dict[int, YearlyReport] = {}
    for batch in chunks(ids):
        for report in YearlyReport.objects.filter(unit_id__in=batch, year=year):
            existing[report.unit_id] = report
    new: list[YearlyReport] = []
    changed: list[YearlyReport] = []
    for plan in touched:
        assert plan.unit is not None and plan.target.report is not None
        values = {k: plan.target.report[k] for k in REPORT_KEYS}
        found = existing.get(plan.unit.pk)
        if found is None:
            created = YearlyReport(unit=plan.unit, year=year, **values)
            new.append(created)
            existing[plan.unit.pk] = created
        else:
            for key, value in values.items():
                setattr(found, key, value)
            found.version += 1
            changed.append(found)
    YearlyReport.objects.bulk_create(new, batch_size=BATCH)
    YearlyReport.objects.bulk_update(changed, [*REPORT_KEYS, "version"], batch_size=BATCH)
    stale = Q(pk__in=[])
    rows: list[ExportDestination] = []
    for plan in touched:
        assert plan.unit is not None
        report = existing[plan.unit.pk]
        before = set(plan.before.countries) if plan.before else set()
        after = set(plan.target.countries)
        if before - after:
            stale |= Q(report=report, country__in=sorted(before - after))
        rows.extend(ExportDestination(report=report, country=c) for c in sorted(after - before))
    ExportDestination.objects.filter(stale).delete()
    ExportDestination.objects.bulk_create(rows, batch_size=BATCH)


def _certificates(plans: list[Plan]) -> None:
    kinds = {k.code: k for k in CertificateKind.objects.filter(code__in=CERT_KEYS)}
    rows: list[Certificate] = []
    for plan in plans:
        assert plan.unit is not None
        before = plan.before.certs if plan.before else frozenset()
        for code in sorted(plan.target.certs - before):
            if code in kinds:
                rows.append(Certificate(unit=plan.unit, kind=kinds[code]))
    Certificate.objects.bulk_create(rows, batch_size=BATCH)
