"""The demo's rows before they become model instances: plain, database-free dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sentra.demo.certificates import CertificateRow
from sentra.demo.geography import ClusterPlan

YEARS = (2016, 2017, 2018)


@dataclass
class PersonRow:
    name: str
    short: str
    sex: str
    nik: str
    phone: str
    consent_at: datetime | None
    units: int = 0


@dataclass
class ReportRow:
    year: int
    is_active: bool
    workers_male: int = 0
    workers_female: int = 0
    investment: int = 0
    production_value: int = 0
    capacity: int | None = None
    capacity_unit: str = ""
    raw_materials: str = ""
    market_reach: str = "lokal"
    export_value_usd: int = 0
    exports: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class UnitRow:
    commodity: str
    kecamatan: str
    desa: str
    kampung: str
    year_established: int
    owner: int = -1
    business_name: str = ""
    legal_form: str = "perorangan"
    nib: str = ""
    rt: str = ""
    rw: str = ""
    status: str = "aktif"
    verification: str = "terverifikasi"
    cluster: int | None = None
    closed_in: int | None = None
    export_from: int | None = None  # first year with exports
    countries: tuple[str, ...] = ()
    reports: list[ReportRow] = field(default_factory=list)
    certificates: list[CertificateRow] = field(default_factory=list)

    def active_in(self, year: int) -> bool:
        opened = max(self.year_established, YEARS[0])
        return opened <= year and (self.closed_in is None or year < self.closed_in)


@dataclass
class DemoData:
    persons: list[PersonRow]
    units: list[UnitRow]
    clusters: list[ClusterPlan]
    account_unit: int  # the Pasir Ona exporter whose owner gets the demo owner account
