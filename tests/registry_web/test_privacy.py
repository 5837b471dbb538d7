"""A scan of every page the reading side serves to anonymous users and analysts: no NIK-like
16-digit number and no Indonesian phone number may appear anywhere in the HTML."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from tests.registry_web.data import AHMAD_NIK, DEDI_NIK, SITI_NIK, SITI_PHONE, Registry

pytestmark = pytest.mark.django_db

SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
# 08xx…, 628xx… or +628xx…, with optional separators as people write them.
PHONE = re.compile(r"(?<![\d])(?:\+62|62|0)[\s.-]?8\d(?:[\s.-]?\d){6,10}(?!\d)")
# Public pages of later apps, scanned when they exist.
PUBLIC_PAGES = ("home", "insights:public_stats", "insights:opendata", "market:catalog")


def _urls(registry: Registry) -> list[tuple[str, str]]:
    urls = [("GET", "/units/")]
    for query in (
        "q=siti",
        "q=3602144202850002",
        "q=081234567890",
        "women=1",
        "sort=-workers",
        "year=2017&change=closed",
        "export=1&cert=halal",
        "kbli=12",
    ):
        urls.append(("GET", f"/units/?{query}"))
    for unit in (registry.bambu, registry.batik, registry.gula, registry.mebel):
        urls.append(("GET", f"/units/{unit.pk}/"))
    for person in (registry.ahmad, registry.siti, registry.dedi):
        urls.append(("GET", f"/people/{person.pk}/"))
        urls.append(("POST", f"/people/{person.pk}/reveal/"))
    for name in PUBLIC_PAGES:
        try:
            urls.append(("GET", reverse(name)))
        except NoReverseMatch:
            continue
    return urls


def _assert_clean(html: str, where: str) -> None:
    for secret in (AHMAD_NIK, SITI_NIK, DEDI_NIK, SITI_PHONE):
        assert secret not in html, where
    assert SIXTEEN_DIGITS.findall(html) == [], where
    assert PHONE.findall(html) == [], where


def test_the_patterns_catch_what_they_must() -> None:
    assert SIXTEEN_DIGITS.findall(f"NIK {SITI_NIK}.") == [SITI_NIK]
    for phone in (SITI_PHONE, "+6281234567890", "0812-3456-7890", "62 812 3456 789"):
        assert PHONE.findall(f"telp {phone}"), phone
    assert PHONE.findall("NIB 9120001234567, Rp 240.000.000") == []


@pytest.mark.parametrize("persona", ["anonymous", "ana_analyst"])
def test_no_page_shows_a_nik_or_a_phone_number(
    registry: Registry, client: Any, request: pytest.FixtureRequest, persona: str
) -> None:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    for method, url in _urls(registry):
        if method == "POST":
            for field in ("nik", "phone"):
                response = client.post(url, {"field": field})
                assert response.status_code in (302, 403), url
                _assert_clean(response.content.decode(), f"POST {url} {field}")
            continue
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        _assert_clean(response.content.decode(), url)
