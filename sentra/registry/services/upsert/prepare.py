"""Step one of the bulk writer: read what the items touch, compare, build the writes. Reads
only, so it runs outside any write transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Max

from sentra.core import protect
from sentra.core.bulk import one_of
from sentra.regions.models import Region
from sentra.registry.models import (
    Certificate,
    ExportDestination,
    Person,
    ProductLine,
    Unit,
    UnitStatus,
    YearlyReport,
)
from sentra.registry.names import business_match_name, product_match_name
from sentra.registry.services.upsert.items import (
    FK_FIELDS,
    REPORT_DEFAULTS,
    REPORT_FIELDS,
    UNIT_DEFAULTS,
    UNIT_FIELDS,
    PersonState,
    Prepared,
    ProductItem,
    ReportItem,
    StalePlan,
    UnitItem,
    UnitOutcome,
    VersionConflict,
    _ProductWrite,
    _ReportWrite,
    _UnitWrite,
)
from sentra.registry.validators import nik_validate


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral_value() else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def attname(name: str) -> str:
    return _ATTNAMES.get(name) or (f"{name}_id" if name in FK_FIELDS else name)


_ATTNAMES = {n: f"{n}_id" if n in FK_FIELDS else n for n in (*UNIT_FIELDS, *FK_FIELDS)}
_UNIT_ATTNAMES = tuple(_ATTNAMES[n] for n in UNIT_FIELDS)


def _same(stored: Any, wanted: Any) -> bool:
    if isinstance(stored, Decimal) or isinstance(wanted, Decimal):
        if stored is None or wanted is None:
            return stored is wanted
        return Decimal(str(stored)) == Decimal(str(wanted))
    return bool(stored == wanted)


def _load_units(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    names = ["id", "code", "version", "owner_id", "kecamatan_id"]
    names += [attname(n) for n in UNIT_FIELDS]
    ids = set(ids)
    if not ids:
        return {}
    rows = Unit.objects.filter(pk__in=one_of(ids, integers=True)).values(*names)
    return {row["id"]: row for row in rows}


def _load_reports(
    pairs: set[tuple[int, int]],
) -> tuple[dict[tuple[int, int], dict[str, Any]], dict[int, dict[str, tuple[int, int]]]]:
    reports: dict[tuple[int, int], dict[str, Any]] = {}
    destinations: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    by_year: dict[int, set[int]] = defaultdict(set)
    for unit_id, year in pairs:
        by_year[year].add(unit_id)
    names = ["id", "unit_id", "year", "version", *REPORT_FIELDS]
    for year, unit_ids in by_year.items():
        found = YearlyReport.objects.filter(unit_id__in=one_of(unit_ids, integers=True), year=year)
        for row in found.values(*names):
            reports[(row["unit_id"], row["year"])] = row
    if reports:
        report_ids = [r["id"] for r in reports.values()]
        for pk, report_id, country, value in ExportDestination.objects.filter(
            report_id__in=one_of(report_ids, integers=True)
        ).values_list("id", "report_id", "country", "value_usd"):
            destinations[report_id][country] = (pk, value)
    return reports, destinations


def _held_kinds(unit_ids: list[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    if unit_ids:
        for unit_id, kind in Certificate.objects.filter(
            unit_id__in=one_of(unit_ids, integers=True)
        ).values_list("unit_id", "kind__code"):
            out[unit_id].add(kind)
    return out


def persons_load(ids: Iterable[int], *, lock: bool = False) -> dict[int, PersonState]:
    """id → (name, sex, phone token, NIK digest) of the given persons (locked until the
    transaction ends with `lock`)."""
    ids = set(ids)
    if not ids:
        return {}
    rows = Person.objects.filter(pk__in=one_of(ids, integers=True))
    if lock:
        rows = rows.select_for_update().order_by("pk")
    return {
        pk: (name, sex, phone, digest)
        for pk, name, sex, phone, digest in rows.values_list(
            "pk", "name", "sex", "phone_encrypted", "nik_digest"
        )
    }


_PRODUCT_FIELDS = ("kbli", "capacity", "capacity_unit", "commodity_id")


def _load_products(unit_ids: list[int]) -> dict[int, dict[str, dict[str, Any]]]:
    """unit id → product match name → the stored line."""
    out: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    if unit_ids:
        rows = ProductLine.objects.filter(unit_id__in=one_of(unit_ids, integers=True))
        for row in rows.values("id", "unit_id", "position", "name", "match_name", *_PRODUCT_FIELDS):
            out[row["unit_id"]][row["match_name"]] = row
    return out


def _desa_parents(codes: Iterable[str]) -> dict[str, str]:
    codes = set(codes)
    if not codes:
        return {}
    return dict(Region.objects.filter(code__in=one_of(codes)).values_list("code", "parent_id"))


def _year_status(
    item: UnitItem, values: dict[str, Any], latest_data_year: int | None, *, new: bool
) -> str | None:
    """A file for year Y saying the unit's status: it decides Y's record (active or not) and,
    for a new unit or in a file of the registry's latest data year or later, the unit's
    current status. An older year's file never revives or closes a unit today."""
    if item.year_status is None:
        return None
    year, status = item.year_status
    if new or latest_data_year is None or year >= latest_data_year:
        values["status"] = status
    return status


