"""Planning an import: each row matched to a stored unit (`identity.py`) or to an earlier row
of the file, the rows of one unit merged into one registry item, and each row's status from
what the registry's bulk writer says would change.

What a row leaves blank is not in the item, so the stored value stays; the clearing marker
`(hapus)` asks for a value to be removed. Rows go to their own year (the file's "Tahun Data"
column) or the import's year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sentra.exchange.identity import IdentityIndex, PersonRef, UnitRef
from sentra.exchange.rows import CLEAR, Context, ParsedRow
from sentra.registry.models import DataSource, Verification
from sentra.registry.names import business_match_name
from sentra.registry.services import (
    CertificateItem,
    NewPerson,
    Prepared,
    ReportItem,
    UnitItem,
    units_prepare,
)

UNIT_TEXT_KEYS = ("business_name", "nib", "kbli", "address")
REPORT_KEYS = ("workers_male", "workers_female", "investment", "production_value", "market_reach")
CERT_KEYS = ("pirt", "halal", "hki")
CLEARED: dict[str, Any] = {
    "nib": "",
    "kbli": "",
    "address": "",
    "year_established": None,
    "phone": "",
    "workers_male": 0,
    "workers_female": 0,
    "investment": 0,
    "production_value": 0,
}
CREATE_REQUIRED = ("business_name", "desa", "commodity")
_MISSING = object()


@dataclass
class Group:
    """The rows of one unit: a stored one (`unit`) or one the import creates."""

    rows: list[ParsedRow]
    unit: UnitRef | None
    person: PersonRef | None
    item: UnitItem | None = None
    quiet_rows: set[int] = field(default_factory=set)  # later rows that add nothing


@dataclass
class ImportPlan:
    groups: list[Group] = field(default_factory=list)
    statuses: dict[int, str] = field(default_factory=dict)  # row number → status
    prepared: Prepared | None = None

    @property
    def items(self) -> list[UnitItem]:
        return [g.item for g in self.groups if g.item is not None]

    def row_units(self) -> dict[int, int | None]:
        """Row number → unit id (known for created units once committed)."""
        out: dict[int, int | None] = {}
        if self.prepared is None:
            return out
        for group, outcome in zip(self.groups, self.prepared.outcomes, strict=True):
            for row in group.rows:
                out[row.row] = outcome.unit_id
        return out


def _value(key: str, value: Any) -> Any:
    return CLEARED[key] if value is CLEAR else value


def _row_year(row: ParsedRow, year: int | None) -> int | None:
    return row.values.get("year") or year


def _creation_problems(row: ParsedRow, person: PersonRef | None) -> bool:
    """Add the issues that stop a row from creating a unit; True when there are any."""
    values = row.values
    before = len(row.issues)
    for key in CREATE_REQUIRED:
        if key in values:
            continue
        if key == "commodity" and row.commodity_text:
            row.add("commodity", "commodity_unknown", value=row.commodity_text)
        elif key == "desa" and ("kecamatan" in row.given or "desa" in row.given):
            continue  # the place was given but not found: its issue is already there
        else:
            row.add("kecamatan" if key == "desa" else key, "required")
    if "nik" not in values:
        row.add("nik", "nik_masked" if row.nik_masked else "required")
    elif person is None and not values.get("owner_name"):
        row.add("owner_name", "required")
    return len(row.issues) > before and row.rejected


def plan_rows(
    parsed_rows: list[ParsedRow], *, ctx: Context, year: int | None, prepare: bool = True
) -> ImportPlan:
    """Match, group and (with `prepare`) ask the registry what each unit's rows change."""
    candidates = [p for p in parsed_rows if not p.skipped and not p.rejected]
    index = IdentityIndex.load(candidates, scope=ctx.scope)
    plan = ImportPlan()
    by_unit: dict[int, Group] = {}
    new_by_nib: dict[str, Group] = {}
    new_by_owner_name: dict[tuple[str, str], Group] = {}
    for row in candidates:
        match = index.match(row)
        if match.code:
            row.add(match.column, match.code, **match.params)
            continue
        values = row.values
        if match.unit is not None:
            if not index.sees(match.unit):
                kecamatan = ctx.regions.by_code.get(match.unit.kecamatan_id)
                row.add("kecamatan", "outside_scope", value=kecamatan.name if kecamatan else "")
                continue
            group = by_unit.get(match.unit.id)
            if group is None:
                group = by_unit[match.unit.id] = Group(rows=[], unit=match.unit, person=None)
                plan.groups.append(group)
            else:
                row.add(None, "duplicate_in_file", row=group.rows[0].row)
            group.rows.append(row)
            continue
        nib = values.get("nib") if values.get("nib") is not CLEAR else ""
        name_key = (values.get("nik", ""), business_match_name(values.get("business_name", "")))
        group = (new_by_nib.get(nib) if nib else None) or (
            new_by_owner_name.get(name_key) if all(name_key) else None
        )
        if group is not None:
            row.add(None, "duplicate_in_file", row=group.rows[0].row)
            group.rows.append(row)
        else:
            if _creation_problems(row, match.person):
                continue
            if match.person is not None and not match.person.in_scope:
                # Registering a unit for an owner the importing user may not see needs an
                # admin (the owner's data would become visible to them).
                row.add("nik", "owner_outside_scope")
                continue
            group = Group(rows=[row], unit=None, person=match.person)
            plan.groups.append(group)
        if nib:
            new_by_nib.setdefault(nib, group)
        if all(name_key):
            new_by_owner_name.setdefault(name_key, group)
    for group in plan.groups:
        group.item = _item(group, year)
        _warnings(group)
    if prepare:
        plan_prepare(plan)
    return plan


