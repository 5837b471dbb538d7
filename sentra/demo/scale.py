"""`sentra demo --scale N`: a registry of about N units across real regencies, for benchmarks
and load tests, written through the registry's COPY loader.

The Lebak demo stays as it is; the other regencies of the region (the whole country unless
the home region is a province or the country) get units in proportion to their number of
desa, so that a national registry of 4.4 million units puts about 18,000 in Lebak — the size
of the real one. Each regency's units come from their own seeded generator (`seed`, the
regency's code and the number of units it already holds), so the same command on the same
database always writes the same registry, and a second, larger `--scale` only adds.

Owners, units, three years of yearly records (2016–2018: openings, closures, exporters),
certificates, a few programs with their participants and catalog products: the same shapes as
the Lebak demo, drawn with fewer random draws per unit so that generating a row costs less
than writing it.
"""

from __future__ import annotations

import time
from bisect import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import accumulate
from random import Random
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Value
from django.db.models.functions import Mod, Substr

from sentra.core.bulk import few_collections
from sentra.demo import names
from sentra.demo.certificates import certificates_for
from sentra.demo.generator import allocate
from sentra.demo.geography import COMMODITY_SHARES
from sentra.demo.profiles import EXPORTER_LEGAL_FORMS, GROWTH, IDR_PER_USD, LEGAL_FORMS, PROFILES
from sentra.demo.rows import YEARS
from sentra.regions.codes import COUNTRY, inside
from sentra.regions.models import Region, RegionLevel
from sentra.regions.services import region_load, region_shipped_count
from sentra.registry.models import Commodity, DataSource, LegalForm, Unit
from sentra.registry.services.bulkload import (
    LoadBatch,
    LoadCertificate,
    LoadPerson,
    LoadReport,
    LoadUnit,
    units_bulk_load,
)

BATCH = 5000  # units per transaction
EXPORT_COUNTRIES = ("NL", "DE", "US", "JP", "SG", "MY", "AU", "GB", "FR", "KR", "CN", "SA")
# A NIK's date and serial come from the unit's number in its regency through this bijection
# (28 days × 12 months × 50 birth years × 9,999 serials), so no two owners share one.
_NIK_SPACE = 28 * 12 * 50 * 9999
_NIK_STEP = 1_000_003  # coprime with the space: i → i·step mod space is one-to-one


@dataclass(frozen=True)
class Desa:
    code: str
    kecamatan: str
    name: str
    kecamatan_name: str


@dataclass
class RegencyPlan:
    code: str
    name: str
    start: int  # units it holds already
    add: int
    desa: list[Desa] = field(default_factory=list)


@dataclass
class ScaleResult:
    units_before: int
    units_after: int
    regencies: int
    counts: dict[str, int]
    seconds: float


def scale_region(home: str) -> str:
    """Where the scale units go: the home region when it is a province or the country,
    otherwise (a regency's deployment, such as Lebak's) the whole country around it."""
    return home if home == COUNTRY or "." not in home else COUNTRY


def scale_plan(*, total: int, region: str) -> list[RegencyPlan]:
    """How many units each regency of `region` gets so that the region holds about `total`:
    the missing units shared in proportion to each regency's desa, less what it holds."""
    regencies = {
        r.code: r.name
        for r in Region.objects.filter(inside(region), level=RegionLevel.REGENCY).order_by("code")
    }
    if region != COUNTRY and len(region) == 5:
        regencies = {region: Region.objects.get(code=region).name}
    desa_count: Counter[str] = Counter(
        code[:5]
        for code in Region.objects.filter(inside(region), level=RegionLevel.VILLAGE).values_list(
            "code", flat=True
        )
    )
    held = dict(
        Unit.objects.annotate(regency=Substr("kecamatan_id", 1, 5))
        .values("regency")
        .annotate(n=Count("id"))
        .values_list("regency", "n")
    )
    existing = sum(held.get(code, 0) for code in regencies)
    weights = {code: desa_count[code] for code in regencies if desa_count[code]}
    scale = sum(weights.values()) or 1
    deficits = {
        code: max(0.0, total * w / scale - held.get(code, 0)) for code, w in weights.items()
    }
    missing = max(0, total - existing)
    shares = allocate(missing, {k: v for k, v in deficits.items() if v > 0}) if missing else {}
    return [
        RegencyPlan(code=code, name=regencies[code], start=held.get(code, 0), add=shares[code])
        for code in sorted(shares)
        if shares[code] > 0
    ]


