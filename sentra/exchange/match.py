"""Matching typed names to reference data: kecamatan and desa inside the deployment's region
(ignoring case, spaces, punctuation and prefixes), commodities by name or synonym."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.conf import settings
from rapidfuzz import fuzz, process

from sentra.regions.codes import match_name
from sentra.regions.models import Region, RegionLevel
from sentra.registry.models import Commodity, KbliCommodity
from sentra.registry.names import product_match_name
from sentra.registry.services import commodity_unclassified


@dataclass
class RegionIndex:
    """The deployment's kecamatan and desa, loaded once per import."""

    region_name: str
    home: str = ""  # the deployment's region code ("36.02")
    kecamatan: dict[str, Region] = field(default_factory=dict)  # match name → region
    desa: dict[str, dict[str, Region]] = field(default_factory=dict)  # kec code → name → desa
    by_code: dict[str, Region] = field(default_factory=dict)

    @classmethod
    def load(cls, within: str | None = None) -> RegionIndex:
        prefix = within or settings.SENTRA_HOME_REGION
        home = Region.objects.filter(code=prefix).first()
        index = cls(region_name=home.label if home else prefix, home=prefix)
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


@dataclass(frozen=True)
class Resolution:
    """How a product or commodity text was understood: `name` (a commodity's name or code),
    `synonym`, `kbli` (the row's KBLI in the KBLI→commodity table), `fuzzy` (close to a name
    or synonym, with its score) or `unresolved` (maybe with a suggestion)."""

    commodity: Commodity | None
    how: str
    score: int | None = None
    suggestion: Commodity | None = None


FUZZY_RESOLVE = 90  # a closer match is taken (with a warning); a looser one only suggested
FUZZY_SUGGEST = 75


@dataclass
class CommodityIndex:
    by_name: dict[str, Commodity]
    by_synonym: dict[str, Commodity] = field(default_factory=dict)
    by_kbli: dict[str, Commodity] = field(default_factory=dict)  # KBLI prefix → commodity
    unclassified: Commodity = field(default_factory=commodity_unclassified)

    @classmethod
    def load(cls) -> CommodityIndex:
        by_name: dict[str, Commodity] = {}
        by_synonym: dict[str, Commodity] = {}
        commodities = list(Commodity.objects.filter(is_active=True))
        # Names win over synonyms, and earlier commodities over later ones.
        for commodity in commodities:
            for synonym in commodity.synonyms or []:
                by_synonym.setdefault(match_name(str(synonym)), commodity)
        for commodity in commodities:
            by_name[match_name(commodity.name)] = commodity
            by_name[match_name(commodity.code)] = commodity
        by_id = {c.pk: c for c in commodities}
        by_kbli = {
            prefix: by_id[pk]
            for prefix, pk in KbliCommodity.objects.values_list("prefix", "commodity_id")
            if pk in by_id
        }
        return cls(by_name=by_name, by_synonym=by_synonym, by_kbli=by_kbli)

    def find(self, typed: str) -> Commodity | None:
        """A commodity by its name, code or a synonym."""
        key = match_name(typed)
        return self.by_name.get(key) or self.by_synonym.get(key)

    def for_kbli(self, kbli: str) -> Commodity | None:
        """The commodity of the longest listed prefix of a KBLI code."""
        for length in range(len(kbli), 0, -1):
            found = self.by_kbli.get(kbli[:length])
            if found is not None:
                return found
        return None

    def resolve(self, typed: str, kbli: str = "") -> Resolution:
        """exact name → synonym → the row's KBLI → a close name or synonym."""
        key = match_name(typed)
        if key in self.by_name:
            return Resolution(self.by_name[key], "name")
        if key in self.by_synonym:
            return Resolution(self.by_synonym[key], "synonym")
        by_kbli = self.for_kbli(kbli) if kbli else None
        if by_kbli is not None:
            return Resolution(by_kbli, "kbli")
        words = product_match_name(typed)
        best = process.extractOne(
            words, self._choices(), scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_SUGGEST
        )
        if best is not None:
            commodity = self._choice_commodity[best[0]]
            if best[1] >= FUZZY_RESOLVE:
                return Resolution(commodity, "fuzzy", score=round(best[1]))
            return Resolution(None, "unresolved", suggestion=commodity)
        return Resolution(None, "unresolved")

    def _choices(self) -> list[str]:
        if not hasattr(self, "_choice_commodity"):
            self._choice_commodity: dict[str, Commodity] = {}
            for commodity in self.by_name.values():
                self._choice_commodity.setdefault(product_match_name(commodity.name), commodity)
                for synonym in commodity.synonyms or []:
                    self._choice_commodity.setdefault(product_match_name(str(synonym)), commodity)
            self._choice_commodity.pop(product_match_name(self.unclassified.name), None)
        return list(self._choice_commodity)
