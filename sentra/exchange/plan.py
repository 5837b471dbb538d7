"""Matching parsed rows to existing units (same NIB; else same NIK and the same normalised
business name) and to earlier rows of the same file, and deciding each row's status."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sentra.core import protect
from sentra.exchange.rows import Context, ParsedRow
from sentra.registry.models import Certificate, Person, Unit, YearlyReport
from sentra.registry.names import business_match_name

UNIT_KEYS = ("business_name", "nib", "kbli", "commodity", "desa", "address", "year_established")
REPORT_KEYS = ("workers_male", "workers_female", "investment", "production_value", "market_reach")
REPORT_DEFAULTS: dict[str, Any] = {
    "workers_male": 0,
    "workers_female": 0,
    "investment": 0,
    "production_value": 0,
    "market_reach": "lokal",
}
CERT_KEYS = ("pirt", "halal", "hki")

T = TypeVar("T")


def chunks(items: Iterable[T], size: int = 2000) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class State:
    """What a unit holds now (or will hold), in comparable form."""

    unit: dict[str, Any]
    report: dict[str, Any] | None  # None: no record for the year yet
    countries: tuple[str, ...]
    certs: frozenset[str]

    def copy(self) -> State:
        return State(
            dict(self.unit), dict(self.report) if self.report else None, self.countries, self.certs
        )


@dataclass
class Plan:
    """One unit of the file: an existing unit to update or a new one to create."""

    first_row: int
    unit: Unit | None
    person: Person | None
    nik: str
    owner_name: str
    sex: str
    phone: str
    before: State | None  # the database state of an existing unit
    target: State
    rows: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.before is None or self.before != self.target


@dataclass
class Existing:
    units_by_nib: dict[str, list[Unit]]
    person_by_digest: dict[str, Person]
    unit_by_owner_name: dict[tuple[int, str], Unit]
    states: dict[int, State]


def _digest(nik: str) -> str:
    return protect.digest(nik)


def load_existing(rows: list[ParsedRow], *, year: int) -> Existing:
    """Everything the matching needs, in a few batched queries."""
    nibs = {p.values["nib"] for p in rows if p.values.get("nib")}
    digests = {_digest(p.values["nik"]) for p in rows if p.values.get("nik")}
    masked = {p.values["nik_masked"] for p in rows if p.values.get("nik_masked")}
    units_by_nib: dict[str, list[Unit]] = {}
    for batch in chunks(sorted(nibs)):
        for unit in Unit.objects.filter(nib__in=batch).select_related("owner").order_by("id"):
            units_by_nib.setdefault(unit.nib, []).append(unit)
    persons: dict[str, Person] = {}
    for batch in chunks(sorted(digests)):
        for person in Person.objects.filter(nik_digest__in=batch):
            persons[person.nik_digest] = person
    owner_ids = {p.pk for p in persons.values()}
    if masked:
        owner_ids |= set(
            Person.objects.filter(nik_masked__in=sorted(masked)).values_list("pk", flat=True)
        )
    by_owner_name: dict[tuple[int, str], Unit] = {}
    for batch in chunks(sorted(owner_ids)):
        for unit in Unit.objects.filter(owner_id__in=batch).select_related("owner").order_by("id"):
            by_owner_name.setdefault((unit.owner_id, unit.match_name), unit)
    candidates = {u.pk: u for units in units_by_nib.values() for u in units}
    candidates.update({u.pk: u for u in by_owner_name.values()})
    return Existing(units_by_nib, persons, by_owner_name, _states(candidates, year))


def _states(units: dict[int, Unit], year: int) -> dict[int, State]:
    reports: dict[int, YearlyReport] = {}
    countries: dict[int, list[str]] = {}
    certs: dict[int, set[str]] = {}
    for batch in chunks(sorted(units)):
        for report in YearlyReport.objects.filter(unit_id__in=batch, year=year).prefetch_related(
            "export_destinations"
        ):
            reports[report.unit_id] = report
            countries[report.unit_id] = sorted(d.country for d in report.export_destinations.all())
        for unit_id, code in Certificate.objects.filter(
            unit_id__in=batch, kind__code__in=CERT_KEYS
        ).values_list("unit_id", "kind__code"):
            certs.setdefault(unit_id, set()).add(code)
    states: dict[int, State] = {}
    for pk, unit in units.items():
        current = reports.get(pk)
        states[pk] = State(
            unit={
                "business_name": unit.business_name,
                "nib": unit.nib,
                "kbli": unit.kbli,
                "commodity": unit.commodity_id,
                "desa": unit.desa_id,
                "address": unit.address,
                "year_established": unit.year_established,
            },
            report={k: getattr(current, k) for k in REPORT_KEYS} if current else None,
            countries=tuple(countries.get(pk, [])),
            certs=frozenset(certs.get(pk, set())),
        )
    return states


def _overlay(state: State, parsed: ParsedRow) -> State:
    """The state after applying a row: blank cells keep what is there."""
    out = state.copy()
    values = parsed.values
    for key in UNIT_KEYS:
        if key in values:
            value = values[key]
            out.unit[key] = value.pk if hasattr(value, "pk") else value
    report = dict(out.report or REPORT_DEFAULTS)
    for key in REPORT_KEYS:
        if key in values:
            report[key] = values[key]
    out.report = report
    if "export_countries" in values:
        out.countries = tuple(values["export_countries"])
    out.certs = out.certs | {k for k in CERT_KEYS if values.get(k) is True}
    return out


def _find_unit(parsed: ParsedRow, existing: Existing) -> Unit | None:
    values = parsed.values
    nib = values.get("nib")
    nik = values.get("nik")
    masked = values.get("nik_masked")
    if nib and nib in existing.units_by_nib:
        units = existing.units_by_nib[nib]
        if nik:
            digest = _digest(nik)
            same = [u for u in units if u.owner.nik_digest == digest]
        else:
            same = [u for u in units if u.owner.nik_masked == masked]
        if not same:
            parsed.add("nib", "nib_owner_mismatch")
            return None
        return same[0]
    name = business_match_name(values["business_name"])
    if nik:
        person = existing.person_by_digest.get(_digest(nik))
        return existing.unit_by_owner_name.get((person.pk, name)) if person else None
    matches = [
        u
        for (owner_id, match), u in existing.unit_by_owner_name.items()
        if match == name and u.owner.nik_masked == masked
    ]
    return matches[0] if len(matches) == 1 else None


def _merge(plan: Plan, parsed: ParsedRow) -> str:
    """A later row of the same unit: its values win; the status says whether it changed any."""
    parsed.add(None, "duplicate_in_file", row=plan.first_row)
    if "commodity" not in parsed.values and parsed.commodity_text:
        parsed.add("commodity", "commodity_kept", value=parsed.commodity_text)
    before = plan.target
    plan.target = _overlay(plan.target, parsed)
    plan.rows.append(parsed.row)
    return "unchanged" if before == plan.target else "updated"


def plan_rows(
    parsed_rows: list[ParsedRow], *, ctx: Context, year: int
) -> tuple[dict[int, Plan], dict[int, str]]:
    """Plans keyed by the row number of their first row, and each planned row's status."""
    candidates = [p for p in parsed_rows if not p.skipped and not p.rejected]
    existing = load_existing(candidates, year=year)
    plans: dict[int, Plan] = {}
    status: dict[int, str] = {}
    by_nib: dict[str, Plan] = {}
    by_nik_name: dict[tuple[str, str], Plan] = {}
    by_unit: dict[int, Plan] = {}
    for parsed in candidates:
        values = parsed.values
        nik_key = values.get("nik") or values.get("nik_masked") or ""
        name_key = (nik_key, business_match_name(values["business_name"]))
        plan = by_nib.get(values.get("nib") or "\0") or by_nik_name.get(name_key)
        if plan is not None:
            status[parsed.row] = _merge(plan, parsed)
        else:
            plan = _new_plan(parsed, existing, ctx)
            if plan is None:
                continue
            if plan.unit is not None and plan.unit.pk in by_unit:
                plan = by_unit[plan.unit.pk]
                status[parsed.row] = _merge(plan, parsed)
            else:
                plans[parsed.row] = plan
                if plan.unit is not None:
                    by_unit[plan.unit.pk] = plan
                status[parsed.row] = (
                    "created" if plan.unit is None else ("updated" if plan.changed else "unchanged")
                )
        if values.get("nib"):
            by_nib.setdefault(values["nib"], plan)
        by_nik_name.setdefault(name_key, plan)
    return plans, status