def _desa_of(plans: list[RegencyPlan]) -> None:
    wanted = {p.code: p for p in plans}
    kecamatan: dict[str, str] = {}
    rows = Region.objects.filter(level__in=[RegionLevel.DISTRICT, RegionLevel.VILLAGE]).order_by(
        "code"
    )
    for code, name, level in rows.values_list("code", "name", "level").iterator(chunk_size=20000):
        if code[:5] not in wanted:
            continue
        if level == RegionLevel.DISTRICT:
            kecamatan[code] = name
        else:
            wanted[code[:5]].desa.append(Desa(code, code[:8], name, kecamatan.get(code[:8], "")))


@dataclass
class _UnitShape:
    """What `certificates_for` reads of a unit."""

    commodity: str
    desa: str
    year_established: int
    export_from: int | None


class _Regency:
    """The seeded generator of one regency's units."""

    def __init__(self, plan: RegencyPlan, seed: int, ids: dict[str, Any]) -> None:
        self.plan = plan
        self.rng = Random(f"{seed}:{plan.code}:{plan.start}")
        skew = Random(f"{seed}:{plan.code}")  # the regency's character, whatever its size
        shares = {c: s * skew.lognormvariate(0, 0.7) for c, s in COMMODITY_SHARES.items()}
        self.commodities = sorted(shares)
        self.cum = list(accumulate(shares[c] for c in self.commodities))
        self.ids = ids
        self.workers = {
            c: (
                [size for size, _ in p.workers],
                list(accumulate(w for _, w in p.workers)),
            )
            for c, p in PROFILES.items()
        }
        self.legal = ([v for v, _ in LEGAL_FORMS], list(accumulate(w for _, w in LEGAL_FORMS)))
        self.legal_export = (
            [v for v, _ in EXPORTER_LEGAL_FORMS],
            list(accumulate(w for _, w in EXPORTER_LEGAL_FORMS)),
        )
        self.digits = plan.code.replace(".", "")
        self.sex, self.short = "L", "Usaha"  # the previous owner's, for a second unit

    def _choice(self, table: tuple[list[Any], list[Any]]) -> Any:
        values, cum = table
        return values[bisect(cum, self.rng.random() * cum[-1])]

    def _nik(self, kecamatan: str, index: int, sex: str, established: int) -> str:
        n = (index * _NIK_STEP) % _NIK_SPACE
        day, n = n % 28 + 1, n // 28
        month, n = n % 12 + 1, n // 12
        born, serial = 1950 + n % 50, n // 50 + 1
        born = min(born, established - 18) if established - 18 >= 1950 else 1950
        day += 40 if sex == "P" else 0
        return f"{kecamatan.replace('.', '')}{day:02d}{month:02d}{born % 100:02d}{serial:04d}"

    def units(self) -> Iterator[tuple[LoadPerson | None, LoadUnit]]:
        """(new owner or None for the previous unit's owner, unit), `add` times."""
        rng, plan = self.rng, self.plan
        desa = plan.desa
        for offset in range(plan.add):
            index = plan.start + offset
            place = desa[int(rng.random() * len(desa))]
            commodity = self.commodities[bisect(self.cum, rng.random() * self.cum[-1])]
            profile = PROFILES[commodity]
            roll = rng.random()
            closed_in: int | None = None
            if roll < 0.06:
                established, first = 2018, 2018
            elif roll < 0.115:
                established, first = 2017, 2017
                closed_in = 2018 if rng.random() < 0.01 else None
            else:
                established, first = 2016 - min(int(rng.expovariate(1 / 9)), 38), 2016
                closure = rng.random()
                closed_in = 2017 if closure < 0.021 else 2018 if closure < 0.043 else None
            export_from = None
            if closed_in is None and rng.random() < 0.0025:
                export_from = 2016 if rng.random() < 0.5 else 2017
            reuse = offset > 0 and rng.random() < 0.03
            sex = self.sex if reuse else ("P" if rng.random() < profile.female_owner else "L")
            person: LoadPerson | None = None
            if not reuse:
                self.sex = sex
                full, short = names.person_name(rng, sex)
                person = LoadPerson(
                    nik=self._nik(place.kecamatan, index, sex, established),
                    name=full,
                    sex=sex,
                    phone=names.phone_number(rng) if rng.random() < 0.85 else "",
                    consent_at=datetime(
                        max(established, 2016), 1 + index % 11, 1 + index % 28, 2, 0, tzinfo=UTC
                    )
                    if rng.random() < 0.92
                    else None,
                )
                self.short = short
            legal = self._choice(self.legal_export if export_from else self.legal)
            kampung = names.kampung_name(rng)
            rt, rw = f"{1 + int(rng.random() * 12):03d}", f"{1 + int(rng.random() * 6):03d}"
            business = names.business_name(
                rng,
                commodity=commodity,
                short=self.short,
                sex=sex,
                kampung=place.name,
                kecamatan=place.kecamatan_name,
                legal_form=legal,
            )
            has_nib = export_from or legal != "perorangan" or rng.random() < 0.45
            unit = LoadUnit(
                owner=-1,
                business_name=business,
                commodity=self.ids["commodity"][commodity],
                desa=place.code,
                kecamatan=place.kecamatan,
                data_source=DataSource.DEMO,
                nib=f"9{self.digits}{index:08d}" if has_nib else "",
                legal_form=self.ids["legal_form"].get(legal),
                kbli=self.ids["kbli"].get(commodity, ""),
                kampung=kampung,
                rt=rt,
                rw=rw,
                address=f"Kp. {kampung} RT {rt}/RW {rw}, {place.name}, Kec. {place.kecamatan_name}",
                year_established=established,
                status="tutup" if closed_in else "aktif",
                verification="belum"
                if rng.random() < (0.35 if established == 2018 else 0.04)
                else "terverifikasi",
            )
            unit.reports = self._reports(commodity, first, closed_in, export_from, sex == "P")
            shape = _UnitShape(commodity, place.code, established, export_from)
            unit.certificates = [
                LoadCertificate(c.kind, c.number, c.issued_on, c.expires_on, c.status)
                for c in certificates_for(rng, shape)
            ]
            yield person, unit

    def _reports(
        self,
        commodity: str,
        first: int,
        closed_in: int | None,
        export_from: int | None,
        owner_female: bool,
    ) -> list[LoadReport]:
        rng = self.rng
        profile = PROFILES[commodity]
        size = rng.randint(4, 12) if export_from else self._choice(self.workers[commodity])
        productivity = rng.lognormvariate(0, 0.3)
        reach = ("lokal", "regional", "nasional")[
            bisect(list(accumulate(profile.reach)), rng.random() * sum(profile.reach))
        ]
        raw = profile.raw_materials[int(rng.random() * len(profile.raw_materials))]
        usd = int(rng.random() * 360 + 90) * 100
        out = []
        investment = 0
        for year in YEARS:
            if year < first:
                continue
            if closed_in is not None and year >= closed_in:
                if year == closed_in and rng.random() < 0.6:
                    out.append(LoadReport(year=year, is_active=False, raw_materials=raw))
                break
            female = round(size * profile.female_workers * rng.uniform(0.6, 1.4))
            female = min(size, max(female, 1 if owner_female else 0))
            female = min(female, size - (0 if owner_female else 1))
            value = profile.value_per_worker * size * productivity * GROWTH[year]
            report = LoadReport(
                year=year,
                workers_male=size - female,
                workers_female=female,
                capacity_unit=profile.capacity_unit,
                raw_materials=raw,
                market_reach=reach,
            )
            if export_from and year >= export_from:
                value_usd = round(usd * {2016: 0.64, 2017: 0.8, 2018: 1.0}[year])
                countries = sorted(rng.sample(EXPORT_COUNTRIES, rng.randint(1, 3)))
                share = value_usd // len(countries)
                report.exports = tuple(
                    (c, share + (value_usd - share * len(countries) if i == 0 else 0))
                    for i, c in enumerate(countries)
                )
                report.market_reach = "ekspor"
                report.export_value_usd = value_usd
                value = value * 0.5 + value_usd * IDR_PER_USD[year]
            report.production_value = int(round(value, -5))
            if not investment:
                investment = int(round(report.production_value * 0.4, -5)) or 500_000
            report.investment = investment
            report.capacity = round(value / profile.unit_price * 1.25)
            out.append(report)
        return out


