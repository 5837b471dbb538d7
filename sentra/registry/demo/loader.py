"""Writing the demo registry in bulk (one transaction, one summarising audit row), running
the later apps' demo extensions, and removing it all again."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum

from sentra.core import protect
from sentra.core.audit import audit_record
from sentra.core.models import ReferenceDataset
from sentra.regions.models import Region, RegionLevel
from sentra.regions.services import region_load
from sentra.registry.demo import DEFAULT_SEED, GENERATOR_VERSION
from sentra.registry.demo import geography as geo
from sentra.registry.demo.accounts import demo_accounts_ensure
from sentra.registry.demo.generator import demo_generate
from sentra.registry.demo.rows import YEARS, DemoData
from sentra.registry.models import (
    Certificate,
    CertificateKind,
    Cluster,
    Commodity,
    DataSource,
    ExportDestination,
    LegalForm,
    Person,
    Unit,
    YearlyReport,
)
from sentra.registry.names import business_match_name
from sentra.registry.services import DATA_DIR, reference_load

DATASET = "demo"
LEBAK = "36.02"
BATCH = 2000
DEMO = DataSource.DEMO


@dataclass(frozen=True)
class DemoLoadResult:
    version: str
    counts: dict[str, int]
    accounts_created: frozenset[str]
    extensions: dict[str, dict[str, int]]
    timings: dict[str, float]  # seconds: "registry" (with reset) and each extension


def _extensions() -> list[tuple[str, ModuleType]]:
    """Later apps' demo parts (settings.SENTRA_DEMO_EXTENSIONS): modules with
    `demo_load(*, actor, seed) -> dict[str, int]` and optionally `demo_reset(*, actor)`."""
    paths: list[str] = getattr(settings, "SENTRA_DEMO_EXTENSIONS", [])
    return [(path, import_module(path)) for path in paths]


def demo_version(seed: int) -> str:
    return f"{GENERATOR_VERSION}+seed{seed}"


class DemoAlreadyLoaded(Exception):
    """The demo is in the database already; reload it with `reset=True`."""


def demo_loaded_version() -> str | None:
    """The version of the demo in the database (`1+seed2018`), "?" for demo rows without a
    record of their version, or None when no demo is loaded."""
    dataset = ReferenceDataset.objects.filter(name=DATASET).first()
    if dataset is not None:
        return dataset.version
    return "?" if Unit.objects.filter(data_source=DEMO).exists() else None


def demo_delete(*, actor: Any) -> dict[str, int]:
    """Remove every demo row (data_source "demo") and the demo's sentra. Accounts stay;
    their link to a demo owner goes with the owner."""
    with transaction.atomic():
        for _, extension in reversed(_extensions()):  # later apps hold rows on demo units
            if hasattr(extension, "demo_reset"):
                extension.demo_reset(actor=actor)
        counts = {
            "export_destinations": ExportDestination.objects.filter(
                report__unit__data_source=DEMO
            ).delete()[0],
            "certificates": Certificate.objects.filter(unit__data_source=DEMO).delete()[0],
            "reports": YearlyReport.objects.filter(unit__data_source=DEMO).delete()[0],
            "units": Unit.objects.filter(data_source=DEMO).delete()[0],
            "persons": Person.objects.filter(data_source=DEMO).delete()[0],
            # Cluster has no data source: a demo sentra is one of ours that has no units left.
            "clusters": Cluster.objects.filter(
                name__in=[plan.name for plan in geo.CLUSTERS], units__isnull=True
            ).delete()[0],
        }
        ReferenceDataset.objects.filter(name=DATASET).delete()
        audit_record(
            actor=actor,
            action="demo.reset",
            object_type="registry.unit",
            summary=json.dumps(counts),
            before=counts,
        )
    return counts


def _ensure_reference(actor: Any) -> None:
    home = settings.SENTRA_HOME_REGION
    region_load(actor=actor, region=home)
    if not (home == LEBAK or LEBAK.startswith(home + ".")):
        region_load(actor=actor, region=LEBAK)  # the demo is Lebak, whatever the home region
    reference_load(actor=actor)


def _kbli_by_commodity() -> dict[str, str]:
    data = json.loads((DATA_DIR / "reference.json").read_text(encoding="utf-8"))
    return {item["code"]: item["kbli"] for item in data["commodities"]}


def demo_load(
    *, actor: Any, seed: int = DEFAULT_SEED, password: str, reset: bool = False
) -> DemoLoadResult:
    """Load the synthetic Lebak registry and the demo accounts in one transaction. Without
    `reset`, raises DemoAlreadyLoaded when a demo is present (checked inside the transaction,
    so two concurrent loads cannot both write)."""
    started = time.monotonic()
    with transaction.atomic():
        if reset:
            demo_delete(actor=actor)
        elif demo_loaded_version() is not None:
            raise DemoAlreadyLoaded(demo_loaded_version())
        _ensure_reference(actor)
        regions = Region.objects.filter(code__startswith=LEBAK + ".").only(
            "code", "name", "level", "parent"
        )
        names = {r.code: r.name for r in regions}
        desa: dict[str, list[str]] = defaultdict(list)
        for region in regions:
            if region.level == RegionLevel.VILLAGE and region.parent_id:
                desa[region.parent_id].append(region.code)
        data = demo_generate(seed=seed, desa_by_kecamatan=desa, kecamatan_names=names)
        counts, owner = _write(data, names)
        _analyze()
        created = demo_accounts_ensure(password=password, owner=owner)
        counts["accounts_created"] = len(created)
        timings = {"registry": time.monotonic() - started}
        extensions: dict[str, dict[str, int]] = {}
        for path, extension in _extensions():
            started = time.monotonic()
            extensions[path] = extension.demo_load(actor=actor, seed=seed)
            timings[path] = time.monotonic() - started
        counts.update(_year_counts())
        version = demo_version(seed)
        ReferenceDataset.objects.update_or_create(
            name=DATASET,
            defaults={
                "source": "sentra.registry.demo: synthetic Lebak registry (no real people)",
                "version": version,
                "licence": "",
                "rows": counts["units"],
            },
        )
        audit_record(
            actor=actor,
            action="demo.load",
            object_type="registry.unit",
            summary=f"demo {version}: " + json.dumps(counts),
            after={**counts, "extensions": extensions},
        )
    return DemoLoadResult(
        version=version,
        counts=counts,
        accounts_created=created,
        extensions=extensions,
        timings=timings,
    )


def _write(data: DemoData, names: dict[str, str]) -> tuple[dict[str, int], Person]:
    commodities = Commodity.objects.in_bulk(field_name="code")
    legal_forms = LegalForm.objects.in_bulk(field_name="code")
    kinds = CertificateKind.objects.in_bulk(field_name="code")
    kbli = _kbli_by_commodity()

    clusters = Cluster.objects.bulk_create(
        [
            Cluster(
                name=plan.name,
                kind=plan.kind,
                commodity=commodities[plan.commodity],
                kecamatan_id=plan.kecamatan,
            )
            for plan in data.clusters
        ]
    )
    persons = Person.objects.bulk_create(
        [
            Person(
                name=row.name,
                sex=row.sex,
                nik_digest=protect.digest(row.nik),
                nik_encrypted=protect.encrypt(row.nik),
                nik_masked=protect.mask_nik(row.nik),
                phone_encrypted=protect.encrypt(row.phone) if row.phone else "",
                phone_masked=protect.mask_phone(row.phone) if row.phone else "",
                consent=row.consent_at is not None,
                consent_at=row.consent_at,
                data_source=DEMO,
            )
            for row in data.persons
        ],
        batch_size=BATCH,
    )
    units = Unit.objects.bulk_create(
        [
            Unit(
                business_name=row.business_name,
                match_name=business_match_name(row.business_name),
                owner=persons[row.owner],
                nib=row.nib,
                legal_form=legal_forms.get(row.legal_form),
                kbli=kbli.get(row.commodity, ""),
                kbli_version="2020",
                commodity=commodities[row.commodity],
                desa_id=row.desa,
                kecamatan_id=row.kecamatan,
                kampung=row.kampung,
                rt=row.rt,
                rw=row.rw,
                address=f"Kp. {row.kampung} RT {row.rt}/RW {row.rw}, {names[row.desa]}, "
                f"Kec. {names[row.kecamatan]}",
                year_established=row.year_established,
                status=row.status,
                cluster=clusters[row.cluster] if row.cluster is not None else None,
                data_source=DEMO,
                verification=row.verification,
            )
            for row in data.units
        ],
        batch_size=BATCH,
    )
    report_rows = [
        (unit, report)
        for unit, row in zip(units, data.units, strict=True)
        for report in row.reports
    ]
    reports = YearlyReport.objects.bulk_create(
        [
            YearlyReport(
                unit=unit,
                year=r.year,
                is_active=r.is_active,
                workers_male=r.workers_male,
                workers_female=r.workers_female,
                investment=r.investment,
                production_value=r.production_value,
                capacity=r.capacity,
                capacity_unit=r.capacity_unit,
                raw_materials=r.raw_materials,
                market_reach=r.market_reach,
                export_value_usd=r.export_value_usd,
            )
            for unit, r in report_rows
        ],
        batch_size=BATCH,
    )
    exports = ExportDestination.objects.bulk_create(
        [
            ExportDestination(report=report, country=country, value_usd=value)
            for report, (_, row) in zip(reports, report_rows, strict=True)
            for country, value in row.exports
        ],
        batch_size=BATCH,
    )
    certificates = Certificate.objects.bulk_create(
        [
            Certificate(
                unit=unit,
                kind=kinds[c.kind],
                number=c.number,
                issued_on=c.issued_on,
                expires_on=c.expires_on,
                status=c.status,
            )
            for unit, row in zip(units, data.units, strict=True)
            for c in row.certificates
        ],
        batch_size=BATCH,
    )
    counts = {
        "units": len(units),
        "persons": len(persons),
        "reports": len(reports),
        "export_destinations": len(exports),
        "certificates": len(certificates),
        "clusters": len(clusters),
    }
    return counts, units[data.account_unit].owner


def _analyze() -> None:
    """Refresh the planner's statistics after the bulk load. Without it PostgreSQL still
    believes the tables are empty and the extensions' queries choose nested loops that take
    minutes instead of milliseconds. (ANALYZE runs inside a transaction and sees its rows.)"""
    tables = [model._meta.db_table for model in (Person, Unit, YearlyReport, Certificate)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(tables))
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


def _year_counts() -> dict[str, int]:
    """Active units per year and the last year's workforce, as loaded (extensions included)."""
    active = YearlyReport.objects.filter(unit__data_source=DEMO, is_active=True)
    counts = {f"active_{year}": active.filter(year=year).count() for year in YEARS}
    workers = active.filter(year=YEARS[-1]).aggregate(
        m=Sum("workers_male", default=0), f=Sum("workers_female", default=0)
    )
    counts[f"workers_{YEARS[-1]}"] = workers["m"] + workers["f"]
    return counts
