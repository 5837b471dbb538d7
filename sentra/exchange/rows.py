"""Turning one spreadsheet row into checked values and issues (no database writes).

A row is rejected only for values that would make the record false: a missing business name,
an invalid NIK or NIB, a place outside the home region, impossible numbers. An unknown product
or commodity name never rejects a row: it is resolved (name → synonym → the row's KBLI → a
close match) or kept as written under "Belum diklasifikasi" for an officer to map."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from sentra.accounts.scope import Scope
from sentra.exchange import normalise as norm
from sentra.exchange.columns import header_key
from sentra.exchange.issues import ERROR, Issue
from sentra.exchange.mapping import SUMMED
from sentra.exchange.match import CommodityIndex, RegionIndex, Resolution
from sentra.exchange.normalise import MASKED_NIK, ValueProblem, is_clear
from sentra.exchange.profiles import Profile, profiles
from sentra.regions.models import Region
from sentra.registry.models import Commodity
from sentra.registry.validators import nib_validate, nik_validate

TOTAL_WORDS = re.compile(
    r"^(jumlah|jml|total|sub ?total|grand total|jumlah total)\s*(:|keseluruhan|seluruhnya)?$",
    re.IGNORECASE,
)
TEXT_MAX = {"business_name": 200, "owner_name": 150, "address": 255}
CLEAR = object()  # the value of a cell holding the clearing marker
# Columns whose stored value the clearing marker may remove. The others (names, places,
# commodity, status, certificates) cannot be emptied by an import.
CLEARABLE = frozenset(
    {
        "nib",
        "kbli",
        "address",
        "year_established",
        "phone",
        "export_countries",
        "workers_male",
        "workers_female",
        "workers_foreign",
        "investment",
        "production_value",
        "export_value",
    }
)


@dataclass
class Context:
    regions: RegionIndex
    commodities: CommodityIndex
    kbli_known: frozenset[str]
    scope: Scope
    latest_year: int
    profile: Profile = field(default_factory=lambda: profiles()["sentra"])


@dataclass
class ProductValue:
    """A product line a row names (checked; the commodity resolved or "Belum diklasifikasi")."""

    name: str
    commodity: Commodity
    how: str  # name | synonym | kbli | fuzzy | given | unresolved
    kbli: str | None = None
    capacity: Decimal | None = None
    capacity_unit: str | None = None


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any] = field(default_factory=dict)  # CLEAR for a cleared column
    given: set[str] = field(default_factory=set)  # keys with a non-blank cell
    nik_masked: bool = False  # the NIK cell held a masked NIK (counts as blank)
    issues: list[Issue] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # key → column header text
    commodity_text: str = ""  # a commodity text no rule resolved
    products: list[ProductValue] = field(default_factory=list)
    skipped: bool = False

    @property
    def rejected(self) -> bool:
        return any(i.severity == ERROR for i in self.issues)

    def add(self, key: str | None, code: str, *, label: str | None = None, **params: Any) -> None:
        column = self.headers.get(key) if key else label
        self.issues.append(Issue(column=column, field=key, code=code, params=params))


def is_blank(cells: list[Any]) -> bool:
    return all(norm.text(c) == "" for c in cells)


def parse_row(
    number: int,
    cells: list[Any],
    ctx: Context,
    *,
    fields: dict[str, list[int]],
    headers: dict[str, str],
    labels: list[str] | None = None,
) -> ParsedRow:
    """`fields` maps each field to the cell indexes that fill it (several for a summed
    figure); `headers` each field to its column's header text (for messages)."""
    labels = labels or []
    parsed = ParsedRow(row=number, headers=headers)
    texts = [norm.text(c) if type(c) is not list else "…" for c in cells]
    for index, value in enumerate(cells):
        if isinstance(value, str) and texts[index] and TOTAL_WORDS.match(texts[index]):
            parsed.skipped = True
            key = next((k for k, idx in fields.items() if index in idx), None)
            parsed.add(key, "total_row", label=labels[index] if index < len(labels) else None)
            return parsed
    raw: dict[str, Any] = {}
    vocabularies = ctx.profile.values
    for key, indexes in fields.items():
        found = [i for i in indexes if i < len(cells) and texts[i]]
        if not found:
            raw[key] = None
            continue
        parsed.given.add(key)
        first = found[0]
        value = cells[first]
        if texts[first][:1] == "(" and is_clear(texts[first]):
            if key in CLEARABLE:
                parsed.values[key] = CLEAR
            else:
                parsed.add(key, "clear_not_allowed", marker=norm.CLEAR_MARKER)
            raw[key] = None
            continue
        if key in SUMMED and len(found) > 1:
            raw[key] = [texts[i] if isinstance(cells[i], str) else cells[i] for i in found]
            continue
        raw[key] = texts[first] if isinstance(value, str) else value
        vocabulary = vocabularies.get(key)
        if vocabulary and texts[first].lower() in vocabulary:
            raw[key] = vocabulary[texts[first].lower()]
    _derive(parsed, raw, ctx.profile, cells, labels)
    _keys(parsed, raw, ctx)
    _texts(parsed, raw)
    _identifiers(parsed, raw)
    _region(parsed, raw, ctx)
    _numbers(parsed, raw, ctx)
    _commodity(parsed, raw, ctx)
    _flags(parsed, raw)
    _source(parsed, raw)
    return parsed


