"""Building the demo registry as plain rows, from one seeded random generator.

The flow over the years is explicit: a 2016 cohort, closures and openings in 2017 and 2018,
so that the active counts are exactly the reported 15,372 (2017) and 16,000 (2018).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import accumulate
from random import Random

from sentra.demo import geography as geo
from sentra.demo import names
from sentra.demo.certificates import certificates_for
from sentra.demo.profiles import (
    EXPORTER_LEGAL_FORMS,
    GROWTH,
    IDR_PER_USD,
    LEGAL_FORMS,
    PROFILES,
)
from sentra.demo.rows import YEARS, DemoData, PersonRow, ReportRow, UnitRow

ACTIVE_2016 = 14_800
ACTIVE_2017 = 15_372
ACTIVE_2018 = 16_000
WORKERS_2018 = 33_000
SECOND_UNIT_RATE = 0.03  # share of units whose owner already owns another unit


def allocate(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split `total` by weight into integers that sum exactly (largest remainder)."""
    scale = sum(weights.values())
    raw = {key: total * w / scale for key, w in weights.items()}
    counts = {key: int(value) for key, value in raw.items()}
    rest = total - sum(counts.values())
    for key in sorted(raw, key=lambda k: (counts[k] - raw[k], k))[:rest]:
        counts[key] += 1
    return counts


def _pick(rng: Random, options: Sequence[tuple[str, float]] | Sequence[tuple[int, int]]) -> str:
    values = [str(value) for value, _ in options]
    return rng.choices(values, weights=[w for _, w in options])[0]


def _top_k(rng: Random, items: list[int], weights: list[float], k: int) -> list[int]:
    """A weighted sample without replacement (Efraimidis–Spirakis keys)."""
    keyed = sorted(zip(items, weights, strict=True), key=lambda p: -(rng.random() ** (1 / p[1])))
    return sorted(item for item, _ in keyed[:k])