@dataclass
class _Stored:
    """What the items touch, as stored, read in a few batched queries."""

    units: dict[int, dict[str, Any]]
    reports: dict[tuple[int, int], dict[str, Any]]
    destinations: dict[int, dict[str, tuple[int, int]]]
    latest_data_year: int | None
    held: dict[int, set[str]]
    persons: dict[int, PersonState]
    found_persons: dict[str, int]  # NIK digest → person already registered
    parents: dict[str, str]  # desa code → kecamatan code
    products: dict[int, dict[str, dict[str, Any]]]

    @classmethod
    def load(cls, items: Sequence[UnitItem]) -> _Stored:
        existing = [i.unit_id for i in items if i.unit_id is not None]
        units = _load_units(existing)
        missing = [pk for pk in existing if pk not in units]
        if missing:
            raise StalePlan(f"units gone: {missing[:5]}")
        pairs = set()
        for item in items:
            if item.unit_id is None:
                continue
            pairs |= {(item.unit_id, r.year) for r in item.reports}
            if item.year_status is not None:
                pairs.add((item.unit_id, item.year_status[0]))
        reports, destinations = _load_reports(pairs)
        owner_ids = {units[i.unit_id]["owner_id"] for i in items if i.unit_id and i.owner_changes}
        owner_ids |= {i.owner_id for i in items if i.owner_id}
        digests = sorted(
            {protect.digest(i.new_owner.nik) for i in items if i.new_owner and i.new_owner.nik}
            | {protect.digest(i.owner_changes["nik"]) for i in items if i.owner_changes.get("nik")}
        )
        found: dict[str, int] = {}
        if digests:
            for digest, pk in Person.objects.filter(nik_digest__in=one_of(digests)).values_list(
                "nik_digest", "pk"
            ):
                found[str(digest)] = pk
        return cls(
            units=units,
            reports=reports,
            destinations=destinations,
            latest_data_year=YearlyReport.objects.aggregate(m=Max("year"))["m"],
            held=_held_kinds([i.unit_id for i in items if i.unit_id and i.certificates]),
            persons=persons_load(owner_ids),
            found_persons=found,
            parents=_desa_parents(
                [i.fields["desa"] for i in items if i.fields.get("desa")]
                + [row["desa_id"] for row in units.values()]
            ),
            products=_load_products([i.unit_id for i in items if i.unit_id and i.products]),
        )


def units_prepare(*, items: Sequence[UnitItem], source: str = "") -> Prepared:
    """Compare the items with the stored registry and build the writes. Reads only; raises
    VersionConflict when an item's expected version is not the stored one."""
    prepared = Prepared(outcomes=[], source=source)
    prepared.high_unit = Unit.objects.aggregate(m=Max("pk"))["m"] or 0
    prepared.high_person = Person.objects.aggregate(m=Max("pk"))["m"] or 0
    stored = _Stored.load(items)
    for item in items:
        _prepare_item(item, prepared, stored)
    prepared.persons_seen = {pk: stored.persons[pk] for pk in prepared.persons_update}
    # Encryption is the costly part of a new owner; done here, before any write lock.
    for digest, person in prepared.persons_new.items():
        prepared.persons_protected[digest] = (
            protect.encrypt(person.nik) if person.nik else "",
            protect.mask_nik(person.nik) if person.nik else "",
            protect.encrypt(person.phone) if person.phone else "",
            protect.mask_phone(person.phone) if person.phone else "",
        )
    return prepared


