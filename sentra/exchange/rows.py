"""Turning one spreadsheet row into checked values and issues (no database writes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from sentra.accounts.scope import Scope
from sentra.exchange import normalise as norm
from sentra.exchange.issues import ERROR, Issue
from sentra.exchange.match import CommodityIndex, RegionIndex
from sentra.exchange.normalise import MASKED_NIK, ValueProblem, is_clear
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
        "investment",
        "production_value",
    }
)


@dataclass
class Context:
    regions: RegionIndex
    commodities: CommodityIndex
    kbli_known: frozenset[str]
    scope: Scope
    latest_year: int


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any] = field(default_factory=dict)  # CLEAR for a cleared column
    given: set[str] = field(default_factory=set)  # keys with a non-blank cell
    nik_masked: bool = False  # the NIK cell held a masked NIK (counts as blank)
    issues: list[Issue] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # key → column header text
    commodity_text: str = ""
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
    columns: dict[int, tuple[str, str]],
    ctx: Context,
    labels: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> ParsedRow:
    """`headers` (key → header text) may be given once for all rows of a table."""
    labels = labels or []
    if headers is None:
        headers = {key: label for label, key in columns.values()}
    parsed = ParsedRow(row=number, headers=headers)
    texts = [norm.text(c) for c in cells]  # each cell as text once; normalisers reuse it
    for index, value in enumerate(cells):
        if isinstance(value, str) and texts[index] and TOTAL_WORDS.match(texts[index]):
            parsed.skipped = True
            parsed.add(
                columns[index][1] if index in columns else None,
                "total_row",
                label=labels[index] if index < len(labels) else None,
            )
            return parsed
    raw: dict[str, Any] = {}
    for index, (_label, key) in columns.items():
        if index >= len(cells) or not texts[index]:
            raw[key] = None
            continue
        value = cells[index]
        raw[key] = texts[index] if isinstance(value, str) else value
        parsed.given.add(key)
        if texts[index][:1] == "(" and is_clear(texts[index]):
            if key in CLEARABLE:
                parsed.values[key] = CLEAR
            else:
                parsed.add(key, "clear_not_allowed", marker=norm.CLEAR_MARKER)
            raw[key] = None
    _keys(parsed, raw, ctx)
    _texts(parsed, raw)
    _identifiers(parsed, raw)
    _region(parsed, raw, ctx)
    _commodity(parsed, raw, ctx)
    _numbers(parsed, raw, ctx)
    _flags(parsed, raw)
    return parsed


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


def _region(parsed: ParsedRow, raw: dict[str, Any], ctx: Context) -> None:
    typed_kec = norm.text(raw.get("kecamatan"))
    typed_desa = norm.text(raw.get("desa"))
    if not typed_kec and not typed_desa:
        return  # the stored place stays; a new unit needs one (checked when planning)
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
    typed = norm.text(raw.get("commodity"))
    parsed.commodity_text = typed
    commodity: Commodity | None = ctx.commodities.find(typed) if typed else None
    if commodity is not None:
        parsed.values["commodity"] = commodity
    kbli = norm.text(raw.get("kbli"))
    if kbli:
        if not re.fullmatch(r"[0-9]{5}", kbli):
            parsed.add("kbli", "kbli_format")
        else:
            parsed.values["kbli"] = kbli
            if kbli not in ctx.kbli_known:
                parsed.add("kbli", "kbli_unknown", value=kbli)


def _numbers(parsed: ParsedRow, raw: dict[str, Any], ctx: Context) -> None:
    for key, fraction in (
        ("workers_male", False),
        ("workers_female", False),
        ("investment", True),
        ("production_value", True),
    ):
        try:
            value = norm.whole_number(raw.get(key), allow_fraction=fraction)
        except ValueProblem as problem:
            parsed.add(key, problem.code, **problem.params)
            continue
        if value is not None:
            parsed.values[key] = value
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