def _derive(
    parsed: ParsedRow, raw: dict[str, Any], profile: Profile, cells: list[Any], labels: list[str]
) -> None:
    """A profile's derived values: OSS gives a person's own name as the owner's."""
    for rule in profile.derive:
        if raw.get(rule.field) is not None or raw.get(rule.copy) is None:
            continue
        index = next(
            (i for i, label in enumerate(labels) if header_key(label) == rule.when_header), None
        )
        if index is None or index >= len(cells):
            continue
        if header_key(norm.text(cells[index])) in rule.when_values:
            raw[rule.field] = raw[rule.copy]
            parsed.given.add(rule.field)


def _texts(parsed: ParsedRow, raw: dict[str, Any]) -> None:
    for key in ("business_name", "owner_name", "address"):
        value = norm.text(raw.get(key))
        if value[:1] == "'" and value[1:2] in {"=", "+", "-", "@"}:
            value = value[1:]  # the apostrophe an export puts before formula-like text
        if not value:
            continue
        if len(value) > TEXT_MAX[key]:
            parsed.add(key, "text_too_long", max=TEXT_MAX[key])
            continue
        if norm.looks_like_formula(value):
            parsed.add(key, "formula_text")
        parsed.values[key] = value


def _keys(parsed: ParsedRow, raw: dict[str, Any], ctx: Context) -> None:
    """The unit code, the data year, the owner's sex and the unit's status."""
    try:
        code = norm.unit_code(raw.get("code"))
        if code:
            parsed.values["code"] = code
    except ValueProblem as problem:
        parsed.add("code", problem.code, **problem.params)
    try:
        year = norm.year(raw.get("year"), latest=ctx.latest_year)
        if year is not None:
            parsed.values["year"] = year
    except ValueProblem as problem:
        parsed.add("year", problem.code, **problem.params)
    for key, normaliser in (("sex", norm.sex), ("status", norm.unit_status)):
        try:
            value = normaliser(raw.get(key))
        except ValueProblem as problem:
            parsed.add(key, problem.code, **problem.params)
            continue
        if value is not None:
            parsed.values[key] = value


def _identifiers(parsed: ParsedRow, raw: dict[str, Any]) -> None:
    try:
        nik = norm.identifier(raw.get("nik"), name="nik")
    except ValueProblem as problem:
        parsed.add("nik", problem.code, **problem.params)
        nik = None
    if nik is not None and MASKED_NIK.fullmatch(nik):
        parsed.nik_masked = True  # a masked NIK is no NIK: it identifies nobody
    elif nik:
        try:
            facts = nik_validate(nik)
            parsed.values["nik"] = nik
            parsed.values["nik_sex"] = facts.sex
        except ValidationError as exc:
            error = exc.error_list[0]
            parsed.add("nik", error.code or "nik_not_digits", **(error.params or {}))
    if "nib" not in parsed.values:
        try:
            nib = norm.identifier(raw.get("nib"), name="nib")
            if nib:
                parsed.values["nib"] = nib_validate(nib)
        except ValueProblem as problem:
            parsed.add("nib", problem.code, **problem.params)
        except ValidationError as exc:
            error = exc.error_list[0]
            parsed.add("nib", error.code or "nib_not_digits", **(error.params or {}))
    if "phone" not in parsed.values:
        phone = norm.phone(raw.get("phone"))
        if phone and "\u2022" not in phone:  # a masked phone counts as a blank cell
            if re.fullmatch(r"0[0-9]{8,13}", phone):
                parsed.values["phone"] = phone
            else:
                parsed.add("phone", "phone_format", value=norm.text(raw.get("phone")))


_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?")


