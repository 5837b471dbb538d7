"""The shapes the API reads and writes (OpenAPI components)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field

MAX_ID = 2**63 - 1  # the largest database id: larger numbers are refused, never sent on

UnitStatusValue = Literal["aktif", "tidak_aktif", "tutup", "pindah"]
MarketReachValue = Literal["lokal", "regional", "nasional", "ekspor"]


class Problem(Schema):
    """RFC 9457 problem details (media type application/problem+json)."""

    type: str = Field(examples=["urn:sentra:problem:validation"])
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, str]] | None = Field(
        default=None, description="For invalid input: one entry per field (field, code, message)."
    )


class Named(Schema):
    code: str
    name: str


class OwnerRef(Schema):
    id: int
    name: str


class YearFigures(Schema):
    workers: int | None
    production_value: int | None
    market_reach: str | None


class UnitOut(Schema):
    id: int = Field(description="The same id as in `sentra export-units`.")
    code: str = Field(description="The public unit code, e.g. IKM-3602-0001234; never changes.")
    business_name: str
    owner: OwnerRef
    nib: str
    legal_form: str | None = Field(description="Legal form code")
    kbli: str
    kbli_version: str
    commodity: Named
    desa: Named
    kecamatan: Named
    kampung: str
    rt: str
    rw: str
    address: str
    latitude: float | None
    longitude: float | None
    year_established: int | None
    status: str
    verification: str
    data_source: str
    version: int
    updated_at: datetime
    year: int | None = Field(description="The year `year_figures` refer to (the filter's year).")
    year_figures: YearFigures | None


class UnitPage(Schema):
    results: list[UnitOut]
    next: str | None


class UnitPatch(Schema):
    """Business fields of a unit; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    business_name: str | None = Field(default=None, min_length=1, max_length=200)
    nib: str | None = Field(default=None, max_length=13)
    legal_form: str | None = Field(default=None, max_length=16, description="Legal form code")
    kbli: str | None = Field(default=None, max_length=5)
    commodity: str | None = Field(default=None, max_length=32, description="Commodity code")
    desa: str | None = Field(default=None, max_length=13, description="Kemendagri desa code")
    kampung: str | None = Field(default=None, max_length=100)
    rt: str | None = Field(default=None, max_length=3)
    rw: str | None = Field(default=None, max_length=3)
    address: str | None = Field(default=None, max_length=255)
    year_established: int | None = Field(default=None, ge=1900, le=2100)
    status: UnitStatusValue | None = None


class OwnerOut(Schema):
    id: int
    name: str
    sex: str
    nik: str = Field(description="Masked unless revealed (`?reveal=nik`).")
    phone: str = Field(description="Masked unless revealed (`?reveal=phone`).")
    consent: bool
    units: list[int] = Field(description="Ids of this owner's units that the caller may see.")
    revealed: list[str] = Field(description="Fields shown in clear in this answer (audited).")


class OwnerPage(Schema):
    results: list[OwnerOut]
    next: str | None


class ReportOut(Schema):
    id: int
    unit_id: int
    unit_code: str
    year: int
    is_active: bool
    workers_male: int
    workers_female: int
    investment: int
    production_value: int
    capacity: int | None
    capacity_unit: str
    raw_materials: str
    market_reach: str
    export_value_usd: int
    export_countries: list[str]
    version: int
    updated_at: datetime


class ReportPage(Schema):
    results: list[ReportOut]
    next: str | None


class ReportPatch(Schema):
    """Fields of a yearly report; omitted fields keep their value. The year is fixed."""

    model_config = ConfigDict(extra="forbid")

    is_active: bool | None = None
    workers_male: int | None = Field(default=None, ge=0, le=1_000_000)
    workers_female: int | None = Field(default=None, ge=0, le=1_000_000)
    investment: int | None = Field(default=None, ge=0, le=10**15)
    production_value: int | None = Field(default=None, ge=0, le=10**15)
    capacity: int | None = Field(default=None, ge=0, le=2_000_000_000)
    capacity_unit: str | None = Field(default=None, max_length=32)
    raw_materials: str | None = Field(default=None, max_length=255)
    market_reach: MarketReachValue | None = None
    export_value_usd: int | None = Field(default=None, ge=0, le=10**15)
    export_countries: list[str] | None = Field(default=None, max_length=250)


class ProgramOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    fiscal_year: int
    funding_source: str
    budget_ceiling: int
    realised_spending: int
    quota: int
    starts_on: date | None
    ends_on: date | None
    place: str
    target_kind: str
    status: str


class ProgramPage(Schema):
    results: list[ProgramOut]
    next: str | None


class ParticipationOut(Schema):
    id: int
    program_id: int
    program_code: str
    unit_id: int | None
    unit_code: str | None
    cluster_id: int | None
    cluster_name: str | None
    stage: str
    delivered_on: date | None


class ParticipationPage(Schema):
    results: list[ParticipationOut]
    next: str | None


class CodeNameCount(Schema):
    code: str
    name: str
    units: int
    workers: int


class CountryCount(Schema):
    country: str
    units: int


class Statistics(Schema):
    """The same keys and figures as `sentra stats --format json`."""

    year: int
    region: Named
    units: int
    units_previous_year: int
    workers: int
    workers_male: int
    workers_female: int
    by_commodity: list[CodeNameCount]
    by_kecamatan: list[CodeNameCount]
    by_region: list[CodeNameCount] = Field(
        description="The regions one level down: provinces of ID, regencies of a province, "
        "kecamatan of a regency, desa of a kecamatan"
    )
    exporting_units: int
    export_destinations: list[CountryCount]
    statement: str


class SiinasOut(Schema):
    unit_id: int
    unit_code: str
    business_name: str
    kecamatan: str
    year: int
    reported: bool = Field(description="sudah lapor (true) or belum lapor (false)")
    receipt_number: str = Field(description="nomor bukti")
    reported_on: date | None = Field(description="tanggal lapor")


class SiinasPage(Schema):
    results: list[SiinasOut]
    next: str | None
