"""`unit_search`: the text search and every agreed filter, inside the reader's scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict

from sentra.registry.filters import unit_search
from tests.registry_web.data import Registry

pytestmark = pytest.mark.django_db


def names(user: Any, query: str = "") -> list[str]:
    search = unit_search(user=user, params=QueryDict(query))
    return [unit.business_name for unit in search.queryset]


def test_search_finds_a_business_by_partial_name_ignoring_case_and_legal_prefixes(
    registry: Registry, ana_analyst: Any
) -> None:
    for query in (
        "bambu",
        "BAMBU",
        "CV. Bambu",
        "cv bambu pasir",
        "UD bambu",
        "PT Bambu Ona",
        "pasir ona",
        "Bambu, CV",
    ):
        assert names(ana_analyst, f"q={query}") == ["CV. Bambu Pasir Ona"], query


def test_search_finds_units_by_owner_name(registry: Registry, ana_analyst: Any) -> None:
    assert names(ana_analyst, "q=dedi") == ["Gula Aren Bayah", "PT Mebel Cibeber Jaya"]
    assert names(ana_analyst, "q=Siti+Aminah") == ["UD Batik Rangkas"]


def test_search_finds_a_unit_by_part_of_its_nib(registry: Registry, ana_analyst: Any) -> None:
    assert names(ana_analyst, "q=9120009876543") == ["UD Batik Rangkas"]
    assert names(ana_analyst, "q=98765") == ["UD Batik Rangkas"]


def test_search_without_a_match_is_empty(registry: Registry, ana_analyst: Any) -> None:
    assert names(ana_analyst, "q=kalimaya") == []


def test_search_never_leaves_the_officers_kecamatan(
    registry: Registry, bayu_officer_bayah: Any
) -> None:
    assert names(bayu_officer_bayah) == ["Gula Aren Bayah", "PT Mebel Cibeber Jaya"]
    assert names(bayu_officer_bayah, "q=bambu") == []
    assert names(bayu_officer_bayah, "kecamatan=36.02.14") == []


def test_an_owner_searches_only_their_own_units(
    registry: Registry, omar_owner: Any, alice_admin: Any
) -> None:
    from sentra.registry.services import person_link_account

    person_link_account(actor=alice_admin, person=registry.siti, user=omar_owner)
    assert names(omar_owner) == ["UD Batik Rangkas"]
    assert names(omar_owner, "q=bambu") == []


def test_anonymous_search_is_empty(registry: Registry) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert names(AnonymousUser()) == []


# Each filter on the crafted registry, alone and combined: (query, expected units).
FILTER_CASES = [
    ("kecamatan=36.02.03", ["Gula Aren Bayah", "PT Mebel Cibeber Jaya"]),
    ("desa=36.02.14.1002", ["UD Batik Rangkas"]),
    ("kecamatan=36.02.14&desa=36.02.03.2001", []),
    ("commodity=anyaman", ["CV. Bambu Pasir Ona"]),
    ("kbli=10722", ["Gula Aren Bayah"]),
    ("status=tidak_aktif", ["PT Mebel Cibeber Jaya"]),
    ("status=aktif", ["CV. Bambu Pasir Ona", "UD Batik Rangkas", "Gula Aren Bayah"]),
    ("year=2017", ["CV. Bambu Pasir Ona", "Gula Aren Bayah"]),
    ("year=2018", ["CV. Bambu Pasir Ona", "UD Batik Rangkas"]),
    ("reach=nasional", ["UD Batik Rangkas"]),
    ("reach=ekspor&year=2018", ["CV. Bambu Pasir Ona"]),
    ("reach=ekspor&year=2017", []),
    ("reach=lokal&year=2017", ["CV. Bambu Pasir Ona", "Gula Aren Bayah"]),
    ("cert=halal", ["CV. Bambu Pasir Ona"]),
    ("cert=pirt", ["UD Batik Rangkas"]),
    ("cert=sni", []),
    ("women=1", ["UD Batik Rangkas"]),
    ("export=1", ["CV. Bambu Pasir Ona"]),
    ("export=1&year=2017", []),
    ("change=new", ["UD Batik Rangkas"]),
    ("change=new&year=2018", ["UD Batik Rangkas"]),
    ("change=closed", ["Gula Aren Bayah"]),
    ("change=closed&year=2018", ["Gula Aren Bayah"]),
    ("change=new&year=2017", ["CV. Bambu Pasir Ona", "Gula Aren Bayah"]),
    ("commodity=anyaman&kecamatan=36.02.14&export=1&cert=halal&q=ona", ["CV. Bambu Pasir Ona"]),
    ("women=1&export=1", []),
    ("country=GB", ["CV. Bambu Pasir Ona"]),
    ("country=DE&year=2018", ["CV. Bambu Pasir Ona"]),
    ("country=DE&year=2017", []),
    ("country=IT", []),
]


def test_each_filter_narrows_the_list(registry: Registry, ana_analyst: Any) -> None:
    # One registry for every case (building it is the slow part); all mismatches reported.
    wrong = {
        query: got
        for query, expected in FILTER_CASES
        if (got := names(ana_analyst, query)) != expected
    }
    assert wrong == {}


def test_a_certificate_that_is_no_longer_valid_is_not_held(
    registry: Registry, ana_analyst: Any
) -> None:
    from sentra.registry.models import Certificate, CertificateStatus

    Certificate.objects.filter(unit=registry.bambu).update(status=CertificateStatus.EXPIRED)
    assert names(ana_analyst, "cert=halal") == []


def test_an_invalid_filter_gives_an_empty_list_and_a_form_error(
    registry: Registry, ana_analyst: Any
) -> None:
    for query in (
        "kbli=123",
        "kbli=abcde",
        "status=hilang",
        "year=1999",
        "reach=antariksa",
        "sort=random",
        "cert=nope",
        "country=gb",
        "country=GBR",
        "women=2",
    ):
        search = unit_search(user=ana_analyst, params=QueryDict(query))
        assert not search.form.is_valid(), query
        assert list(search.queryset) == [], query


def test_an_officer_cannot_pick_another_kecamatan(
    registry: Registry, rudi_officer_rangkasbitung: Any
) -> None:
    search = unit_search(user=rudi_officer_rangkasbitung, params=QueryDict("kecamatan=36.02.03"))
    assert "kecamatan" in search.form.errors
    assert list(search.queryset) == []


def test_the_year_defaults_to_the_latest_and_carries_that_years_figures(
    registry: Registry, ana_analyst: Any
) -> None:
    search = unit_search(user=ana_analyst, params=QueryDict(""))
    assert search.year == 2018
    assert not search.year_chosen
    bambu = search.queryset.get(pk=registry.bambu.pk)
    assert (bambu.year_workers, bambu.year_production_value) == (7, 240_000_000)
    assert bambu.year_market_reach == "ekspor"
    older = unit_search(user=ana_analyst, params=QueryDict("year=2017"))
    assert older.year == 2017
    assert older.queryset.get(pk=registry.bambu.pk).year_workers == 5
    assert search.queryset.get(pk=registry.mebel.pk).year_workers is None


def test_yearly_filters_on_an_empty_registry_match_nothing(
    reference: None, ana_analyst: Any
) -> None:
    search = unit_search(user=ana_analyst, params=QueryDict("export=1"))
    assert search.year is None
    assert list(search.queryset) == []


SORT_CASES = [
    ("", ["bambu", "batik", "gula", "mebel"]),
    ("name", ["bambu", "batik", "gula", "mebel"]),
    ("-name", ["mebel", "gula", "batik", "bambu"]),
    ("-workers", ["bambu", "batik", "gula", "mebel"]),
    ("workers", ["mebel", "gula", "batik", "bambu"]),  # no report first, then 0
    ("-production", ["bambu", "batik", "gula", "mebel"]),
    ("kecamatan", ["gula", "mebel", "batik", "bambu"]),
    ("commodity", ["mebel", "batik", "gula", "bambu"]),  # the reference list order
]


def test_sorting(registry: Registry, ana_analyst: Any) -> None:
    by_pk = {getattr(registry, key).pk: key for key in ("bambu", "batik", "gula", "mebel")}
    wrong = {}
    for sort, expected in SORT_CASES:
        search = unit_search(user=ana_analyst, params=QueryDict(f"sort={sort}"))
        got = [by_pk[unit.pk] for unit in search.queryset]
        if got != expected:
            wrong[sort] = got
    assert wrong == {}