def _region(parsed: ParsedRow, raw: dict[str, Any], ctx: Context) -> None:
    """Names (any case, prefixes, KoboToolbox select names such as rangkasbitung_timur) or
    Kemendagri codes with or without dots (360214, 3602142017)."""
    typed_kec = norm.region_code(norm.text(raw.get("kecamatan")))
    typed_desa = norm.region_code(norm.text(raw.get("desa")))
    if not typed_kec and not typed_desa:
        return  # the stored place stays; a new unit needs one (checked when planning)
    for key, typed in (("kecamatan", typed_kec), ("desa", typed_desa)):
        if _CODE.fullmatch(typed) and not typed.startswith(ctx.regions.home + "."):
            parsed.add(key, "region_outside_home", value=typed, region=ctx.regions.region_name)
            return
    if not typed_kec and _CODE.fullmatch(typed_desa) and typed_desa.count(".") == 3:
        typed_kec = typed_desa[:8]  # a desa code says its kecamatan
    if not typed_kec:
        parsed.add("kecamatan", "required")
        return
    kecamatan, suggestion = ctx.regions.find_kecamatan(typed_kec)
    if kecamatan is None:
        if suggestion:
            parsed.add("kecamatan", "kecamatan_suggest", value=typed_kec, suggestion=suggestion)
        else:
            parsed.add(
                "kecamatan", "kecamatan_unknown", value=typed_kec, region=ctx.regions.region_name
            )
        return
    if not ctx.scope.everything and kecamatan.code not in ctx.scope.kecamatan_codes:
        parsed.add("kecamatan", "outside_scope", value=kecamatan.name)
        return
    if not typed_desa:
        parsed.add("desa", "required")
        return
    desa, suggestion = ctx.regions.find_desa(typed_desa, kecamatan)
    if desa is None:
        if suggestion:
            parsed.add("desa", "desa_suggest", value=typed_desa, suggestion=suggestion)
        else:
            parsed.add("desa", "desa_unknown", value=typed_desa, kecamatan=kecamatan.name)
        return
    parsed.values["desa"] = desa
    parsed.values["kecamatan"] = kecamatan


def _commodity(parsed: ParsedRow, raw: dict[str, Any], ctx: Context) -> None:
    """The row's KBLI, its commodity and the product line it names."""
    kbli = norm.text(raw.get("kbli"))
    if kbli:
        if not re.fullmatch(r"[0-9]{5}", kbli):
            parsed.add("kbli", "kbli_format")
            kbli = ""
        else:
            parsed.values["kbli"] = kbli
            if kbli not in ctx.kbli_known:
                parsed.add("kbli", "kbli_unknown", value=kbli)
    typed = norm.text(raw.get("commodity"))
    if typed:
        found = ctx.commodities.resolve(typed, kbli)
        _resolution_issue(parsed, "commodity", typed, found)
        if found.commodity is not None and found.how != "unresolved":
            parsed.values["commodity"] = found.commodity
        else:
            parsed.commodity_text = typed
            parsed.products.append(
                ProductValue(name=typed, commodity=ctx.commodities.unclassified, how="unresolved")
            )
    product = norm.text(raw.get("product"))
    if product:
        if len(product) > 200:
            parsed.add("product", "text_too_long", max=200)
            return
        found = ctx.commodities.resolve(product, kbli)
        _resolution_issue(parsed, "product", product, found)
        line = ProductValue(
            name=product,
            commodity=found.commodity or ctx.commodities.unclassified,
            how=found.how,
            kbli=kbli or None,
            capacity=parsed.values.get("capacity"),
            capacity_unit=norm.text(raw.get("capacity_unit")) or None,
        )
        if parsed.products and parsed.products[0].name == typed:
            parsed.products[0] = line  # the commodity text was this product's name
        else:
            parsed.products.append(line)
    products = raw.get("products")
    if isinstance(products, list):
        _json_products(parsed, products, ctx)


def _resolution_issue(parsed: ParsedRow, key: str, typed: str, found: Resolution) -> None:
    if found.how == "kbli":
        assert found.commodity is not None
        parsed.add(key, "commodity_by_kbli", value=typed, commodity=found.commodity.name)
    elif found.how == "fuzzy":
        assert found.commodity is not None
        parsed.add(
            key, "commodity_fuzzy", value=typed, commodity=found.commodity.name, score=found.score
        )
    elif found.how == "unresolved":
        if found.suggestion is not None:
            parsed.add(key, "product_suggest", value=typed, suggestion=found.suggestion.name)
        else:
            parsed.add(key, "product_unclassified", value=typed)


