"""Loading many new units at once (the scale demo; a first load of a province's registry):
owners, units, yearly reports, export destinations and certificates, streamed with COPY on
PostgreSQL (batched INSERTs on SQLite).

Every unit gets its code from its regency's sequence and every owner is protected like any
other (NIK encrypted, keyed digest, masks). Instead of one audit row per unit, each batch
writes one summarising row to the hash-chained log naming the id and code ranges it created
and what they hold (docs/decisions.md: "A scale load is audited per batch"). The statistics
are not followed unit by unit: the caller rebuilds them once at the end (`stats_refresh`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sentra.core import protect
from sentra.core.audit import AuditEntry, audit_bulk
from sentra.core.bulk import ids_reserve, rows_copy
from sentra.registry.models import (
    Certificate,
    CertificateKind,
    ExportDestination,
    Person,
    Unit,
    YearlyReport,
)
from sentra.registry.names import business_match_name
from sentra.registry.services.upsert.commit import _codes_reserve


@dataclass(slots=True)
class LoadPerson:
    nik: str
    name: str
    sex: str
    phone: str = ""
    consent_at: datetime | None = None


@dataclass(slots=True)
class LoadReport:
    year: int
    is_active: bool = True
    workers_male: int = 0
    workers_female: int = 0
    investment: int = 0
    production_value: int = 0
    capacity: int | None = None
    capacity_unit: str = ""
    raw_materials: str = ""
    market_reach: str = "lokal"
    export_value_usd: int = 0
    exports: tuple[tuple[str, int], ...] = ()


@dataclass(slots=True)
class LoadCertificate:
    kind: str  # CertificateKind code
    number: str = ""
    issued_on: date | None = None
    expires_on: date | None = None
    status: str = "berlaku"


@dataclass(slots=True)
class LoadUnit:
    owner: int  # index of the owner among the batch's persons
    business_name: str
    commodity: int  # Commodity pk
    desa: str  # desa code
    kecamatan: str  # its kecamatan's code
    data_source: str
    nib: str = ""
    legal_form: int | None = None
    kbli: str = ""
    kampung: str = ""
    rt: str = ""
    rw: str = ""
    address: str = ""
    year_established: int | None = None
    status: str = "aktif"
    verification: str = "terverifikasi"
    reports: list[LoadReport] = field(default_factory=list)
    certificates: list[LoadCertificate] = field(default_factory=list)


@dataclass
class LoadBatch:
    persons: list[LoadPerson] = field(default_factory=list)
    units: list[LoadUnit] = field(default_factory=list)


@dataclass
class LoadResult:
    unit_ids: list[int]
    counts: dict[str, int]


PERSON_COLUMNS = (
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
)
UNIT_COLUMNS = (
    "id",
    "code",
    "created_at",
    "updated_at",
    "business_name",
    "match_name",
    "owner",
    "nib",
    "legal_form",
    "kbli",
    "kbli_version",
    "commodity",
    "desa",
    "kecamatan",
    "kampung",
    "rt",
    "rw",
    "address",
    "year_established",
    "status",
    "data_source",
    "verification",
    "version",
)
REPORT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "unit",
    "year",
    "is_active",
    "workers_male",
    "workers_female",
    "investment",
    "production_value",
    "capacity",
    "capacity_unit",
    "raw_materials",
    "market_reach",
    "export_value_usd",
    "version",
)


def _person_rows(
    batch: LoadBatch, ids: list[int], now: datetime, source: str
) -> Iterator[tuple[Any, ...]]:
    encrypt, digest, mask_nik, mask_phone = (
        protect.encrypt,
        protect.digest,
        protect.mask_nik,
        protect.mask_phone,
    )
    for pk, p in zip(ids, batch.persons, strict=True):
        yield (
            pk,
            now,
            now,
            p.name,
            digest(p.nik),
            encrypt(p.nik),
            mask_nik(p.nik),
            p.sex,
            encrypt(p.phone) if p.phone else "",
            mask_phone(p.phone) if p.phone else "",
            p.consent_at is not None,
            p.consent_at,
            source,
        )


def units_bulk_load(*, actor: Any, batch: LoadBatch, summary: str = "") -> LoadResult:
    """Write a batch of new units with their new owners. Call inside a transaction (one per
    batch keeps PostgreSQL's deferred foreign-key checks small); returns the units' ids in
    the batch's order and the rows written."""
    assert transaction.get_connection().in_atomic_block, "units_bulk_load needs a transaction"
    now = timezone.now()
    units = batch.units
    if not units:
        return LoadResult(unit_ids=[], counts={})
    source = units[0].data_source
    person_ids = ids_reserve(Person, len(batch.persons))
    unit_ids = ids_reserve(Unit, len(units))
    codes = _codes_reserve([u.kecamatan for u in units])
    rows_copy(Person, PERSON_COLUMNS, _person_rows(batch, person_ids, now, source))
    rows_copy(
        Unit,
        UNIT_COLUMNS,
        (
            (
                pk,
                code,
                now,
                now,
                u.business_name,
                business_match_name(u.business_name),
                person_ids[u.owner],
                u.nib,
                u.legal_form,
                u.kbli,
                "2020",
                u.commodity,
                u.desa,
                u.kecamatan,
                u.kampung,
                u.rt,
                u.rw,
                u.address,
                u.year_established,
                u.status,
                u.data_source,
                u.verification,
                1,
            )
            for pk, code, u in zip(unit_ids, codes, units, strict=True)
        ),
    )
    reports = [(pk, r) for pk, u in zip(unit_ids, units, strict=True) for r in u.reports]
    report_ids = ids_reserve(YearlyReport, len(reports))
    rows_copy(
        YearlyReport,
        REPORT_COLUMNS,
        (
            (
                rid,
                now,
                now,
                unit_id,
                r.year,
                r.is_active,
                r.workers_male,
                r.workers_female,
                r.investment,
                r.production_value,
                r.capacity,
                r.capacity_unit,
                r.raw_materials,
                r.market_reach,
                r.export_value_usd,
                1,
            )
            for rid, (unit_id, r) in zip(report_ids, reports, strict=True)
        ),
    )
    destinations = [
        (rid, country, value)
        for rid, (_unit, r) in zip(report_ids, reports, strict=True)
        for country, value in r.exports
    ]
    rows_copy(
        ExportDestination,
        ("id", "report", "country", "value_usd"),
        (
            (pk, *row)
            for pk, row in zip(
                ids_reserve(ExportDestination, len(destinations)), destinations, strict=True
            )
        ),
    )
    kinds = dict(CertificateKind.objects.values_list("code", "pk"))
    certificates = [(pk, c) for pk, u in zip(unit_ids, units, strict=True) for c in u.certificates]
    rows_copy(
        Certificate,
        (
            "id",
            "created_at",
            "updated_at",
            "unit",
            "kind",
            "number",
            "issued_on",
            "expires_on",
            "status",
        ),
        (
            (cid, now, now, unit_id, kinds[c.kind], c.number, c.issued_on, c.expires_on, c.status)
            for cid, (unit_id, c) in zip(
                ids_reserve(Certificate, len(certificates)), certificates, strict=True
            )
        ),
    )
    regencies: dict[str, int] = defaultdict(int)
    for u in units:
        regencies[u.kecamatan[:5]] += 1
    counts = {
        "units": len(units),
        "persons": len(batch.persons),
        "reports": len(reports),
        "export_destinations": len(destinations),
        "certificates": len(certificates),
    }
    audit_bulk(
        [
            AuditEntry(
                actor,
                "unit.bulk_load",
                "registry.unit",
                f"{unit_ids[0]}-{unit_ids[-1]}",
                summary,
                {},
                {
                    **counts,
                    "unit_ids": [unit_ids[0], unit_ids[-1]],
                    "person_ids": [person_ids[0], person_ids[-1]] if person_ids else [],
                    "codes": [codes[0], codes[-1]],
                    "regencies": dict(sorted(regencies.items())),
                    "source": source,
                },
            )
        ]
    )
    return LoadResult(unit_ids=unit_ids, counts=counts)


def load_counts_add(total: dict[str, int], more: Iterable[tuple[str, int]]) -> None:
    for key, value in more:
        total[key] = total.get(key, 0) + value
