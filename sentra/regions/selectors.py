"""Reading regions."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from sentra.regions.models import Region, RegionLevel


def home_region() -> Region:
    return Region.objects.get(code=settings.SENTRA_HOME_REGION)


def kecamatan_list(*, within: str | None = None) -> QuerySet[Region]:
    prefix = within or settings.SENTRA_HOME_REGION
    return Region.objects.filter(level=RegionLevel.DISTRICT, code__startswith=prefix + ".")


def desa_list(*, within: str | None = None) -> QuerySet[Region]:
    prefix = within or settings.SENTRA_HOME_REGION
    return Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=prefix + ".")
