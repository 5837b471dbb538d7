"""What callers hand the registry's bulk writer, what it hands back, and its errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sentra.registry.models import DataSource, UnitStatus, Verification

UNIT_FIELDS = (
    "business_name",
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
)
UNIT_DEFAULTS: dict[str, Any] = {
    "nib": "",
    "legal_form": None,
    "kbli": "",
    "kbli_version": "2020",
    "kampung": "",
    "rt": "",
    "rw": "",
    "address": "",
    "latitude": None,
    "longitude": None,
    "year_established": None,
    "status": UnitStatus.ACTIVE,
    "cluster": None,
    "data_source": DataSource.SURVEY,
    "verification": Verification.UNVERIFIED,
}
REPORT_FIELDS = (
    "is_active",
    "workers_male",
    "workers_female",
    "workers_foreign",
    "investment",
    "production_value",
    "capacity",
    "capacity_unit",
    "raw_materials",
    "market_reach",
    "export_value_usd",
)
REPORT_DEFAULTS: dict[str, Any] = {
    "is_active": True,
    "workers_male": 0,
    "workers_female": 0,
    "workers_foreign": 0,
    "investment": 0,
    "production_value": 0,
    "capacity": None,
    "capacity_unit": "",
    "raw_materials": "",
    "market_reach": "lokal",
    "export_value_usd": 0,
}
# (name, sex, phone token, NIK digest or None) of a stored owner, as the plan read it.
PersonState = tuple[str, str, str, str | None]
FK_FIELDS = {"legal_form", "commodity", "desa", "cluster", "kecamatan", "owner"}
CHUNK = 2000
YEAR_KEY = re.compile(r"^[0-9]{4}\.")


class StalePlan(Exception):
    """Something the prepared writes relied on changed before they could be committed."""


class VersionConflict(Exception):
    """A unit or yearly record was saved by someone else since the caller read it."""

    def __init__(self, model: str, pk: int) -> None:
        super().__init__(f"{model} {pk} changed")
        self.model = model
        self.pk = pk


@dataclass
class NewPerson:
    """An owner to register with a new unit (found instead when the NIK is registered). The
    NIK may be unknown (None: "NIK belum tercatat"), the name empty and the sex "" (unknown);
    such an owner is registered anew for each unit, as nothing identifies it."""

    nik: str | None
    name: str
    sex: str
    phone: str = ""
    consent_at: datetime | None = None
    data_source: str = DataSource.IMPORT


@dataclass
class ReportItem:
    """Yearly figures for one year. `values` holds only the fields given; a record that does
    not exist yet gets the defaults for the rest. `countries` (ISO code → value in USD, None
    for "keep the stored value") replaces the destinations when given."""

    year: int
    values: dict[str, Any] = field(default_factory=dict)
    countries: dict[str, int | None] | None = None
    expected_version: int | None = None


@dataclass
class ProductItem:
    """One product line of a unit, found among the stored ones by its name (compared without
    case and punctuation). A stored line gets the values given (None keeps); a new line needs
    a commodity. Lines an item does not name are kept."""

    name: str
    kbli: str | None = None
    capacity: Decimal | None = None
    capacity_unit: str | None = None
    commodity: int | None = None  # Commodity pk


@dataclass
class CertificateItem:
    kind: str  # CertificateKind code
    number: str = ""
    issued_on: date | None = None
    expires_on: date | None = None
    status: str = "berlaku"
    only_if_missing: bool = False  # an import's "Ya": add unless the unit holds this kind


@dataclass
class UnitItem:
    """One unit to create (`unit_id` None) or update."""

    key: Any = None  # the caller's handle, returned in the outcome
    unit_id: int | None = None
    expected_version: int | None = None  # forms: raise VersionConflict when it differs
    owner_id: int | None = None  # a new unit's existing owner
    new_owner: NewPerson | None = None  # ... or one to register
    # name / sex / phone, and "nik" to complete an owner whose NIK is not recorded yet
    owner_changes: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    on_change: dict[str, Any] = field(default_factory=dict)  # unit fields set only if changed
    reports: list[ReportItem] = field(default_factory=list)
    certificates: list[CertificateItem] = field(default_factory=list)
    products: list[ProductItem] = field(default_factory=list)
    # (year, status): a file's status for its year; see `_year_status`.
    year_status: tuple[int, str] | None = None


@dataclass
class UnitOutcome:
    key: Any
    status: str  # created | updated | unchanged
    unit_id: int | None
    code: str
    before: dict[str, Any]
    after: dict[str, Any]


@dataclass
class _UnitWrite:
    item: UnitItem
    outcome: UnitOutcome
    values: dict[str, Any]  # the unit's target field values (attnames)
    changed: list[str]
    version: int | None  # the stored version this plan relied on
    owner: int | str | None  # person id, or the digest of a new person


@dataclass
class _ReportWrite:
    unit: _UnitWrite
    year: int
    report_id: int | None
    version: int | None
    values: dict[str, Any]
    changed: bool
    countries_new: dict[str, int]
    countries_update: dict[int, int]  # destination id → value
    countries_delete: list[int]


@dataclass
class _ProductWrite:
    unit: _UnitWrite
    product_id: int | None  # None: a new line
    match_name: str
    values: dict[str, Any]  # name, position, kbli, capacity, capacity_unit, commodity_id


@dataclass
class Prepared:
    """What `units_commit` writes; `outcomes` in the order of the items."""

    outcomes: list[UnitOutcome]
    source: str
    units: list[_UnitWrite] = field(default_factory=list)
    # NIK digest (or "~N" for an owner whose NIK is unknown) → person
    persons_new: dict[str, NewPerson] = field(default_factory=dict)
    # the same key → the protected columns of a new person (encrypted before the write lock)
    persons_protected: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    persons_update: dict[int, dict[str, Any]] = field(default_factory=dict)
    persons_seen: dict[int, PersonState] = field(default_factory=dict)
    products: list[_ProductWrite] = field(default_factory=list)
    reports: list[_ReportWrite] = field(default_factory=list)
    certificates: list[tuple[_UnitWrite, CertificateItem]] = field(default_factory=list)
    high_unit: int = 0
    high_person: int = 0
    summary: str = ""

    def new_digests(self) -> list[str]:
        """The NIK digests of the owners to register (not those without a NIK)."""
        return [key for key in self.persons_new if not key.startswith("~")]

    @property
    def changed_count(self) -> int:
        return sum(1 for o in self.outcomes if o.status != "unchanged")