def _batches(plans: list[RegencyPlan], seed: int, ids: dict[str, Any]) -> Iterator[LoadBatch]:
    batch = LoadBatch()
    for plan in plans:
        for person, unit in _Regency(plan, seed, ids).units():
            if person is not None:
                # A full batch ends before a unit with a new owner: a unit sharing the
                # previous unit's owner stays in that owner's batch.
                if len(batch.units) >= BATCH:
                    yield batch
                    batch = LoadBatch()
                batch.persons.append(person)
            elif not batch.persons:  # a regency's first unit always has its own owner
                raise AssertionError("first unit of a batch reuses an owner")
            unit.owner = len(batch.persons) - 1
            batch.units.append(unit)
    if batch.units:
        yield batch


def _reference_ids() -> dict[str, Any]:
    from sentra.demo.loader import _kbli_by_commodity

    return {
        "commodity": dict(Commodity.objects.values_list("code", "pk")),
        "legal_form": dict(LegalForm.objects.values_list("code", "pk")),
        "kbli": _kbli_by_commodity(),
    }


def demo_scale_load(
    *,
    actor: Any,
    total: int,
    region: str,
    seed: int,
    progress: Callable[[str], None] | None = None,
) -> ScaleResult:
    """Grow the registry of `region` to about `total` units (nothing when it holds as many
    already). One transaction per batch of 5,000 units: an interrupted load keeps the batches
    written, and running the command again completes it."""
    started = time.monotonic()
    if not Commodity.objects.exists():  # a database without the Lebak demo
        from sentra.registry.services import reference_load

        reference_load(actor=actor)
    loaded = Region.objects.filter(inside(region), level=RegionLevel.VILLAGE).count()
    if loaded < region_shipped_count(region, RegionLevel.VILLAGE):
        region_load(actor=actor, region=region)
    before = Unit.objects.count()
    plans = scale_plan(total=total, region=region)
    _desa_of(plans)
    plans = [p for p in plans if p.desa]
    ids = _reference_ids()
    counts: dict[str, int] = defaultdict(int)
    written = 0
    planned = sum(p.add for p in plans)
    with few_collections():
        for batch in _batches(plans, seed, ids):
            with transaction.atomic():
                result = units_bulk_load(
                    actor=actor, batch=batch, summary=f"sentra demo --scale {total}"
                )
            for key, value in result.counts.items():
                counts[key] += value
            written += len(batch.units)
            if progress:
                progress(f"{written:,}/{planned:,} unit ({time.monotonic() - started:.0f} s)")
    _analyze()
    return ScaleResult(
        units_before=before,
        units_after=before + written,
        regencies=len(plans),
        counts=dict(counts),
        seconds=time.monotonic() - started,
    )


