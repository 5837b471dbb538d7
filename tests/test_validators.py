"""Validators for official identifiers (NIK, NIB, KBLI, phone) and Kemendagri region codes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from sentra.regions.codes import (
    PROVINCE_CODES,
    match_name,
    parent_code,
    region_level_of,
    validate_region_code,
)
from sentra.regions.models import RegionLevel
from sentra.registry.names import business_match_name
from sentra.registry.validators import (
    kbli_validate,
    nib_normalise,
    nib_validate,
    nik_birth_date,
    nik_normalise,
    nik_validate,
    phone_normalise,
    phone_validate,
)

# PP KK CC DD MM YY SSSS: Lebak (36.02), Rangkasbitung (14), 12 March 1985, serial 0001.
NIK_MAN = "3602141203850001"
# The same birth date for a woman: the day carries +40.
NIK_WOMAN = "3602145203850002"


def _code(exc_info: pytest.ExceptionInfo[ValidationError]) -> str | None:
    (error,) = exc_info.value.error_list
    return error.code


def _nik(day: str = "12", month: str = "03", serial: str = "0001", region: str = "360214") -> str:
    return f"{region}{day}{month}85{serial}"


# --- NIK ------------------------------------------------------------------------------------


class TestNik:
    def test_it_accepts_a_lebak_nik_and_reads_its_facts(self) -> None:
        facts = nik_validate(NIK_MAN)

        assert facts.province == "36"
        assert facts.regency == "3602"
        assert facts.district == "360214"
        assert (facts.birth_day, facts.birth_month, facts.birth_year_2digit) == (12, 3, 85)
        assert facts.sex == "L"

    def test_it_reads_a_day_above_40_as_a_woman_born_on_day_minus_40(self) -> None:
        facts = nik_validate(NIK_WOMAN)

        assert facts.sex == "P"
        assert facts.birth_day == 12

    @pytest.mark.parametrize(
        ("day", "sex", "birth_day"),
        [("01", "L", 1), ("31", "L", 31), ("41", "P", 1), ("71", "P", 31)],
    )
    def test_it_accepts_the_edges_of_both_day_ranges(
        self, day: str, sex: str, birth_day: int
    ) -> None:
        facts = nik_validate(_nik(day=day))

        assert (facts.sex, facts.birth_day) == (sex, birth_day)

    def test_it_accepts_a_nik_registered_outside_lebak(self) -> None:
        # Owners move: a NIK from Kota Bandung, Jawa Barat (32) is a valid NIK.
        facts = nik_validate("3273010101900002")

        assert facts.province == "32"
        assert facts.regency == "3273"

    @pytest.mark.parametrize("day", ["00", "32", "40", "72", "99"])
    def test_it_rejects_a_nik_with_a_day_outside_01_31_and_41_71(self, day: str) -> None:
        with pytest.raises(ValidationError) as exc_info:
            nik_validate(_nik(day=day))

        assert _code(exc_info) == "nik_day"

    def test_it_rejects_a_nik_with_month_13(self) -> None:
        with pytest.raises(ValidationError) as exc_info:
            nik_validate(_nik(month="13"))

        assert _code(exc_info) == "nik_month"

    def test_it_rejects_a_nik_with_month_00(self) -> None:
        with pytest.raises(ValidationError) as exc_info:
            nik_validate(_nik(month="00"))

        assert _code(exc_info) == "nik_month"

    @pytest.mark.parametrize("month", ["01", "12"])
    def test_it_accepts_months_01_and_12(self, month: str) -> None:
        assert nik_validate(_nik(month=month)).birth_month == int(month)

    def test_it_rejects_serial_0000(self) -> None:
        with pytest.raises(ValidationError) as exc_info:
            nik_validate(_nik(serial="0000"))

        assert _code(exc_info) == "nik_serial"

    def test_it_rejects_15_digits_with_nik_length(self) -> None:
        with pytest.raises(ValidationError) as exc_info:
            nik_validate(NIK_MAN[:15])

        assert _code(exc_info) == "nik_length"
        assert exc_info.value.params == {"length": 15}

    def test_it_rejects_17_digits_with_nik_length(self) -> None:
        with pytest.raises(ValidationError) as exc_info:
            nik_validate(NIK_MAN + "1")

        assert _code(exc_info) == "nik_length"

    @pytest.mark.parametrize("value", ["36021412O3850001", "NIK3602141203850", "", "   "])
    def test_it_rejects_letters_and_blanks_with_nik_not_digits(self, value: str) -> None:
        with pytest.raises(ValidationError) as exc_info:
            nik_validate(value)

        assert _code(exc_info) == "nik_not_digits"

    def test_it_rejects_full_width_digits_as_not_digits(self) -> None:
        # What a phone keyboard or a copied PDF can produce; the database only holds 0-9.
        full_width = NIK_MAN.translate(str.maketrans("0123456789", "０１２３４５６７８９"))

        with pytest.raises(ValidationError) as exc_info:
            nik_validate(full_width)

        assert _code(exc_info) == "nik_not_digits"

    @pytest.mark.parametrize("province", ["00", "10", "37", "99"])
    def test_it_rejects_an_unknown_province_code(self, province: str) -> None:
        with pytest.raises(ValidationError) as exc_info:
            nik_validate(province + NIK_MAN[2:])

        assert _code(exc_info) == "nik_province"

    @pytest.mark.parametrize(
        "typed",
        [
            "3602 1412 0385 0001",
            "'3602141203850001",  # Excel's text marker
            "3602.1412.0385.0001",
            "3602-1412-0385-0001",
            " 3602141203850001\t",
        ],
    )
    def test_it_normalises_what_people_type_around_a_nik(self, typed: str) -> None:
        assert nik_normalise(typed) == NIK_MAN
        assert nik_validate(typed).sex == "L"

    def test_the_birth_date_is_read_in_the_right_century(self) -> None:
        today = date(2025, 6, 1)

        assert nik_birth_date(nik_validate(NIK_MAN), today=today) == date(1985, 3, 12)
        assert nik_birth_date(nik_validate("3602145203050002"), today=today) == date(2005, 3, 12)

    def test_the_birth_date_is_none_when_the_day_does_not_exist_in_that_month(self) -> None:
        facts = nik_validate(_nik(day="31", month="02"))

        assert nik_birth_date(facts, today=date(2025, 1, 1)) is None


# --- NIB ------------------------------------------------------------------------------------


class TestNib:
    def test_it_accepts_13_digits(self) -> None:
        assert nib_validate("9120001234567") == "9120001234567"

    @pytest.mark.parametrize("typed", ["9120 0012 3456 7", "9120.001.234.567", "'9120001234567"])
    def test_it_normalises_spaces_dots_and_apostrophes(self, typed: str) -> None:
        assert nib_normalise(typed) == "9120001234567"
        assert nib_validate(typed) == "9120001234567"

    @pytest.mark.parametrize("value", ["912000123456", "91200012345678"])
    def test_it_rejects_12_or_14_digits_with_nib_length(self, value: str) -> None:
        with pytest.raises(ValidationError) as exc_info:
            nib_validate(value)

        assert _code(exc_info) == "nib_length"

    @pytest.mark.parametrize("value", ["NIB912000123", "91200O1234567", ""])
    def test_it_rejects_letters_and_blanks_with_nib_not_digits(self, value: str) -> None:
        with pytest.raises(ValidationError) as exc_info:
            nib_validate(value)

        assert _code(exc_info) == "nib_not_digits"

    def test_it_rejects_full_width_digits_that_the_database_constraint_would_refuse(self) -> None:
        with pytest.raises(ValidationError) as exc_info:
            nib_validate("９１２０００１２３４５６７")

        assert _code(exc_info) == "nib_not_digits"


# --- KBLI -----------------------------------------------------------------------------------


class TestKbli:
    KNOWN = frozenset({"13134", "10722"})

    def test_it_accepts_a_known_five_digit_code_without_warning(self) -> None:
        assert kbli_validate(" 13134 ", known=self.KNOWN) == ("13134", None)

    def test_it_keeps_an_unknown_code_with_a_warning_instead_of_an_error(self) -> None:
        code, warning = kbli_validate("99999", known=self.KNOWN)

        assert code == "99999"
        assert warning is not None
        assert "99999" in warning

    @pytest.mark.parametrize(
        "value", ["1313", "131345", "1313A", "KBLI", "", "13 134", "１３１３４"]
    )
    def test_it_rejects_anything_but_five_digits_with_kbli_format(self, value: str) -> None:
        with pytest.raises(ValidationError) as exc_info:
            kbli_validate(value, known=self.KNOWN)

        assert _code(exc_info) == "kbli_format"


# --- phone ----------------------------------------------------------------------------------


class TestPhone:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("+62 812-3456-7890", "081234567890"),
            ("62 812 3456 7890", "081234567890"),
            ("0812 3456 7890", "081234567890"),
            ("(0252) 201234", "0252201234"),
        ],
    )
    def test_it_stores_indonesian_numbers_with_a_leading_zero(
        self, typed: str, stored: str
    ) -> None:
        assert phone_normalise(typed) == stored
        assert phone_validate(typed) == stored

    @pytest.mark.parametrize(
        "value",
        [
            "0812345",  # too short
            "081234567890123",  # 15 digits: too long
            "812345678",  # no leading 0 or +62
            "+1 415 555 0100",  # not Indonesian
            "telepon",
            "",
            "０８１２３４５６７８９",  # full-width digits
        ],
    )
    def test_it_rejects_what_is_not_an_indonesian_number_with_phone_format(
        self, value: str
    ) -> None:
        with pytest.raises(ValidationError) as exc_info:
            phone_validate(value)

        assert _code(exc_info) == "phone_format"


# --- region codes ---------------------------------------------------------------------------


class TestRegionCodes:
    def test_there_are_38_province_codes(self) -> None:
        assert len(PROVINCE_CODES) == 38
        assert {"36", "32", "96"} <= PROVINCE_CODES

    @pytest.mark.parametrize(
        ("code", "level"),
        [
            ("36", RegionLevel.PROVINCE),
            ("36.02", RegionLevel.REGENCY),
            ("36.02.14", RegionLevel.DISTRICT),
            ("36.02.14.2017", RegionLevel.VILLAGE),
        ],
    )
    def test_it_reads_the_level_from_the_code(self, code: str, level: RegionLevel) -> None:
        assert region_level_of(code) == level
        validate_region_code(code)
        validate_region_code(code, level)

    @pytest.mark.parametrize(
        "code",
        [
            "3602",
            "36.2",
            "36.02.14.201",
            "36.02.14.20171",
            "36-02",
            "36.02.",
            " 36.02",
            "",
            "٣٦.٠٢",  # Arabic-Indic digits
        ],
    )
    def test_it_rejects_a_malformed_code_with_region_code_format(self, code: str) -> None:
        with pytest.raises(ValidationError) as exc_info:
            validate_region_code(code)

        assert _code(exc_info) == "region_code_format"

    @pytest.mark.parametrize("code", ["99", "00.01", "37.02.14", "10.02.14.2017"])
    def test_it_rejects_an_unknown_province_with_region_code_province(self, code: str) -> None:
        with pytest.raises(ValidationError) as exc_info:
            validate_region_code(code)

        assert _code(exc_info) == "region_code_province"

    def test_it_rejects_a_kecamatan_code_where_a_desa_is_expected(self) -> None:
        with pytest.raises(ValidationError) as exc_info:
            validate_region_code("36.02.14", RegionLevel.VILLAGE)

        assert _code(exc_info) == "region_code_level"

    def test_it_rejects_a_desa_code_where_a_regency_is_expected(self) -> None:
        with pytest.raises(ValidationError) as exc_info:
            validate_region_code("36.02.14.2017", RegionLevel.REGENCY)

        assert _code(exc_info) == "region_code_level"

    def test_the_parent_code_drops_the_last_segment(self) -> None:
        assert parent_code("36.02.14.2017") == "36.02.14"
        assert parent_code("36.02") == "36"
        assert parent_code("36") is None


class TestMatchName:
    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("Kec. Rangkasbitung", "rangkasbitung"),
            ("Kecamatan Rangkasbitung", "rangkasbitung"),
            ("KEC RANGKASBITUNG", "rangkasbitung"),
            ("Desa Rangkasbitung Timur", "rangkasbitungtimur"),
            ("Ds. Sawarna", "sawarna"),
            ("Kel. Muara Ciujung Timur", "muaraciujungtimur"),
            ("Kelurahan Muara-Ciujung Timur", "muaraciujungtimur"),
            ("  rangkas bitung  ", "rangkasbitung"),
            ("Rangkasbitung!", "rangkasbitung"),
            ("Kabupaten Lebak", "lebak"),
            ("Kab. Lebak", "lebak"),
            ("Kel.Cijoro Lebak", "cijorolebak"),
        ],
    )
    def test_it_ignores_prefixes_case_spaces_and_punctuation(
        self, typed: str, expected: str
    ) -> None:
        assert match_name(typed) == expected

    def test_a_typed_name_matches_the_official_one(self) -> None:
        assert match_name("desa  rangkasbitung-timur") == match_name("Rangkasbitung Timur")

    @pytest.mark.parametrize(
        ("name", "expected"),
        [("Kota", "kota"), ("Kabupaten", "kabupaten"), ("Kec. Kota", "kota"), ("Kota.", "kota")],
    )
    def test_a_name_that_is_only_a_prefix_word_is_kept(self, name: str, expected: str) -> None:
        # Real regions: kecamatan "Kota" (35.71.02), villages "Kabupaten" and "Kelurahan".
        assert match_name(name) == expected

    def test_a_prefix_inside_a_word_is_not_stripped(self) -> None:
        assert match_name("Kotabaru") == "kotabaru"
        assert match_name("Desanta") == "desanta"


# --- properties -----------------------------------------------------------------------------


@given(st.text())
@example("'3602 1412 0385 0001")
@example("''3602")
def test_nik_normalise_is_idempotent(value: str) -> None:
    once = nik_normalise(value)

    assert nik_normalise(once) == once


@given(st.text())
@example("Desa-Desa")
@example("_kota")
@example("Kec. Kota")
def test_match_name_is_idempotent(value: str) -> None:
    once = match_name(value)

    assert match_name(once) == once


@given(st.text())
def test_business_match_name_never_crashes_and_returns_lower_case_words(value: str) -> None:
    result = business_match_name(value)

    assert result == result.strip()
    assert all(ch.isascii() and (ch.isdigit() or ch.islower() or ch == " ") for ch in result)


@given(st.text())
@example("Home-Industri Keripik")
@example("_CV Maju")
def test_business_match_name_is_idempotent(value: str) -> None:
    once = business_match_name(value)

    assert business_match_name(once) == once


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CV. Bambu Pasir Ona", "bambu pasir ona"),
        ("bambu pasir ona", "bambu pasir ona"),
        ("Keripik Maju, CV", "keripik maju"),
        ("UD Gula Aren Sejahtera", "gula aren sejahtera"),
        ("Batik Lébak", "batik lebak"),
    ],
)
def test_business_match_name_ignores_legal_forms_case_and_accents(name: str, expected: str) -> None:
    assert business_match_name(name) == expected
