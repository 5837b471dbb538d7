"""Planning an import: each row matched to a stored unit (`identity.py`) or to an earlier row
of the file, the rows of one unit merged into one registry item, and each row's status from
what the registry's bulk writer says would change.

What a row leaves blank is not in the item, so the stored value stays; the clearing marker
`(hapus)` asks for a value to be removed. Rows go to their own year (the file's "Tahun Data"
column) or the import's year.

The source layout's merge policy decides how the rows of one unit combine: in Sentra's own
files a later row wins and a repeated row is reported; in an OSS export or a SIINas sheet the
rows of one NIB are one unit with all its products, their workers and investments summed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sentra.exchange.identity import IdentityIndex, PersonRef, UnitRef
from sentra.exchange.rows import CLEAR, Context, ParsedRow, ProductValue
from sentra.registry.models import DataSource, Verification
from sentra.registry.names import business_match_name, product_match_name
from sentra.registry.services import (
    CertificateItem,
    NewPerson,
    Prepared,
    ProductItem,
    ReportItem,
    UnitItem,
    units_prepare,
)

UNIT_TEXT_KEYS = ("business_name", "nib", "kbli", "address", "latitude", "longitude")
REPORT_KEYS = (
    "workers_male",
    "workers_female",
    "workers_foreign",
    "investment",
    "production_value",
    "market_reach",
    "export_value",
)
# A row's key → the yearly record's field.
REPORT_FIELD = {"export_value": "export_value_usd"}
CERT_KEYS = ("pirt", "halal", "hki")
CLEARED: dict[str, Any] = {
    "nib": "",
    "kbli": "",
    "address": "",
    "year_established": None,
    "phone": "",
    "workers_male": 0,
    "workers_female": 0,
    "workers_foreign": 0,
    "investment": 0,
    "production_value": 0,
    "export_value": 0,
}
CREATE_REQUIRED = ("business_name", "desa")
_MISSING = object()


@dataclass
class Group:
    """The rows of one unit: a stored one (`unit`) or one the import creates."""

    rows: list[ParsedRow]
    unit: UnitRef | None
    person: PersonRef | None
    item: UnitItem | None = None
    quiet_rows: set[int] = field(default_factory=set)  # later rows that add nothing
    complete_nik: bool = False  # the stored owner has no NIK; the rows' NIK completes it


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


def _creation_problems(row: ParsedRow) -> bool:
    """Add the issues that stop a row from creating a unit; True when there are any. A new unit
    needs a business name and its desa; its owner, NIK and commodity may be unknown."""
    values = row.values
    before = len(row.issues)
    for key in CREATE_REQUIRED:
        if key in values:
            continue
        if key == "desa" and ("kecamatan" in row.given or "desa" in row.given):
            continue  # the place was given but not found: its issue is already there
        row.add("kecamatan" if key == "desa" else key, "required")
    return len(row.issues) > before and row.rejected


def _new_key(values: dict[str, Any]) -> tuple[str, ...]:
    """What makes two new rows one unit: the NIB; else the NIK and business name; else (no
    keys at all) the business name and desa."""
    nib = values.get("nib") if values.get("nib") is not CLEAR else ""
    name = business_match_name(values.get("business_name", ""))
    if nib:
        return ("nib", nib)
    if values.get("nik"):
        return ("nik", values["nik"], name)
    desa = values.get("desa")
    return ("desa", desa.code, name) if desa is not None and name else ()


def plan_rows(
    parsed_rows: list[ParsedRow], *, ctx: Context, year: int | None, prepare: bool = True
) -> ImportPlan:
    """Match, group and (with `prepare`) ask the registry what each unit's rows change."""
    candidates = [p for p in parsed_rows if not p.skipped and not p.rejected]
    index = IdentityIndex.load(candidates, scope=ctx.scope)
    plan = ImportPlan()
    by_unit: dict[int, Group] = {}
    new_groups: dict[tuple[str, ...], Group] = {}
    merge_by = ctx.profile.merge_by
    for row in candidates:
        match = index.match(row)
        if match.code:
            row.add(match.column, match.code, **match.params)
            continue
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
                _joined(row, group, merge_by)
            group.complete_nik = group.complete_nik or match.complete_nik
            group.rows.append(row)
            continue
        key = _new_key(row.values)
        group = new_groups.get(key) if key else None
        if group is not None:
            _joined(row, group, merge_by)
            group.rows.append(row)
            continue
        if _creation_problems(row):
            continue
        if match.person is not None and not match.person.in_scope:
            # Registering a unit for an owner the importing user may not see needs an admin
            # (the owner's data would become visible to them).
            row.add("nik", "owner_outside_scope")
            continue
        group = Group(rows=[row], unit=None, person=match.person)
        plan.groups.append(group)
        if key:
            new_groups[key] = group
    for group in plan.groups:
        group.item = _item(group, year, ctx)
        _warnings(group)
    if prepare:
        plan_prepare(plan)
    return plan


def _joined(row: ParsedRow, group: Group, merge_by: str) -> None:
    """Report a row that joins earlier rows of its unit: merged (the layout's policy, e.g. the
    rows of one NIB in an OSS export) or repeated."""
    first = group.rows[0]
    if (
        merge_by
        and row.values.get(merge_by)
        and row.values.get(merge_by) == first.values.get(merge_by)
    ):
        row.add(None, "merged_rows", row=first.row, by=merge_by.upper())
    else:
        row.add(None, "duplicate_in_file", row=first.row)


def plan_prepare(plan: ImportPlan) -> None:
    """Ask the registry what each unit's rows change; sets every planned row's status."""
    plan.prepared = units_prepare(items=plan.items, source=DataSource.IMPORT)
    for group, outcome in zip(plan.groups, plan.prepared.outcomes, strict=True):
        for row in group.rows:
            quiet = row.row in group.quiet_rows
            plan.statuses[row.row] = "unchanged" if quiet else outcome.status