def _analyze() -> None:
    """Fresh planner statistics (and, on PostgreSQL, the visibility map that index-only
    scans need) after millions of rows arrived."""
    tables = ["registry_person", "registry_unit", "registry_yearlyreport", "registry_certificate"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if not connection.in_atomic_block:
                cursor.execute("VACUUM (ANALYZE) " + ", ".join(tables))
            else:
                cursor.execute("ANALYZE " + ", ".join(tables))
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


SCALE_PROGRAMS = "skala-"  # code prefix of the scale demo's programs
PROGRAM_KINDS = (
    ("pelatihan", "Pelatihan Pengemasan dan Pemasaran Daring"),
    ("bantuan_produksi", "Bantuan Peralatan Produksi"),
)
SAMPLE_PROGRAM = 97  # every 97th scale unit may be a program participant
SAMPLE_PRODUCT = 101  # every 101st scale unit with a consenting owner lists a product


def _scale_units(modulo: int) -> list[tuple[int, str, int, int | None]]:
    """(id, kecamatan, commodity, year established) of every `modulo`-th demo unit outside
    Lebak (the Lebak demo has programs and products of its own)."""
    from sentra.demo.loader import LEBAK

    rows = (
        Unit.objects.filter(data_source=DataSource.DEMO)
        .exclude(kecamatan__code__startswith=LEBAK + ".")
        .annotate(sample=Mod("pk", Value(modulo)))
        .filter(sample=0)
        .values_list("pk", "kecamatan_id", "commodity_id", "year_established")
    )
    return list(rows.order_by("pk"))


def _scale_programs(actor: Any, seed: int) -> dict[str, int]:
    from sentra.programs.models import (
        FundingSource,
        Participation,
        Program,
        ProgramStatus,
        Stage,
        TargetKind,
    )
    from sentra.programs.services.bulk import programs_bulk_delete, programs_bulk_load

    programs_bulk_delete(actor=actor, code_prefix=SCALE_PROGRAMS, summary="sentra demo --scale")
    by_province: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
    for pk, kecamatan, _commodity, established in _scale_units(SAMPLE_PROGRAM):
        by_province[kecamatan[:2]].append((pk, established))
    provinces = dict(Region.objects.filter(level=RegionLevel.PROVINCE).values_list("code", "name"))
    programs: list[Any] = []
    participations: list[Any] = []
    rng = Random(f"{seed}:programs")
    for province, units in sorted(by_province.items()):
        for year in YEARS:
            for number, (kind, title) in enumerate(PROGRAM_KINDS):
                program = Program(
                    kind=kind,
                    name=f"{title} {provinces.get(province, province)} {year}",
                    code=f"{SCALE_PROGRAMS}{province}-{year}-{number + 1}",
                    fiscal_year=year,
                    funding_source=FundingSource.APBD_PROVINSI,
                    budget_ceiling=rng.randint(20, 80) * 10_000_000,
                    starts_on=date(year, 3 + 3 * number, 1),
                    ends_on=date(year, 3 + 3 * number, 5),
                    place=provinces.get(province, province),
                    target_kind=TargetKind.UNIT,
                    status=ProgramStatus.DONE,
                    is_demo=True,
                )
                chosen = [
                    pk
                    for pk, established in units
                    if (established or 0) < year and rng.random() < 1 / (2 * len(YEARS))
                ]
                program.quota = len(chosen)
                programs.append(program)
                stage = Stage.ATTENDED if kind == "pelatihan" else Stage.RECEIVED
                participations += [
                    Participation(
                        program=program,
                        unit_id=pk,
                        stage=stage,
                        delivered_on=date(year, 3 + 3 * number, 2),
                    )
                    for pk in chosen
                ]
    return programs_bulk_load(
        actor=actor,
        programs=programs,
        participations=participations,
        summary="sentra demo --scale: programs",
    )


def _scale_products(actor: Any, seed: int) -> dict[str, int]:
    from sentra.market.models import Product, ProductStatus, PublicationConsent
    from sentra.market.services.bulk import MarketRows, market_bulk_load
    from sentra.registry.models import Commodity

    listed = set(Product.objects.values_list("unit_id", flat=True).distinct())
    commodities = {c.pk: c for c in Commodity.objects.all()}
    rows = MarketRows()
    rng = Random(f"{seed}:products")
    consenting = set(
        Unit.objects.filter(owner__consent=True, status="aktif")
        .annotate(sample=Mod("pk", Value(SAMPLE_PRODUCT)))
        .filter(sample=0)
        .values_list("pk", flat=True)
    )
    at = datetime(2018, 6, 1, 2, 0, tzinfo=UTC)
    for pk, _kecamatan, commodity, _established in _scale_units(SAMPLE_PRODUCT):
        if pk in listed or pk not in consenting:
            continue
        profile_name = commodities[commodity].name
        price = rng.randint(2, 40) * 5_000
        rows.consents.append(
            PublicationConsent(unit_id=pk, given_at=at, recorded_by_label="sentra demo --scale")
        )
        rows.products.append(
            Product(
                unit_id=pk,
                commodity_id=commodity,
                name=f"{profile_name} pilihan",
                description=f"{profile_name} buatan perajin setempat.",
                price_min=price,
                unit_of_sale="buah",
                status=ProductStatus.PUBLISHED,
                submitted_at=at,
                moderated_at=at,
                created_at=at,
                updated_at=at,
            )
        )
    if not rows.products:
        return {"products": 0}
    counts = market_bulk_load(actor=actor, rows=rows, summary="sentra demo --scale: products")
    return {k: v for k, v in counts.items() if v}


def demo_scale_finish(*, actor: Any, seed: int) -> dict[str, int]:
    """After a scale load: programs with participants in each province, catalog products of
    some consenting owners, and the statistics rebuilt (in SQL)."""
    from sentra.insights.refresh import stats_refresh

    counts = {**_scale_programs(actor, seed), **_scale_products(actor, seed)}
    stats_refresh(actor=actor)
    return counts
