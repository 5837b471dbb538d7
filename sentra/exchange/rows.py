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
from sentra.exchange.normalise import MASKED_NIK, ValueProblem
from sentra.regions.models import Region
from sentra.registry.models import Commodity
from sentra.registry.validators import nib_validate, nik_validate

TOTAL_WORDS = re.compile(
    r"^(jumlah|jml|total|sub ?total|grand total|jumlah total)\s*(:|keseluruhan|seluruhnya)?$",
    re.IGNORECASE,
)
TEXT_MAX = {"business_name": 200, "owner_name": 150, "address": 255}


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
    values: dict[str, Any] = field(default_factory=dict)
    given: set[str] = field(default_factory=set)  # keys with a non-blank cell
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


def _cells(cells: list[Any], columns: dict[int, tuple[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for index, (_label, key) in columns.items():
        value = cells[index] if index < len(cells) else None
        out[key] = None if value == "" else value
    return out


def parse_row(
    number: int,
    cells: list[Any],
    columns: dict[int, tuple[str, str]],
    ctx: Context,
    labels: list[str] | None = None,
) -> ParsedRow:
    labels = labels or []
    parsed = ParsedRow(row=number, headers={key: label for label, key in columns.values()})
    raw = _cells(cells, columns)
    for index, value in enumerate(cells):
        if isinstance(value, str) and TOTAL_WORDS.match(norm.text(value)):
            parsed.skipped = True
            parsed.add(
                columns[index][1] if index in columns else None,
                "total_row",
                label=labels[index] if index < len(labels) else None,
            )
            return parsed
    parsed.given = {k for k, v in raw.items() if norm.text(v) != ""}
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
        if key != "address" and not value:
            parsed.add(key, "required")
            continue
        if len(value) > TEXT_MAX[key]:
            parsed.add(key, "text_too_long", max=TEXT_MAX[key])
            continue
        if value and norm.looks_like_formula(value):
            parsed.add(key, "formula_text")
        parsed.values[key] = value


def _identifiers(parsed: ParsedRow, raw: dict[str, Any]) -> None:
    try:
        nik = norm.identifier(raw.get("nik"), name="nik")
    except ValueProblem as problem:
        parsed.add("nik", problem.code, **problem.params)
        nik = None
    if nik == "":
        parsed.add("nik", "required")
    elif nik is not None and MASKED_NIK.fullmatch(nik):
        parsed.values["nik_masked"] = nik
    elif nik is not None:
        try:
            facts = nik_validate(nik)
            parsed.values["nik"] = nik
            parsed.values["sex"] = facts.sex
        except ValidationError as exc:
            error = exc.error_list[0]
            parsed.add("nik", error.code or "nik_not_digits", **(error.params or {}))
    try:
        nib = norm.identifier(raw.get("nib"), name="nib")
        parsed.values["nib"] = nib_validate(nib) if nib else ""
    except ValueProblem as problem:
        parsed.add("nib", problem.code, **problem.params)
    except ValidationError as exc:
        error = exc.error_list[0]
        parsed.add("nib", error.code or "nib_not_digits", **(error.params or {}))
    phone = norm.phone(raw.get("phone"))
    if phone and "\u2022" not in phone:
        if re.fullmatch(r"0[0-9]{8,13}", phone):
            parsed.values["phone"] = phone
        else:
            parsed.add("phone", "phone_format", value=norm.text(raw.get("phone")))


def _region(parsed: ParsedRow, raw: dict[str, Any], ctx: Context) -> None:
    typed_kec = norm.text(raw.get("kecamatan"))
    typed_desa = norm.text(raw.get("desa"))
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