class _Builder:
    def __init__(self, seed: int, desa_by_kecamatan: dict[str, list[str]]) -> None:
        self.rng = Random(seed)
        self.desa = {code: sorted(desa) for code, desa in desa_by_kecamatan.items()}
        self.kec_codes = sorted(geo.KECAMATAN_WEIGHTS)
        self.cum: dict[str, list[float]] = {
            commodity: list(
                accumulate(geo.kecamatan_weights_for(commodity)[c] for c in self.kec_codes)
            )
            for commodity in geo.COMMODITY_SHARES
        }
        self.units: list[UnitRow] = []
        self.persons: list[PersonRow] = []
        self.niks: set[str] = set()
        self.nibs: set[str] = set()

    # --- units and the flow over the years ---------------------------------------------------

    def cohort(self, count: int, year: int | None, shares: dict[str, float]) -> None:
        rng = self.rng
        commodities = [c for c, n in sorted(allocate(count, shares).items()) for _ in range(n)]
        rng.shuffle(commodities)
        for commodity in commodities:
            kec = rng.choices(self.kec_codes, cum_weights=self.cum[commodity])[0]
            established = year or 2016 - min(int(rng.expovariate(1 / 9)), 38)
            self.units.append(
                UnitRow(
                    commodity=commodity,
                    kecamatan=kec,
                    desa=rng.choice(self.desa[kec]),
                    kampung=names.kampung_name(rng),
                    year_established=established,
                )
            )

    def pasir_ona(self) -> None:
        rng = self.rng
        for _ in range(geo.PASIR_ONA_UNITS):
            self.units.append(
                UnitRow(
                    commodity="anyaman",
                    kecamatan=geo.PASIR_ONA_DESA[:8],
                    desa=geo.PASIR_ONA_DESA,
                    kampung=geo.PASIR_ONA_KAMPUNG,
                    year_established=rng.randint(1995, 2014),
                    cluster=0,
                )
            )
        order = list(range(geo.PASIR_ONA_UNITS))
        rng.shuffle(order)
        done = 0  # the first `count` of the shuffled units export from `year` on
        for year, count in sorted(geo.PASIR_ONA_EXPORTERS.items()):
            for index in order[done:count]:
                unit = self.units[index]
                unit.export_from = year
                unit.countries = tuple(sorted(rng.sample(geo.EUROPE, rng.randint(1, 4))))
            done = count

    def other_exporters(self) -> None:
        rng = self.rng
        for plan in geo.OTHER_EXPORTERS:
            pool = [
                i
                for i, u in enumerate(self.units)
                if u.commodity == plan.commodity and u.export_from is None and u.cluster is None
            ]
            for index in sorted(rng.sample(pool, plan.count)):
                unit = self.units[index]
                unit.export_from = plan.first_year
                unit.countries = tuple(sorted(rng.sample(plan.countries, rng.randint(1, 3))))

    def close(self, year: int, count: int) -> None:
        pool = [
            i
            for i, u in enumerate(self.units)
            if u.active_in(year - 1) and u.export_from is None and u.cluster is None
        ]
        weights = [2.0 if self.units[i].year_established >= 2012 else 1.0 for i in pool]
        for index in _top_k(self.rng, pool, weights, count):
            self.units[index].closed_in = year
            self.units[index].status = "tutup"

    def clusters(self) -> None:
        rng = self.rng
        for number, plan in enumerate(geo.CLUSTERS):
            if plan.size == 0:
                continue
            pool = [
                i
                for i, u in enumerate(self.units)
                if u.commodity == plan.commodity
                and u.kecamatan == plan.kecamatan
                and u.cluster is None
                and u.active_in(2018)
            ]
            for index in rng.sample(pool, min(plan.size, len(pool))):
                self.units[index].cluster = number

    # --- owners and identities ---------------------------------------------------------------

    def nik(self, kecamatan: str, sex: str, established: int) -> str:
        """A unique NIK registered in the unit's kecamatan, of an adult when the unit began."""
        rng = self.rng
        while True:
            day = rng.randint(1, 28) + (40 if sex == "P" else 0)
            born = rng.randint(1950, min(1998, established - 18)) % 100
            nik = f"{kecamatan.replace('.', '')}{day:02d}{rng.randint(1, 12):02d}{born:02d}"
            nik += f"{rng.randint(1, 999):04d}"
            if nik not in self.niks:
                self.niks.add(nik)
                return nik

    def owners(self) -> None:
        rng = self.rng
        single: dict[str, list[int]] = {}
        for unit in self.units:
            candidates = single.get(unit.kecamatan, [])
            if candidates and unit.desa != geo.PASIR_ONA_DESA and rng.random() < SECOND_UNIT_RATE:
                owner = candidates.pop(rng.randrange(len(candidates)))
            else:
                female = rng.random() < PROFILES[unit.commodity].female_owner
                sex = "P" if female else "L"
                name, short = names.person_name(rng, sex)
                consent = rng.random() < 0.92
                self.persons.append(
                    PersonRow(
                        name=name,
                        short=short,
                        sex=sex,
                        nik=self.nik(unit.kecamatan, sex, unit.year_established),
                        phone=names.phone_number(rng) if rng.random() < 0.85 else "",
                        consent_at=datetime(
                            max(unit.year_established, 2016),
                            rng.randint(2, 11),
                            rng.randint(1, 28),
                            2,
                            0,
                            tzinfo=UTC,
                        )
                        if consent
                        else None,
                    )
                )
                owner = len(self.persons) - 1
                single.setdefault(unit.kecamatan, []).append(owner)
            unit.owner = owner
            self.persons[owner].units += 1

    def identities(self, kecamatan_names: dict[str, str]) -> None:
        rng = self.rng
        for unit in self.units:
            person = self.persons[unit.owner]
            forms = EXPORTER_LEGAL_FORMS if unit.export_from else LEGAL_FORMS
            unit.legal_form = _pick(rng, forms)
            unit.business_name = names.business_name(
                rng,
                commodity=unit.commodity,
                short=person.short,
                sex=person.sex,
                kampung=unit.kampung,
                kecamatan=kecamatan_names.get(unit.kecamatan, ""),
                legal_form=unit.legal_form,
            )
            unit.rt = f"{rng.randint(1, 12):03d}"
            unit.rw = f"{rng.randint(1, 6):03d}"
            has_nib = unit.export_from or unit.legal_form != "perorangan"
            if has_nib or rng.random() < (0.45 if unit.active_in(2018) else 0.15):
                while True:
                    nib = f"8120{rng.randrange(10**9):09d}"
                    if nib not in self.nibs:
                        self.nibs.add(nib)
                        unit.nib = nib
                        break
            # New units are often still waiting for an officer's visit.
            unverified = 0.35 if unit.year_established == 2018 else 0.04
            if rng.random() < unverified:
                unit.verification = "belum"

    # --- yearly reports ----------------------------------------------------------------------

    def reports(self) -> None:
        rng = self.rng
        for unit in self.units:
            profile = PROFILES[unit.commodity]
            owner_female = self.persons[unit.owner].sex == "P"
            if unit.export_from:
                size = rng.randint(6, 22) if unit.desa == geo.PASIR_ONA_DESA else rng.randint(4, 12)
            else:
                size = int(_pick(rng, profile.workers))
            productivity = rng.lognormvariate(0, 0.3)
            reach = _pick(
                rng, list(zip(("lokal", "regional", "nasional"), profile.reach, strict=True))
            )
            if unit.desa == geo.PASIR_ONA_DESA:
                reach = "nasional"
            raw = rng.choice(profile.raw_materials)
            ratio = rng.uniform(*profile.investment_ratio)
            usd_2018 = rng.randint(90, 450) * 100
            investment = 0
            for year in reversed(YEARS):
                if year == unit.closed_in:
                    if rng.random() < 0.6:
                        unit.reports.append(
                            ReportRow(year=year, is_active=False, raw_materials=raw)
                        )
                    continue
                if not unit.active_in(year):
                    continue
                if year < 2018 and rng.random() < 0.15:
                    size = max(1, size + rng.choice((-1, 1)))
                female = sum(rng.random() < profile.female_workers for _ in range(size))
                female = min(size, max(female, 1 if owner_female else 0))
                female = min(female, size - (0 if owner_female else 1))
                value = profile.value_per_worker * size * productivity * GROWTH[year]
                value *= rng.uniform(0.93, 1.07)
                report = ReportRow(
                    year=year,
                    is_active=True,
                    workers_male=size - female,
                    workers_female=female,
                    capacity_unit=profile.capacity_unit,
                    raw_materials=raw,
                    market_reach=reach,
                )
                if unit.export_from and year >= unit.export_from:
                    usd = round(usd_2018 * {2016: 0.64, 2017: 0.8, 2018: 1.0}[year])
                    report.market_reach = "ekspor"
                    report.exports = self.split(usd, unit.countries)
                    report.export_value_usd = sum(v for _, v in report.exports)
                    value = value * 0.5 + report.export_value_usd * IDR_PER_USD[year]
                report.production_value = int(round(value, -5))
                if not investment:
                    investment = int(round(report.production_value * ratio, -5)) or 500_000
                scale = {2016: 0.9, 2017: 0.95, 2018: 1.0}[year]
                report.investment = int(round(investment * scale, -5))
                report.capacity = round(value / profile.unit_price * rng.uniform(1.1, 1.4))
                unit.reports.append(report)
            unit.reports.sort(key=lambda r: r.year)

    def split(self, total: int, countries: tuple[str, ...]) -> list[tuple[str, int]]:
        weights = [self.rng.uniform(0.5, 1.5) for _ in countries]
        values = [int(total * w / sum(weights)) for w in weights]
        values[0] += total - sum(values)
        return list(zip(countries, values, strict=True))

    def workforce(self, target: int) -> None:
        """Nudge 2018 worker counts of ordinary units by one until the total hits `target`."""
        rng = self.rng
        active = [
            (unit, report)
            for unit in self.units
            for report in unit.reports
            if report.year == 2018 and report.is_active
        ]
        gap = target - sum(r.workers_male + r.workers_female for _, r in active)
        reports = [(unit, report) for unit, report in active if not unit.export_from]
        step = 1 if gap > 0 else -1
        while gap:
            unit, report = rng.choice(reports)
            female_side = rng.random() < PROFILES[unit.commodity].female_workers
            owner_female = self.persons[unit.owner].sex == "P"
            if step < 0:
                floor_female = 1 if owner_female else 0
                if female_side and report.workers_female > floor_female:
                    report.workers_female -= 1
                elif report.workers_male > 1 - floor_female:
                    report.workers_male -= 1
                else:
                    continue
            elif female_side:
                report.workers_female += 1
            else:
                report.workers_male += 1
            gap -= step