def _prepare_item(item: UnitItem, prepared: Prepared, stored: _Stored) -> None:
    row = stored.units.get(item.unit_id) if item.unit_id is not None else None
    if row is not None and item.expected_version not in (None, row["version"]):
        raise VersionConflict("unit", row["id"])
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    wanted = dict(item.fields)
    year_status = _year_status(item, wanted, stored.latest_data_year, new=row is None)
    status_year = item.year_status[0] if item.year_status else None
    if row is None:
        values = {attname(n): UNIT_DEFAULTS.get(n) for n in UNIT_FIELDS}
    else:
        values = {a: row[a] for a in _UNIT_ATTNAMES}
        wanted.pop("data_source", None)  # the source says where a unit came from, once
    changed: list[str] = []
    for name, value in wanted.items():
        if row is None or not _same(values[attname(name)], value):
            if row is not None:
                before[name] = _plain(values[attname(name)])
            after[name] = _plain(value)
            values[attname(name)] = value
            changed.append(name)
    values["match_name"] = business_match_name(values["business_name"] or "")
    values["kecamatan_id"] = stored.parents.get(
        values["desa_id"] or "", row["kecamatan_id"] if row else None
    )
    owner: int | str
    if row is not None:
        owner = row["owner_id"]
    elif item.owner_id is not None:
        owner = item.owner_id
    else:
        assert item.new_owner is not None, "a new unit needs an owner"
        if item.new_owner.nik:
            digest = protect.digest(item.new_owner.nik)
            owner = stored.found_persons.get(digest, digest)
            if isinstance(owner, str):
                prepared.persons_new.setdefault(digest, item.new_owner)
        else:  # nothing identifies an owner without a NIK: one record per unit
            owner = f"~{len(prepared.persons_new)}"
            prepared.persons_new[owner] = item.new_owner
    write = _UnitWrite(
        item=item,
        outcome=UnitOutcome(
            key=item.key,
            status="created" if row is None else "unchanged",
            unit_id=row["id"] if row else None,
            code=row["code"] if row else "",
            before=before,
            after=after,
        ),
        values=values,
        changed=changed,
        version=row["version"] if row else None,
        owner=owner,
    )
    if isinstance(owner, int) and item.owner_changes:
        _prepare_owner(item.owner_changes, owner, stored, prepared, before, after)
    if item.products:
        _prepare_products(write, item.products, stored, prepared)
    status_now = str(values["status"])
    report_items = list(item.reports)
    if row is not None and status_year not in (None, *(r.year for r in report_items)):
        assert status_year is not None
        # A status without figures still decides an existing record of its year.
        report_items.append(ReportItem(year=status_year))
    for report_item in report_items:
        status = year_status if report_item.year == status_year else None
        _prepare_report(write, report_item, stored, status, status_now, prepared)
    _prepare_certificates(write, item, stored, prepared)
    if row is not None and (before or after):
        for name, value in item.on_change.items():
            if not _same(values[attname(name)], value):
                before[name] = _plain(values[attname(name)])
                after[name] = _plain(value)
                values[attname(name)] = value
                changed.append(name)
        write.outcome.status = "updated"
    if row is None:
        for name, value in item.on_change.items():
            values[attname(name)] = value
    prepared.units.append(write)
    prepared.outcomes.append(write.outcome)


def _prepare_certificates(
    write: _UnitWrite, item: UnitItem, stored: _Stored, prepared: Prepared
) -> None:
    kinds = set(stored.held.get(item.unit_id or 0, set()))
    for cert in item.certificates:
        if cert.only_if_missing and cert.kind in kinds:
            continue
        kinds.add(cert.kind)
        prepared.certificates.append((write, cert))
        entry = {
            "kind": cert.kind,
            "number": cert.number,
            "issued_on": cert.issued_on,
            "expires_on": cert.expires_on,
        }
        write.outcome.after.setdefault("certificates", []).append(
            {k: _plain(v) for k, v in entry.items() if v not in (None, "")}
        )


def _prepare_products(
    write: _UnitWrite, products: list[ProductItem], stored: _Stored, prepared: Prepared
) -> None:
    """Add the lines the unit lacks and update the values given for the ones it has."""
    held = dict(stored.products.get(write.outcome.unit_id or 0, {}))
    position = max((row["position"] for row in held.values()), default=-1)
    added: list[dict[str, Any]] = []
    changed_before: list[dict[str, Any]] = []
    changed_after: list[dict[str, Any]] = []
    for item in products:
        key = product_match_name(item.name)
        if not key:
            continue
        wanted = {
            "kbli": item.kbli,
            "capacity": item.capacity,
            "capacity_unit": item.capacity_unit,
            "commodity_id": item.commodity,
        }
        wanted = {k: v for k, v in wanted.items() if v is not None}
        row = held.get(key)
        if row is None:
            assert item.commodity is not None, "a new product line needs a commodity"
            position += 1
            values = {
                "name": item.name,
                "position": position,
                "kbli": "",
                "capacity": None,
                "capacity_unit": "",
                **wanted,
            }
            held[key] = {"id": None, "match_name": key, **values}
            prepared.products.append(
                _ProductWrite(unit=write, product_id=None, match_name=key, values=values)
            )
            added.append(_product_plain(values))
            continue
        diff = {k: v for k, v in wanted.items() if not _same(row[k], v)}
        if not diff:
            continue
        changed_before.append(_product_plain({"name": row["name"], **{k: row[k] for k in diff}}))
        row.update(diff)
        changed_after.append(_product_plain({"name": row["name"], **diff}))
        if row["id"] is None:  # a line this item adds, named twice: one write
            for pending in prepared.products:
                if pending.unit is write and pending.match_name == key:
                    pending.values.update(diff)
        else:
            prepared.products.append(
                _ProductWrite(
                    unit=write,
                    product_id=row["id"],
                    match_name=key,
                    values={k: row[k] for k in ("name", "position", *_PRODUCT_FIELDS)},
                )
            )
    if added or changed_after:
        write.outcome.after["products"] = added + changed_after
        if changed_before:
            write.outcome.before["products"] = changed_before


