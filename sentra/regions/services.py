"""Loading the shipped Kemendagri region reference data."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction

from sentra.core.audit import audit_record
from sentra.core.models import ReferenceDataset
from sentra.regions.codes import COUNTRY, COUNTRY_NAME, match_name, parent_code
from sentra.regions.models import Region, RegionLevel

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCE = "npm idn-area-data (data/*.csv)"
VERSION = "4.0.1"
LICENCE = "ODbL 1.0"
_FILES = [
    ("provinces", RegionLevel.PROVINCE),
    ("regencies", RegionLevel.REGENCY),
    ("districts", RegionLevel.DISTRICT),
    ("villages", RegionLevel.VILLAGE),
]


def _rows(prefix: str | None) -> Iterator[Region]:
    # The country is every region's ancestor: always loaded (a national deployment's home).
    yield Region(
        code=COUNTRY,
        name=COUNTRY_NAME,
        level=RegionLevel.COUNTRY,
        parent_id=None,
        match_name=match_name(COUNTRY_NAME),
    )
    if prefix == COUNTRY:
        prefix = None
    for stem, level in _FILES:
        with gzip.open(DATA_DIR / f"{stem}.csv.gz", "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                code = row["code"]
                if prefix is not None and not (
                    code == prefix[: len(code)] or code.startswith(prefix + ".") or code == prefix
                ):
                    continue
                name = row["name"].strip()
                yield Region(
                    code=code,
                    name=name,
                    level=level,
                    parent_id=parent_code(code),
                    match_name=match_name(name),
                )


@lru_cache(maxsize=64)
def region_shipped_count(region: str, level: int) -> int:
    """How many regions of `level` the shipped data holds inside `region` (the country: all)."""
    stem = dict((lvl, stem) for stem, lvl in _FILES)[RegionLevel(level)]
    prefix = "" if region == COUNTRY else region + "."
    with gzip.open(DATA_DIR / f"{stem}.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        return sum(1 for row in csv.DictReader(fh) if row["code"].startswith(prefix))


def region_load(*, actor: Any, region: str | None) -> int:
    """Load (or refresh) regions: every region of Indonesia when `region` is None (or "ID"),
    else the region with that code, its ancestors and all its descendants; the country row
    "ID" always. Idempotent."""
    rows = list(_rows(region))
    with transaction.atomic():
        Region.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent", "match_name"],
        )
        total = Region.objects.count()
        ReferenceDataset.objects.update_or_create(
            name="regions",
            defaults={"source": SOURCE, "version": VERSION, "licence": LICENCE, "rows": total},
        )
        audit_record(
            actor=actor,
            action="regions.load",
            object_type="regions.region",
            summary=f"{len(rows)} regions from {SOURCE} {VERSION} ({region or 'all'})",
        )
    return len(rows)