def _json_products(parsed: ParsedRow, items: list[Any], ctx: Context) -> None:
    """A JSON export's `products`: [{"name", "kbli", "capacity", "capacity_unit",
    "commodity"}, …]; the commodity named exactly, else resolved from the product name."""
    for item in items:
        if not isinstance(item, dict) or not norm.text(item.get("name")):
            parsed.add("products", "products_invalid")
            continue
        name = norm.text(item.get("name"))[:200]
        kbli = norm.text(item.get("kbli"))
        if kbli and not re.fullmatch(r"[0-9]{5}", kbli):
            parsed.add("products", "kbli_format")
            kbli = ""
        try:
            capacity = norm.number(item.get("capacity"))
        except ValueProblem as problem:
            parsed.add("products", problem.code, **problem.params)
            capacity = None
        named = norm.text(item.get("commodity"))
        commodity = ctx.commodities.find(named) if named else None
        how = "given"
        if commodity is None:
            found = ctx.commodities.resolve(name, kbli)
            _resolution_issue(parsed, "products", name, found)
            commodity, how = found.commodity or ctx.commodities.unclassified, found.how
        parsed.products.append(
            ProductValue(
                name=name,
                commodity=commodity,
                how=how,
                kbli=kbli or None,
                capacity=capacity,
                capacity_unit=norm.text(item.get("capacity_unit")) or None,
            )
        )


def _source(parsed: ParsedRow, raw: dict[str, Any]) -> None:
    """A survey submission's own id and year (KoboToolbox/ODK `_uuid`, `_submission_time`)."""
    uuid = norm.text(raw.get("submission_uuid"))
    if uuid:
        parsed.values["submission_uuid"] = uuid
    year = norm.submission_year(raw.get("submitted_at"))
    if year is not None:
        parsed.values["submission_year"] = year


NUMBERS = (
    ("workers_male", False),
    ("workers_female", False),
    ("workers_foreign", False),
    ("investment", True),
    ("production_value", True),
    ("export_value", True),
)


def _numbers(parsed: ParsedRow, raw: dict[str, Any], ctx: Context) -> None:
    for key, fraction in NUMBERS:
        cell = raw.get(key)
        total: int | None = None
        for item in cell if isinstance(cell, list) else [cell]:  # summed columns add up
            try:
                value = norm.whole_number(item, allow_fraction=fraction)
            except ValueProblem as problem:
                parsed.add(key, problem.code, **problem.params)
                total = None
                break
            if value is not None:
                total = (total or 0) + value
        if total is not None:
            parsed.values[key] = total
    for key, limit in (("latitude", 90), ("longitude", 180)):
        try:
            degrees = norm.coordinate(raw.get(key), limit=limit)
        except ValueProblem as problem:
            parsed.add(key, problem.code, **problem.params)
            continue
        if degrees is not None:
            parsed.values[key] = degrees
    if ("latitude" in parsed.given) != ("longitude" in parsed.given):
        parsed.values.pop("latitude", None)
        parsed.values.pop("longitude", None)
        parsed.add("latitude" if "latitude" in parsed.given else "longitude", "coordinate_pair")
    try:
        capacity = norm.number(raw.get("capacity"))
        if capacity is not None:
            if capacity < 0:
                raise ValueProblem("number_negative", value=norm.text(raw.get("capacity")))
            parsed.values["capacity"] = capacity
    except ValueProblem as problem:
        parsed.add("capacity", problem.code, **problem.params)
    try:
        established = norm.year(raw.get("year_established"), latest=ctx.latest_year)
        if established is not None:
            parsed.values["year_established"] = established
    except ValueProblem as problem:
        parsed.add("year_established", problem.code, **problem.params)


def _flags(parsed: ParsedRow, raw: dict[str, Any]) -> None:
    for key in ("pirt", "halal", "hki"):
        try:
            flag = norm.yes_no(raw.get(key))
        except ValueProblem as problem:
            parsed.add(key, problem.code, **problem.params)
            continue
        if flag is not None:
            parsed.values[key] = flag
    reach: str | None = None
    try:
        reach = norm.market_reach(raw.get("market_reach"))
    except ValueProblem as problem:
        parsed.add("market_reach", problem.code, **problem.params)
    codes, unknown = norm.countries(raw.get("export_countries"))
    for item in unknown:
        parsed.add("export_countries", "country_unknown", value=item)
    if ("export_countries" in parsed.given and not unknown) or codes:
        parsed.values["export_countries"] = codes
    if codes and reach != "ekspor":
        if reach is not None or "market_reach" in parsed.given:
            parsed.add("market_reach", "market_reach_export")
        reach = "ekspor"
    if reach is not None:
        parsed.values["market_reach"] = reach


def region_label(region: Region | None) -> str:
    return region.name if region else ""
