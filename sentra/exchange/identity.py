"""Which stored unit a file row describes. This is the one place the matching order lives:

1. **Kode Unit**: the unit with that code. A code Sentra never issued rejects the row.
2. **NIB**: the units holding that NIB, narrowed to the row's owner when the row carries a
   full NIK (a NIB is not unique on its own) and to the row's business name when several
   remain.
3. **Full NIK + business name**: the owner's units with the same normalised business name.
4. **Business name + desa**, only for rows that carry none of the keys above (OSS and SIINas
   rows without a NIB, survey rows without a NIK), or whose full NIK nobody holds yet: then
   only among units whose owner's NIK is not recorded, and the row completes that owner.

A masked NIK is no NIK: it never identifies anyone. One row never merges two stored units:
when its keys point at different units it is rejected naming both codes, and a key that
points at several units (two stalls of one owner with the same name) without a code to
choose between them is rejected as ambiguous. Sources that carry none of these keys extend
the order at the end, never before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from sentra.accounts.scope import Scope
from sentra.core import protect
from sentra.core.bulk import one_of
from sentra.exchange.rows import CLEAR, ParsedRow
from sentra.registry.models import Person, Unit
from sentra.registry.names import business_match_name

SHOWN_CODES = 3  # codes named in one message


@dataclass(frozen=True)
class UnitRef:
    """What matching needs to know of a stored unit."""

    id: int
    code: str
    owner_id: int
    owner_digest: str | None  # None: the owner's NIK is not recorded
    nib: str
    match_name: str
    kecamatan_id: str
    desa_id: str
    commodity_id: int


@dataclass(frozen=True)
class PersonRef:
    id: int
    in_scope: bool  # has a unit the importing user may see (or the user sees everything)


@dataclass
class Match:
    unit: UnitRef | None = None
    person: PersonRef | None = None  # the owner the row's full NIK names, if registered
    code: str | None = None  # an issue code that rejects the row
    params: dict[str, str] = field(default_factory=dict)
    column: str | None = None
    complete_nik: bool = False  # the unit's owner has no NIK yet: the row's NIK completes it


_REF_FIELDS = (
    "id",
    "code",
    "owner_id",
    "owner__nik_digest",
    "nib",
    "match_name",
    "kecamatan_id",
    "desa_id",
    "commodity_id",
)


def _refs(units: QuerySet[Unit]) -> list[UnitRef]:
    return [UnitRef(*row) for row in units.order_by("id").values_list(*_REF_FIELDS)]


@dataclass
class IdentityIndex:
    """The stored units and owners a file's keys can reach, loaded in batched queries."""

    scope: Scope
    by_code: dict[str, UnitRef] = field(default_factory=dict)
    by_nib: dict[str, list[UnitRef]] = field(default_factory=dict)
    persons: dict[str, PersonRef] = field(default_factory=dict)  # NIK digest → owner
    by_owner_name: dict[tuple[int, str], list[UnitRef]] = field(default_factory=dict)
    by_name_desa: dict[tuple[str, str], list[UnitRef]] = field(default_factory=dict)

    @classmethod
    def load(cls, rows: list[ParsedRow], *, scope: Scope) -> IdentityIndex:
        index = cls(scope=scope)
        codes = sorted({r.values["code"] for r in rows if r.values.get("code")})
        nibs = sorted({r.values["nib"] for r in rows if _nib(r)})
        digests = sorted({protect.digest(r.values["nik"]) for r in rows if r.values.get("nik")})
        for ref in _refs(Unit.objects.filter(code__in=one_of(codes))) if codes else []:
            index.by_code[ref.code] = ref
        for ref in _refs(Unit.objects.filter(nib__in=one_of(nibs))) if nibs else []:
            index.by_nib.setdefault(ref.nib, []).append(ref)
        person_ids: dict[int, str] = {}
        if digests:
            for pk, digest in Person.objects.filter(nik_digest__in=one_of(digests)).values_list(
                "pk", "nik_digest"
            ):
                person_ids[pk] = str(digest)
        visible: set[int] = set()
        owned = Unit.objects.filter(owner_id__in=one_of(person_ids, integers=True))
        for ref in _refs(owned) if person_ids else []:
            index.by_owner_name.setdefault((ref.owner_id, ref.match_name), []).append(ref)
            if index.sees(ref):
                visible.add(ref.owner_id)
        for pk, digest in person_ids.items():
            index.persons[digest] = PersonRef(id=pk, in_scope=scope.everything or pk in visible)
        names = sorted(
            {
                business_match_name(r.values["business_name"])
                for r in rows
                if r.values.get("business_name")
                and "desa" in r.values
                and not r.values.get("code")
                and not _nib(r)
            }
        )
        for start in range(0, len(names), 2000):
            chunk = names[start : start + 2000]
            for ref in _refs(Unit.objects.filter(match_name__in=one_of(chunk))):
                index.by_name_desa.setdefault((ref.match_name, ref.desa_id), []).append(ref)
        return index

    def sees(self, unit: UnitRef) -> bool:
        return self.scope.everything or unit.kecamatan_id in self.scope.kecamatan_codes

    def _codes(self, units: list[UnitRef]) -> str:
        """Codes to name in a message: only of units the importing user may see."""
        shown = [u.code for u in units if self.sees(u)][:SHOWN_CODES]
        return ", ".join(shown) if shown else "–"

    def match(self, row: ParsedRow) -> Match:
        values = row.values
        code = values.get("code")
        nib = _nib(row)
        nik = values.get("nik")
        digest = protect.digest(nik) if nik else ""
        name = business_match_name(values["business_name"]) if values.get("business_name") else ""
        person = self.persons.get(digest) if digest else None
        nib_units = self.by_nib.get(nib, []) if nib else []
        named = self.by_owner_name.get((person.id, name), []) if person and name else []
        if code:
            unit = self.by_code.get(code)
            if unit is None:
                return Match(code="code_unknown", params={"value": code}, column="code")
            if digest and unit.owner_digest not in (digest, None):
                return Match(code="owner_not_unit_owner", params={"unit": code}, column="nik")
            others = [u for u in nib_units if u.id != unit.id and u.owner_id != unit.owner_id]
            if others and unit not in nib_units:
                return Match(
                    code="keys_conflict",
                    params={"unit": unit.code, "other": self._codes(others)},
                    column="nib",
                )
            return self._found(unit, person, digest)
        if nib_units:
            candidates = (
                [u for u in nib_units if u.owner_digest in (digest, None)] if digest else nib_units
            )
            if not candidates:
                return Match(
                    code="nib_owner_mismatch",
                    params={"other": self._codes(nib_units)},
                    column="nib",
                )
            if len(candidates) > 1 and name:
                candidates = [u for u in candidates if u.match_name == name] or candidates
            if len(candidates) > 1:
                return Match(
                    code="ambiguous", params={"other": self._codes(candidates)}, column="nib"
                )
            unit = candidates[0]
            if named and unit not in named:
                return Match(
                    code="keys_conflict",
                    params={"unit": unit.code, "other": self._codes(named)},
                    column="nib",
                )
            return self._found(unit, person, digest)
        if len(named) > 1:
            return Match(
                code="ambiguous", params={"other": self._codes(named)}, column="business_name"
            )
        if named:
            return Match(unit=named[0], person=person)
        desa = values.get("desa")
        if nib or not name or desa is None or person is not None:
            return Match(person=person)
        # 4. Business name + desa: no code, no NIB, and no NIK anyone holds.
        same = self.by_name_desa.get((name, desa.code), [])
        if digest:
            same = [u for u in same if u.owner_digest is None]
        if len(same) > 1:
            return Match(
                code="ambiguous", params={"other": self._codes(same)}, column="business_name"
            )
        if same:
            return self._found(same[0], person, digest)
        return Match(person=person)

    def _found(self, unit: UnitRef, person: PersonRef | None, digest: str) -> Match:
        """The row's unit; a full NIK completes an owner recorded without one, unless another
        owner holds that NIK (an import never changes a unit's owner)."""
        if digest and unit.owner_digest is None:
            if person is not None:
                return Match(
                    code="nik_registered_elsewhere", params={"unit": unit.code}, column="nik"
                )
            return Match(unit=unit, complete_nik=True)
        return Match(unit=unit, person=person)


def _nib(row: ParsedRow) -> str:
    nib = row.values.get("nib")
    return nib if nib and nib is not CLEAR else ""