def plan_prepare(plan: ImportPlan) -> None:
    """Ask the registry what each unit's rows change; sets every planned row's status."""
    plan.prepared = units_prepare(items=plan.items, source=DataSource.IMPORT)
    for group, outcome in zip(plan.groups, plan.prepared.outcomes, strict=True):
        for row in group.rows:
            quiet = row.row in group.quiet_rows
            plan.statuses[row.row] = "unchanged" if quiet else outcome.status


def _contributions(row: ParsedRow, year: int | None) -> dict[tuple[Any, ...], Any]:
    """What a row says, as flat keys: ("unit", field), ("owner", field), ("report", year,
    field), ("countries", year), ("status", year), ("certificate", kind)."""
    values = row.values
    out: dict[tuple[Any, ...], Any] = {}
    for key in (*UNIT_TEXT_KEYS, "year_established"):
        if key in values:
            out[("unit", key)] = _value(key, values[key])
    if "commodity" in values:
        out[("unit", "commodity")] = values["commodity"].pk
    if "desa" in values:
        out[("unit", "desa")] = values["desa"].code
    if values.get("owner_name"):
        out[("owner", "name")] = values["owner_name"]
    if "sex" in values:
        out[("owner", "sex")] = values["sex"]
    if "phone" in values:
        out[("owner", "phone")] = _value("phone", values["phone"])
    row_year = _row_year(row, year)
    if row_year is not None:
        for key in REPORT_KEYS:
            if key in values:
                out[("report", row_year, key)] = _value(key, values[key])
        countries = values.get("export_countries")
        if countries is not None:
            out[("countries", row_year)] = () if countries is CLEAR else tuple(countries)
        if "status" in values:
            out[("status", row_year)] = values["status"]
    for kind in CERT_KEYS:
        if values.get(kind) is True:
            out[("certificate", kind)] = True
    return out


def _item(group: Group, year: int | None) -> UnitItem:
    merged: dict[tuple[Any, ...], Any] = {}
    for position, row in enumerate(group.rows):  # a later row of the same unit wins
        said = _contributions(row, year)
        if position and all(merged.get(k, _MISSING) == v for k, v in said.items()):
            group.quiet_rows.add(row.row)  # repeats what earlier rows said: changes nothing
        merged.update(said)
    fields: dict[str, Any] = {}
    owner: dict[str, Any] = {}
    reports: dict[int, ReportItem] = {}
    certificates: list[CertificateItem] = []
    statuses: dict[int, str] = {}
    for key, value in merged.items():
        kind = key[0]
        if kind == "unit":
            fields[key[1]] = value
        elif kind == "owner":
            owner[key[1]] = value
        elif kind == "report":
            reports.setdefault(key[1], ReportItem(year=key[1])).values[key[2]] = value
        elif kind == "countries":
            reports.setdefault(key[1], ReportItem(year=key[1])).countries = dict.fromkeys(value)
        elif kind == "status":
            statuses[key[1]] = value
        else:
            certificates.append(CertificateItem(kind=key[1], only_if_missing=True))
    latest = max(statuses) if statuses else None
    item = UnitItem(
        key=group.rows[0].row,
        reports=[reports[y] for y in sorted(reports)],
        certificates=certificates,
        year_status=(latest, statuses[latest]) if latest is not None else None,
    )
    if group.unit is not None:
        item.unit_id = group.unit.id
        item.fields = fields
        item.owner_changes = owner
        # Data from a file waits for an officer's look, like an owner's own edit.
        item.on_change = {"verification": Verification.UNVERIFIED}
        return item
    first = group.rows[0].values
    item.fields = {**fields, "data_source": DataSource.IMPORT}
    if group.person is not None:
        item.owner_id = group.person.id
        item.owner_changes = owner
    else:
        item.new_owner = NewPerson(
            nik=first["nik"],
            name=owner.get("name", ""),
            sex=owner.get("sex") or first.get("nik_sex", "L"),
            phone=owner.get("phone", ""),
            data_source=DataSource.IMPORT,
        )
    return item


def _warnings(group: Group) -> None:
    for row in group.rows:
        values = row.values
        if group.unit is not None and "commodity" not in values and row.commodity_text:
            row.add("commodity", "commodity_kept", value=row.commodity_text)
        if values.get("sex") and values.get("nik_sex") and values["sex"] != values["nik_sex"]:
            row.add("sex", "sex_nik_differs")
