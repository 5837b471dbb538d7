"""Generated registries for the round-trip properties: owners with several units (two stalls
with the same name among them), units with and without NIB, closed units, units without a
record in the year, exporters (with their US$ value), certificates and phones, owners whose NIK
is not recorded (and one with no name at all), units with several product lines and with GPS
coordinates, in two kecamatan (so that an officer's scope is a real part of the registry).
Written through the registry's bulk writer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from random import Random
from typing import Any

from sentra.core.actors import SystemActor
from sentra.regions.models import Region, RegionLevel
from sentra.registry.models import Commodity, Unit
from sentra.registry.services import (
    CertificateItem,
    NewPerson,
    ProductItem,
    ReportItem,
    UnitItem,
    units_upsert,
)

KECAMATAN = ("36.02.14", "36.02.03")  # Rangkasbitung, Bayah
YEAR = 2018
NAMES = ("Bambu", "Gula Aren", "Batik", "Emping", "Anyaman", "Opak", "Kalimaya", "Mebel")
OWNERS = ("Ujang", "Siti", "Euis", "Dadang", "Neneng", "Asep", "Iis", "Cecep")


@dataclass(frozen=True)
class Shape:
    """What a generated registry looks like (drawn by Hypothesis)."""

    seed: int
    units: int
    owners: int
    stalls: bool  # two units of one owner with the same business name
    closed: int  # units closed in YEAR (inactive record) or without a record
    exporters: int
    unknown_owners: int = 0  # owners recorded without a NIK (the first also without a name)
    products: bool = False  # units with product lines (several for some)


def _nik(rng: Random, kecamatan: str, serial: int, female: bool) -> str:
    day = rng.randint(1, 28) + (40 if female else 0)
    born = f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99)}"
    return f"{kecamatan.replace('.', '')}{born}{serial:04d}"


def registry_build(shape: Shape) -> list[int]:
    """Create the registry; returns the unit ids in creation order."""
    rng = Random(shape.seed)
    commodities = list(Commodity.objects.values_list("pk", flat=True))
    desa = {
        kec: sorted(
            Region.objects.filter(parent_id=kec, level=RegionLevel.VILLAGE).values_list(
                "code", flat=True
            )
        )
        for kec in KECAMATAN
    }
    owners = []
    for index in range(shape.owners):
        female = rng.random() < 0.4
        kecamatan = KECAMATAN[index % 2]
        owners.append(
            NewPerson(
                nik=_nik(rng, kecamatan, index + 1, female),
                name=f"{rng.choice(OWNERS)} {index}",
                sex="P" if female else "L",
                phone=f"08{rng.randint(10**8, 10**9 - 1)}" if rng.random() < 0.7 else "",
            )
        )
    by_code = dict(Commodity.objects.values_list("code", "pk"))
    product_names = [
        ("GULA AREN CETAK", "10722", "gula-aren"),
        ("BESEK BAMBU", "16291", "anyaman"),
        ("Emping Melinjo", "10799", "makanan-olahan"),
        ("Sapu Ijuk", "", "belum-diklasifikasi"),
    ]
    items = []
    for index in range(shape.units):
        owner = owners[index % len(owners)]
        assert owner.nik is not None
        kecamatan = owner.nik[:2] + "." + owner.nik[2:4] + "." + owner.nik[4:6]
        if index < shape.unknown_owners:  # no NIK: the owner is this unit's own record
            owner = NewPerson(nik=None, name="" if index == 0 else f"PEMILIK OSS {index}", sex="")
        name = f"{rng.choice(NAMES)} {owner.name}".strip()
        if shape.stalls and index == shape.units - 1 and shape.units > len(owners):
            name = items[index - len(owners)].fields["business_name"]  # the same owner's name
        closed = index < shape.closed
        exporter = shape.closed <= index < shape.closed + shape.exporters
        fields: dict[str, Any] = {
            "business_name": name,
            "nib": f"8120{rng.randrange(10**9):09d}" if rng.random() < 0.6 else "",
            "commodity": rng.choice(commodities),
            "desa": rng.choice(desa[kecamatan]),
            "address": f"Kp. {rng.randint(1, 99)}" if rng.random() < 0.8 else "",
            "year_established": rng.randint(1990, 2017) if rng.random() < 0.8 else None,
            "status": "tutup" if closed else "aktif",
        }
        if index % 3 == 1:
            fields["latitude"] = Decimal(f"-6.{rng.randrange(10**6):06d}")
            fields["longitude"] = Decimal(f"106.{rng.randrange(10**6):06d}")
        reports = [
            ReportItem(
                year=YEAR - 1,
                values={"workers_male": rng.randint(0, 5), "workers_female": rng.randint(0, 5)},
            )
        ]
        if not closed or rng.random() < 0.6:
            reports.append(
                ReportItem(
                    year=YEAR,
                    values={
                        "is_active": not closed,
                        "workers_male": rng.randint(0, 9),
                        "workers_female": rng.randint(0, 9),
                        "investment": rng.randint(0, 50) * 1_000_000,
                        "production_value": rng.randint(1, 90) * 1_000_000,
                        "market_reach": "ekspor" if exporter else rng.choice(["lokal", "nasional"]),
                        "export_value_usd": rng.randint(1, 90) * 1000 if exporter else 0,
                        "workers_foreign": rng.randint(0, 2),
                    },
                    countries={c: rng.randint(1, 9) * 1000 for c in ("DE", "GB")[: 1 + index % 2]}
                    if exporter
                    else None,
                )
            )
        items.append(
            UnitItem(
                key=index,
                new_owner=owner,
                fields=fields,
                reports=reports,
                certificates=[CertificateItem(kind="pirt")] if rng.random() < 0.3 else [],
                products=[
                    ProductItem(
                        name=name,
                        kbli=kbli,
                        capacity=Decimal(rng.choice(["1200", "2.5", "40"])) if n else None,
                        capacity_unit=rng.choice(["kg/bulan", "buah", ""]),
                        commodity=by_code[commodity],
                    )
                    for n, (name, kbli, commodity) in enumerate(
                        rng.sample(product_names, 1 + index % 3)
                    )
                ]
                if shape.products and index % 2 == 0
                else [],
            )
        )
    outcomes = units_upsert(actor=SystemActor("test"), items=items)
    return [o.unit_id for o in outcomes if o.unit_id is not None]


def registry_snapshot() -> dict[str, Any]:
    """Everything the registry holds, ids and versions and time stamps included."""
    from sentra.registry.models import (
        Certificate,
        ExportDestination,
        Person,
        ProductLine,
        YearlyReport,
    )

    def rows(model: Any) -> list[tuple[Any, ...]]:
        names = [f.attname for f in model._meta.concrete_fields]
        return sorted(model.objects.values_list(*names))

    return {
        model.__name__: rows(model)
        for model in (Unit, Person, YearlyReport, ExportDestination, Certificate, ProductLine)
    }
