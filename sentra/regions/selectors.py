"""Reading regions."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from sentra.regions.codes import COUNTRY, inside
from sentra.regions.models import Region, RegionLevel


def home_region() -> Region:
    return Region.objects.get(code=settings.SENTRA_HOME_REGION)


def kecamatan_list(*, within: str | None = None) -> QuerySet[Region]:
    prefix = within or settings.SENTRA_HOME_REGION
    return Region.objects.filter(inside(prefix), level=RegionLevel.DISTRICT)


def desa_list(*, within: str | None = None) -> QuerySet[Region]:
    prefix = within or settings.SENTRA_HOME_REGION
    return Region.objects.filter(inside(prefix), level=RegionLevel.VILLAGE)


def region_children(region: Region) -> QuerySet[Region]:
    """The regions one level below: provinces of the country, regencies of a province,
    kecamatan of a regency, desa of a kecamatan (none below a desa)."""
    if region.level == RegionLevel.VILLAGE:
        return Region.objects.none()
    if region.code == COUNTRY:
        return Region.objects.filter(level=RegionLevel.PROVINCE)
    return Region.objects.filter(parent_id=region.code)


def region_ancestors(region: Region) -> list[Region]:
    """The regions containing `region`, the country first (those loaded)."""
    codes = [COUNTRY] if region.code != COUNTRY else []
    parts = region.code.split(".") if region.code != COUNTRY else []
    codes += [".".join(parts[:n]) for n in range(1, len(parts))]
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]