def _product_plain(values: dict[str, Any]) -> dict[str, Any]:
    out = {("commodity" if k == "commodity_id" else k): _plain(v) for k, v in values.items()}
    out.pop("position", None)
    return out


def _prepare_owner(
    changes: dict[str, Any],
    person_id: int,
    stored: _Stored,
    prepared: Prepared,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    name, sex, phone_token, digest = stored.persons[person_id]
    pending = prepared.persons_update.setdefault(person_id, {})
    nik = changes.get("nik")
    if nik and digest is None and "nik" not in pending:
        # Completing an owner whose NIK was unknown (a later file carries it).
        if protect.digest(nik) in stored.found_persons:
            raise StalePlan("the NIK was registered for another owner meanwhile")
        pending["nik"] = nik
        before["owner.nik"], after["owner.nik"] = "", protect.mask_nik(nik)
        if not sex and not changes.get("sex"):
            changes = {**changes, "sex": nik_validate(nik).sex}
    if "name" in changes and changes["name"] and changes["name"] != pending.get("name", name):
        before["owner_name"], after["owner_name"] = name, changes["name"]
        pending["name"] = changes["name"]
    if "sex" in changes and changes["sex"] and changes["sex"] != pending.get("sex", sex):
        before["owner_sex"], after["owner_sex"] = sex, changes["sex"]
        pending["sex"] = changes["sex"]
    if changes.get("phone") is not None:
        old = protect.decrypt(phone_token) if phone_token else ""
        new = changes["phone"]
        if new != pending.get("phone", old):
            before["owner_phone"] = protect.mask_phone(old) if old else ""
            after["owner_phone"] = protect.mask_phone(new) if new else ""
            pending["phone"] = new
    if not pending:
        del prepared.persons_update[person_id]


def _prepare_report(
    write: _UnitWrite,
    item: ReportItem,
    stored: _Stored,
    year_status: str | None,
    unit_status: str,
    prepared: Prepared,
) -> None:
    unit_id = write.outcome.unit_id
    found = stored.reports.get((unit_id, item.year)) if unit_id is not None else None
    if found is not None and item.expected_version not in (None, found["version"]):
        raise VersionConflict("report", found["id"])
    wanted = dict(item.values)
    if year_status is not None:
        wanted["is_active"] = year_status == UnitStatus.ACTIVE
    if found is None and not item.values and item.countries is None:
        return  # a status alone creates no record; neither does a row without figures
    if found is None:
        # A closed or inactive unit's new record is inactive unless the caller says otherwise.
        wanted.setdefault("is_active", unit_status == UnitStatus.ACTIVE)
        values = {**REPORT_DEFAULTS, **wanted}
        changed = True
    else:
        values = {k: found[k] for k in REPORT_FIELDS}
        changed = False
    before, after = write.outcome.before, write.outcome.after
    for name, value in wanted.items():
        if found is None or not _same(values[name], value):
            if found is not None:
                before[f"{item.year}.{name}"] = _plain(values[name])
            after[f"{item.year}.{name}"] = _plain(value)
            values[name] = value
            changed = True
    report = _ReportWrite(
        unit=write,
        year=item.year,
        report_id=found["id"] if found else None,
        version=found["version"] if found else None,
        values=values,
        changed=changed,
        countries_new={},
        countries_update={},
        countries_delete=[],
    )
    if item.countries is not None:
        held = stored.destinations.get(found["id"], {}) if found else {}
        for country, value in item.countries.items():
            if country not in held:
                report.countries_new[country] = value or 0
            elif value is not None and held[country][1] != value:
                report.countries_update[held[country][0]] = value
        report.countries_delete = [pk for c, (pk, _v) in held.items() if c not in item.countries]
        old_set, new_set = sorted(held), sorted(item.countries)
        if old_set != new_set:
            if found is not None:
                before[f"{item.year}.export_countries"] = old_set
            after[f"{item.year}.export_countries"] = new_set
        elif report.countries_update:
            after[f"{item.year}.export_values"] = {
                c: v for c, v in item.countries.items() if v is not None
            }
    if changed or report.countries_new or report.countries_update or report.countries_delete:
        prepared.reports.append(report)