def _contributions(row: ParsedRow, year: int | None) -> dict[tuple[Any, ...], Any]:
    """What a row says, as flat keys: ("unit", field), ("owner", field), ("report", year,
    field), ("countries", year), ("status", year), ("certificate", kind),
    ("product", match name)."""
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
    for product in row.products:
        out[("product", product_match_name(product.name))] = product
    return out


def _combine(key: tuple[Any, ...], old: Any, new: Any, summed: frozenset[str], keep: str) -> Any:
    """A value several rows of one unit give: summed figures add up, product lines take what
    each row adds, other values follow the layout's `keep` (first or last row wins)."""
    if key[0] == "report" and key[2] in summed:
        return old + new
    if key[0] == "countries" and summed:  # each product row names its own destinations
        return tuple(sorted({*old, *new}))
    if key[0] == "product":
        return ProductValue(
            name=old.name,
            commodity=old.commodity if old.how != "unresolved" else new.commodity,
            how=old.how if old.how != "unresolved" else new.how,
            kbli=old.kbli or new.kbli,
            capacity=new.capacity if new.capacity is not None else old.capacity,
            capacity_unit=new.capacity_unit or old.capacity_unit,
        )
    return old if keep == "first" else new


def _item(group: Group, year: int | None, ctx: Context) -> UnitItem:
    summed = ctx.profile.merge_sum if ctx.profile.merge_by else frozenset()
    keep = ctx.profile.merge_keep
    merged: dict[tuple[Any, ...], Any] = {}
    for position, row in enumerate(group.rows):
        said = _contributions(row, year)
        if position and all(merged.get(k, _MISSING) == v for k, v in said.items()) and not summed:
            group.quiet_rows.add(row.row)  # repeats what earlier rows said: changes nothing
        for key, value in said.items():
            if key in merged and value is not CLEAR and merged[key] is not CLEAR:
                merged[key] = _combine(key, merged[key], value, summed, keep)
            else:
                merged[key] = value
    fields: dict[str, Any] = {}
    owner: dict[str, Any] = {}
    reports: dict[int, ReportItem] = {}
    certificates: list[CertificateItem] = []
    statuses: dict[int, str] = {}
    products: list[ProductValue] = []
    for key, value in merged.items():
        kind = key[0]
        if kind == "unit":
            fields[key[1]] = value
        elif kind == "owner":
            owner[key[1]] = value
        elif kind == "report":
            name = REPORT_FIELD.get(key[2], key[2])
            reports.setdefault(key[1], ReportItem(year=key[1])).values[name] = value
        elif kind == "countries":
            reports.setdefault(key[1], ReportItem(year=key[1])).countries = dict.fromkeys(value)
        elif kind == "status":
            statuses[key[1]] = value
        elif kind == "product":
            products.append(value)
        else:
            certificates.append(CertificateItem(kind=key[1], only_if_missing=True))
    latest = max(statuses) if statuses else None
    item = UnitItem(
        key=group.rows[0].row,
        reports=[reports[y] for y in sorted(reports)],
        certificates=certificates,
        year_status=(latest, statuses[latest]) if latest is not None else None,
        products=[
            ProductItem(
                name=p.name,
                kbli=p.kbli,
                capacity=p.capacity,
                capacity_unit=p.capacity_unit,
                commodity=p.commodity.pk,
            )
            for p in products
        ],
    )
    classified = [p.commodity.pk for p in products if p.how != "unresolved"]
    if group.unit is not None:
        if (
            "commodity" not in fields
            and classified
            and group.unit.commodity_id == ctx.commodities.unclassified.pk
        ):
            fields["commodity"] = classified[0]  # an unclassified unit learns what it makes
        item.unit_id = group.unit.id
        item.fields = fields
        item.owner_changes = owner
        if group.complete_nik:
            nik = next(r.values["nik"] for r in group.rows if r.values.get("nik"))
            item.owner_changes["nik"] = nik
        # Data from a file waits for an officer's look, like an owner's own edit.
        item.on_change = {"verification": Verification.UNVERIFIED}
        return item
    first = group.rows[0].values
    if "commodity" not in fields:
        fields["commodity"] = classified[0] if classified else ctx.commodities.unclassified.pk
    item.fields = {**fields, "data_source": DataSource.IMPORT}
    if group.person is not None:
        item.owner_id = group.person.id
        item.owner_changes = owner
    else:
        item.new_owner = NewPerson(
            nik=first.get("nik"),
            name=owner.get("name", ""),
            sex=owner.get("sex") or first.get("nik_sex", ""),
            phone=owner.get("phone", ""),
            data_source=DataSource.IMPORT,
        )
    return item


def _warnings(group: Group) -> None:
    first = group.rows[0]
    if group.unit is None and group.person is None and "nik" not in first.values:
        if first.nik_masked:
            first.add("nik", "nik_masked")
        elif group.item is not None and group.item.new_owner and group.item.new_owner.name:
            first.add("nik" if "nik" in first.headers else None, "owner_nik_missing")
        else:
            first.add("owner_name" if "owner_name" in first.headers else None, "owner_unknown")
    if group.complete_nik:
        completing = next(r for r in group.rows if r.values.get("nik"))
        completing.add("nik", "owner_completed")
    for row in group.rows:
        values = row.values
        if group.unit is not None and "commodity" not in values and row.commodity_text:
            row.add("commodity", "commodity_kept", value=row.commodity_text)
        if values.get("sex") and values.get("nik_sex") and values["sex"] != values["nik_sex"]:
            row.add("sex", "sex_nik_differs")
