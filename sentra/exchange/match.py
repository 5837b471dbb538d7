"""Matching typed names to reference data: kecamatan and desa inside the deployment's region
(ignoring case, spaces, punctuation and prefixes), commodities by name or synonym."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.conf import settings

from sentra.regions.codes import match_name
from sentra.regions.models import Region, RegionLevel
from sentra.registry.models import Commodity


@dataclass
class RegionIndex:
    """The deployment's kecamatan and desa, loaded once per import."""

    region_name: str
    kecamatan: dict[str, Region] = field(default_factory=dict)  # match name → region
    desa: dict[str, dict[str, Region]] = field(default_factory=dict)  # kec code → name → desa
    by_code: dict[str, Region] = field(default_factory=dict)

    @classmethod
    def load(cls, within: str | None = None) -> RegionIndex:
        prefix = within or settings.SENTRA_HOME_REGION
        home = Region.objects.filter(code=prefix).first()
        index = cls(region_name=home.label if home else prefix)
        rows = Region.objects.filter(
            code__startswith=prefix + ".", level__in=[RegionLevel.DISTRICT, RegionLevel.VILLAGE]
        )
        for region in rows:
            index.by_code[region.code] = region
            if region.level == RegionLevel.DISTRICT:
                index.kecamatan[region.match_name or match_name(region.name)] = region
        for region in index.by_code.values():
            if region.level == RegionLevel.VILLAGE and region.parent_id:
                index.desa.setdefault(region.parent_id, {})[
                    region.match_name or match_name(region.name)
                ] = region
        return index

    def find_kecamatan(self, typed: str) -> tuple[Region | None, str | None]:
        """(kecamatan, None) or (None, suggested name)."""
        key = match_name(typed)
        if key in self.kecamatan:
            return self.kecamatan[key], None
        by_code = self.by_code.get(typed.strip())
        if by_code is not None and by_code.level == RegionLevel.DISTRICT:
            return by_code, None
        return None, _suggest(key, self.kecamatan)

    def find_desa(self, typed: str, kecamatan: Region) -> tuple[Region | None, str | None]:
        names = self.desa.get(kecamatan.code, {})
        key = match_name(typed)
        if key in names:
            return names[key], None
        by_code = self.by_code.get(typed.strip())
        if by_code is not None and by_code.parent_id == kecamatan.code:
            return by_code, None
        return None, _suggest(key, names)


def _suggest(key: str, names: dict[str, Region]) -> str | None:
    if not key:
        return None
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
    return names[close[0]].name if close else None


@dataclass
class CommodityIndex:
    by_name: dict[str, Commodity]

    @classmethod
    def load(cls) -> CommodityIndex:
        by_name: dict[str, Commodity] = {}
        commodities = list(Commodity.objects.filter(is_active=True))
        # Names win over synonyms, and earlier commodities over later ones.
        for commodity in commodities:
            for synonym in commodity.synonyms or []:
                by_name.setdefault(match_name(str(synonym)), commodity)
        for commodity in commodities:
            by_name[match_name(commodity.name)] = commodity
            by_name[match_name(commodity.code)] = commodity
        return cls(by_name=by_name)

    def find(self, typed: str) -> Commodity | None:
        return self.by_name.get(match_name(typed))