def demo_generate(
    *, seed: int, desa_by_kecamatan: dict[str, list[str]], kecamatan_names: dict[str, str]
) -> DemoData:
    """Every row of the demo, deterministic for a seed; nothing touches the database."""
    b = _Builder(seed, desa_by_kecamatan)
    rng = b.rng
    closed_2017 = round(ACTIVE_2016 * rng.uniform(0.019, 0.023))
    closed_2018 = round(ACTIVE_2017 * rng.uniform(0.02, 0.024))
    b.pasir_ona()
    b.cohort(ACTIVE_2016 - geo.PASIR_ONA_UNITS, None, geo.COMMODITY_SHARES)
    b.other_exporters()
    boosted = {c: s * geo.OPENING_BOOST.get(c, 1.0) for c, s in geo.COMMODITY_SHARES.items()}
    b.close(2017, closed_2017)
    b.cohort(ACTIVE_2017 - ACTIVE_2016 + closed_2017, 2017, boosted)
    b.close(2018, closed_2018)
    b.cohort(ACTIVE_2018 - ACTIVE_2017 + closed_2018, 2018, boosted)
    b.clusters()
    b.owners()
    b.identities(kecamatan_names)
    b.reports()
    # Slightly below 33,000: the programs demo extension may add up to 50 workers in 2018.
    b.workforce(WORKERS_2018 + rng.randint(-50, 20))
    for unit in b.units:
        unit.certificates = certificates_for(rng, unit)
    account_unit = next(
        i for i, u in enumerate(b.units) if u.desa == geo.PASIR_ONA_DESA and u.export_from == 2016
    )
    return DemoData(
        persons=b.persons, units=b.units, clusters=list(geo.CLUSTERS), account_unit=account_unit
    )
