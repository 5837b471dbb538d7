"""One formatting rule for numbers, money, dates and countries, and the security headers every
page carries."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from sentra.core import formats


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", ["16.000", "37,8%", "Rp 1.500.000", "US$ 2.500", "−3", "2018", "29 November 2026"]),
        ("en", ["16,000", "37.8%", "Rp 1,500,000", "US$ 2,500", "−3", "2018", "29 November 2026"]),
    ],
)
def test_numbers_money_years_and_dates_follow_the_interface_language(
    language: str, expected: list[str]
) -> None:
    with translation.override(language):
        assert [
            formats.format_number(16000),
            formats.format_percent(37.84),
            formats.format_rupiah(1_500_000),
            formats.format_usd(2500),
            formats.format_signed(-3),
            formats.format_year(2018),
            formats.format_date(date(2026, 11, 29)),
        ] == expected


def test_a_time_is_shown_in_jakarta_with_the_month_written_out() -> None:
    moment = datetime(2026, 11, 29, 7, 5, tzinfo=ZoneInfo("UTC"))
    with translation.override("id"):
        assert formats.format_datetime(moment) == "29 November 2026 14.05"


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("id", ["Hong Kong", "Taiwan", "Inggris", "Jerman", "Vietnam"]),
        ("en", ["Hong Kong", "Taiwan", "United Kingdom", "Germany", "Vietnam"]),
    ],
)
def test_every_country_code_has_a_name_in_both_languages(language: str, names: list[str]) -> None:
    with translation.override(language):
        assert [formats.country_name(c) for c in ("HK", "TW", "GB", "DE", "VN")] == names
        assert formats.country_name("XX") == "XX"


@pytest.mark.django_db
def test_every_page_sends_a_strict_content_security_policy_and_a_permissions_policy(
    reference: None,
) -> None:
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
