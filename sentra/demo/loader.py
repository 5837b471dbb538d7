"""Loading the whole demo in one transaction (the registry through its bulk writer, then the
programs and the statistics parts) and removing it all again."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record
from sentra.core.bulk import few_collections
from sentra.core.models import ReferenceDataset
from sentra.demo import DEFAULT_SEED, GENERATOR_VERSION
from sentra.demo import geography as geo
from sentra.demo.accounts import demo_accounts_ensure
from sentra.demo.generator import demo_generate
from sentra.demo.rows import YEARS, DemoData
from sentra.regions.models import Region, RegionLevel
from sentra.regions.services import region_load
from sentra.registry.models import (
    Certificate,
    Commodity,
    DataSource,
    LegalForm,
    Person,
    Unit,
    YearlyReport,
)
from sentra.registry.services import (
    DATA_DIR,
    CertificateItem,
    ClusterData,
    NewPerson,
    ReportItem,
    UnitItem,
    clusters_register,
    reference_load,
    units_remove_by_source,
    units_upsert,
)

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


def _parts() -> list[tuple[str, ModuleType]]:
    """The demo's parts after the registry, in order: programs change recipients' follow-up
    records and the market proposes export figures, so both load before the statistics are
    rebuilt. Each has
    `demo_load(*, actor, seed) -> dict[str, int]` and `demo_reset(*, actor)`."""
    from sentra.demo import insights, market, programs

    return [("programs", programs), ("market", market), ("insights", insights)]


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
    """Remove every demo row (data source "demo") and the demo's sentra. Accounts stay;
    their link to a demo owner goes with the owner."""
    with transaction.atomic():
        for _, part in reversed(_parts()):  # later parts hold rows on demo units
            part.demo_reset(actor=actor)
        counts = units_remove_by_source(
            actor=actor, source=DEMO, cluster_names=[plan.name for plan in geo.CLUSTERS]
        )
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
    *,
    actor: Any,
    seed: int = DEFAULT_SEED,
    password: str,
    reset: bool = False,
    progress: Callable[[str], None] | None = None,
) -> DemoLoadResult:
    """Load the synthetic Lebak registry and the demo accounts in one transaction. Without
    `reset`, raises DemoAlreadyLoaded when a demo is present (checked inside the transaction,
    so two concurrent loads cannot both write)."""
    started = time.monotonic()
    with few_collections(), transaction.atomic():
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
        counts, owner = _write(actor, data, names)
        _analyze()
        created = demo_accounts_ensure(actor=actor, password=password, owner=owner)
        counts["accounts_created"] = len(created)
        timings = {"registry": time.monotonic() - started}
        if progress:
            progress(_("Register dimuat (%(n)s unit).") % {"n": counts["units"]})
        extensions: dict[str, dict[str, int]] = {}
        for name, part in _parts():
            started = time.monotonic()
            extensions[name] = part.demo_load(actor=actor, seed=seed)
            timings[name] = time.monotonic() - started
            if progress:
                progress(_("Bagian %(name)s dimuat.") % {"name": name})
        counts.update(_year_counts())
        version = demo_version(seed)
        ReferenceDataset.objects.update_or_create(
            name=DATASET,
            defaults={
                "source": "sentra.demo: synthetic Lebak registry (no real people)",
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


def _write(actor: Any, data: DemoData, names: dict[str, str]) -> tuple[dict[str, int], Person]:
    """The registry part, through the registry's bulk writer."""
    commodities = dict(Commodity.objects.values_list("code", "pk"))
    legal_forms = dict(LegalForm.objects.values_list("code", "pk"))
    kbli = _kbli_by_commodity()
    clusters = clusters_register(
        actor=actor,
        clusters=[
            ClusterData(
                name=plan.name,
                kind=plan.kind,
                commodity_id=commodities[plan.commodity],
                kecamatan_code=plan.kecamatan,
            )
            for plan in data.clusters
        ],
    )
    items = []
    for index, row in enumerate(data.units):
        person = data.persons[row.owner]
        items.append(
            UnitItem(
                key=index,
                new_owner=NewPerson(
                    nik=person.nik,
                    name=person.name,
                    sex=person.sex,
                    phone=person.phone,
                    consent_at=person.consent_at,
                    data_source=DEMO,
                ),
                fields={
                    "business_name": row.business_name,
                    "nib": row.nib,
                    "legal_form": legal_forms.get(row.legal_form),
                    "kbli": kbli.get(row.commodity, ""),
                    "kbli_version": "2020",
                    "commodity": commodities[row.commodity],
                    "desa": row.desa,
                    "kampung": row.kampung,
                    "rt": row.rt,
                    "rw": row.rw,
                    "address": f"Kp. {row.kampung} RT {row.rt}/RW {row.rw}, {names[row.desa]}, "
                    f"Kec. {names[row.kecamatan]}",
                    "year_established": row.year_established,
                    "status": row.status,
                    "cluster": clusters[row.cluster].pk if row.cluster is not None else None,
                    "data_source": DEMO,
                    "verification": row.verification,
                },
                reports=[
                    ReportItem(
                        year=r.year,
                        values={
                            "is_active": r.is_active,
                            "workers_male": r.workers_male,
                            "workers_female": r.workers_female,
                            "investment": r.investment,
                            "production_value": r.production_value,
                            "capacity": r.capacity,
                            "capacity_unit": r.capacity_unit,
                            "raw_materials": r.raw_materials,
                            "market_reach": r.market_reach,
                            "export_value_usd": r.export_value_usd,
                        },
                        countries=dict(r.exports) if r.exports else None,
                    )
                    for r in row.reports
                ],
                certificates=[
                    CertificateItem(
                        kind=c.kind,
                        number=c.number,
                        issued_on=c.issued_on,
                        expires_on=c.expires_on,
                        status=c.status,
                    )
                    for c in row.certificates
                ],
            )
        )
    outcomes = units_upsert(actor=actor, items=items, source=DEMO, summary="sentra demo")
    counts = {
        "units": len(outcomes),
        "persons": len(data.persons),
        "reports": sum(len(row.reports) for row in data.units),
        "export_destinations": sum(len(r.exports) for row in data.units for r in row.reports),
        "certificates": sum(len(row.certificates) for row in data.units),
        "clusters": len(clusters),
    }
    account_unit = outcomes[data.account_unit].unit_id
    assert account_unit is not None
    owner = Unit.objects.select_related("owner").get(pk=account_unit)
    return counts, owner.owner


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