def _new_plan(parsed: ParsedRow, existing: Existing, ctx: Context) -> Plan | None:
    values = parsed.values
    unit = _find_unit(parsed, existing)
    if parsed.rejected:
        return None
    outside = unit is not None and unit.kecamatan_id not in ctx.scope.kecamatan_codes
    if unit is not None and not ctx.scope.everything and outside:
        parsed.add("kecamatan", "outside_scope", value=unit.kecamatan.name)
        return None
    if unit is None and values.get("nik_masked"):
        parsed.add("nik", "nik_masked")
        return None
    if "commodity" not in values:
        if unit is None:
            if parsed.commodity_text:
                parsed.add("commodity", "commodity_unknown", value=parsed.commodity_text)
            else:
                parsed.add("commodity", "required")
            return None
        if parsed.commodity_text:
            parsed.add("commodity", "commodity_kept", value=parsed.commodity_text)
    nik = values.get("nik", "")
    person = unit.owner if unit is not None else existing.person_by_digest.get(_digest(nik))
    if person is not None and person.name.strip().lower() != values["owner_name"].lower():
        parsed.add("owner_name", "owner_name_differs", name=person.name)
    if (
        person is not None
        and values.get("phone")
        and person.phone_encrypted
        and protect.decrypt(person.phone_encrypted) != values["phone"]
    ):
        parsed.add("phone", "phone_not_updated")
    if unit is not None:
        before = existing.states[unit.pk]
        start = before
    else:
        before = None
        start = State(
            unit={
                k: None if k in {"commodity", "desa", "year_established"} else "" for k in UNIT_KEYS
            },
            report=None,
            countries=(),
            certs=frozenset(),
        )
    return Plan(
        first_row=parsed.row,
        unit=unit,
        person=person,
        nik=nik,
        owner_name=values["owner_name"],
        sex=values.get("sex", "L"),
        phone=values.get("phone", ""),
        before=before,
        target=_overlay(start, parsed),
        rows=[parsed.row],
    )
