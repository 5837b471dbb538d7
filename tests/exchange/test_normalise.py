"""The value normalisers: examples of what people type, and properties (never crash except
with a coded ValueProblem; applying twice changes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sentra.exchange import normalise as norm
from sentra.exchange.columns import column_for, header_key
from sentra.exchange.issues import CODES
from sentra.exchange.normalise import ValueProblem

cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**17), max_value=10**17),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.text(alphabet="0123456789.,-+eE jutaribuRp'orng ", max_size=25),
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.500.000", 1_500_000),
        ("Rp 1.500.000,00", 1_500_000),
        ("Rp. 1.500.000", 1_500_000),
        ("25.000.000,-", 25_000_000),
        ("2,5 juta", 2_500_000),
        ("1,5 M", 1_500_000_000),
        ("750 rb", 750_000),
        ("3 orang", 3),
        ("1,500,000", 1_500_000),
        (1500000.0, 1_500_000),
        (2015, 2015),
        ("", None),
        ("-", None),
        (None, None),
    ],
)
def test_indonesian_numbers_are_read(typed: Any, expected: int | None) -> None:
    assert norm.whole_number(typed, allow_fraction=True) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [("dua", "number_invalid"), ("2,5", "number_fraction"), ("-3", "number_negative"),
     ("1 ton", "number_invalid"), ("9" * 20, "number_too_large")],
)  # fmt: skip
def test_numbers_that_cannot_be_counts_raise_a_coded_problem(typed: str, code: str) -> None:
    with pytest.raises(ValueProblem) as problem:
        norm.whole_number(typed)
    assert problem.value.code == code


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Ada", True), ("Ya", True), ("V", True), ("✓", True), ("Tidak", False),
     ("tidak ada", False), ("-", False), ("", None), (None, None), (True, True)],
)  # fmt: skip
def test_yes_and_no_in_their_usual_forms(typed: Any, expected: bool | None) -> None:
    assert norm.yes_no(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("'3602140101800001", "3602140101800001"),
        ("3602 1401 0180 0001", "3602140101800001"),
        ("3602-1401-0180-0001", "3602140101800001"),
        ("3602.1401.0180.0001", "3602140101800001"),
        (3602140101800001.0, "3602140101800001"),  # 16 digits: written by a program, exact
        ("3602••••••••0001", "3602••••••••0001"),  # a masked export, kept for matching
    ],
)
def test_nik_typed_as_text_is_normalised(typed: Any, expected: str) -> None:
    assert norm.identifier(typed, name="nik") == expected


@pytest.mark.parametrize(
    "typed", ["3,60214E+15", "3.60214E+15", "3,60214e15", 3602140101800000.0, 360214010180000.0]
)
def test_a_nik_that_went_through_a_number_is_refused_as_precision_lost(typed: Any) -> None:
    with pytest.raises(ValueProblem) as problem:
        norm.identifier(typed, name="nik")
    assert problem.value.code == "nik_precision_lost"


def test_nib_typed_as_a_number_keeps_its_13_digits() -> None:
    assert norm.identifier(1234567890123.0, name="nib") == "1234567890123"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Inggris, Jerman", (("DE", "GB"), [])), ("GB; it / Belanda", (("GB", "IT", "NL"), [])),
     ("Mars", ((), ["Mars"])), ("", ((), []))],
)  # fmt: skip
def test_export_countries_by_name_or_code(typed: str, expected: Any) -> None:
    assert norm.countries(typed) == expected


def test_phone_numbers_get_a_leading_zero() -> None:
    assert norm.phone("+62 812-3456-7890") == "081234567890"
    assert norm.phone(81234567890.0) == "081234567890"


def test_header_variants_are_matched_ignoring_case_and_punctuation() -> None:
    assert header_key("Tenaga Kerja (L)") == "tenaga kerja l"
    assert column_for("KEC.") == "kecamatan"
    assert column_for("No. KTP") == "nik"
    assert column_for("Nama  IKM ") == "business_name"
    assert column_for("Keterangan") is None


def _idempotent(function: Callable[[Any], Any], value: Any) -> None:
    try:
        once = function(value)
    except ValueProblem as problem:
        assert problem.code in CODES
        return
    assert function(once) == once


@settings(max_examples=300, deadline=None)
@given(cells)
def test_number_never_crashes_and_is_idempotent(value: Any) -> None:
    _idempotent(norm.number, value)


@settings(max_examples=300, deadline=None)
@given(cells)
def test_whole_number_never_crashes_and_is_idempotent(value: Any) -> None:
    _idempotent(lambda v: norm.whole_number(v, allow_fraction=True), value)


@settings(max_examples=300, deadline=None)
@given(cells)
def test_year_never_crashes_and_is_idempotent(value: Any) -> None:
    _idempotent(lambda v: norm.year(v, latest=2026), value)


@settings(max_examples=300, deadline=None)
@given(cells)
def test_yes_no_never_crashes_and_is_idempotent(value: Any) -> None:
    _idempotent(norm.yes_no, value)


@settings(max_examples=300, deadline=None)
@given(cells, st.sampled_from(["nik", "nib"]))
def test_identifier_never_crashes_and_is_idempotent(value: Any, name: str) -> None:
    _idempotent(lambda v: norm.identifier(v, name=name), value)


@settings(max_examples=300, deadline=None)
@given(cells)
def test_phone_text_and_market_reach_never_crash_and_are_idempotent(value: Any) -> None:
    _idempotent(norm.phone, value)
    _idempotent(norm.text, value)
    _idempotent(norm.market_reach, value)


@settings(max_examples=300, deadline=None)
@given(cells)
def test_countries_never_crash_and_are_idempotent(value: Any) -> None:
    codes, _unknown = norm.countries(value)
    assert norm.countries(", ".join(codes)) == (codes, [])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_header_key_is_idempotent(value: str) -> None:
    assert header_key(header_key(value)) == header_key(value)


def test_decimal_amounts_keep_their_fraction() -> None:
    assert norm.number("2,5") == Decimal("2.5")
