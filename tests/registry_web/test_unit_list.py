"""The unit list page: filters as a form, sorting, pagination, count and download link."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from sentra.core.actors import SystemActor
from sentra.registry.models import Commodity, Unit
from sentra.registry.services import PersonData, UnitData, person_register, unit_register
from tests.registry_web.data import BAYAH_DESA, Registry

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_the_login_page(client: Any) -> None:
    response = client.get("/units/?q=bambu")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk/?next=/units/")


def test_the_list_shows_matching_units_and_their_count(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    response = client_for(ana_analyst).get("/units/", {"q": "cv bambu"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "CV. Bambu Pasir Ona" in html
    assert "UD Batik Rangkas" not in html
    assert "1 unit ditemukan" in html
    assert f'href="/units/{registry.bambu.pk}/"' in html


def test_the_list_keeps_the_filters_in_the_form(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    response = client_for(ana_analyst).get("/units/", {"commodity": "anyaman", "year": "2018"})
    form = response.context["form"]
    assert form["commodity"].value() == "anyaman"
    assert '<option value="anyaman" selected>' in response.content.decode()
    assert [u.pk for u in response.context["units"]] == [registry.bambu.pk]


def test_a_wrong_filter_is_named_in_indonesian(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    response = client_for(ana_analyst).get("/units/", {"kbli": "12"})
    html = response.content.decode()
    assert "Kode KBLI terdiri dari 5 angka." in html
    assert "0 unit ditemukan" in html


def test_the_officer_sees_only_their_kecamatan_in_list_and_choices(
    registry: Registry, client_for: Any, bayu_officer_bayah: Any
) -> None:
    response = client_for(bayu_officer_bayah).get("/units/")
    html = response.content.decode()
    assert "Gula Aren Bayah" in html
    assert "Bambu" not in html
    assert response.context["page_obj"].paginator.count == 2
    choices = [code for code, _ in response.context["form"].fields["kecamatan"].choices]
    assert choices == ["", "36.02.03"]


def test_sort_links_toggle_and_keep_the_filters(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    response = client_for(ana_analyst).get("/units/", {"kecamatan": "36.02.14", "sort": "name"})
    columns = response.context["sort_columns"]
    assert columns["name"] == {"next": "-name", "aria": "ascending"}
    assert columns["workers"] == {"next": "-workers", "aria": ""}
    html = response.content.decode()
    assert 'href="?kecamatan=36.02.14&amp;sort=-name"' in html
    assert 'aria-sort="ascending"' in html


def _many_units(count: int, start: int = 0) -> None:
    from sentra.registry.services import person_find_by_nik

    nik = "3602031505700099"
    owner = person_find_by_nik(nik=nik) or person_register(
        actor=SystemActor("test"), data=PersonData(nik=nik, name="Banyak")
    )
    commodity = Commodity.objects.get(code="bilik")
    for i in range(start, start + count):
        unit_register(
            actor=SystemActor("test"),
            owner=owner,
            data=UnitData(
                business_name=f"Bilik {i:03d}", commodity=commodity, desa_code=BAYAH_DESA
            ),
        )


def test_pages_hold_fifty_units_and_links_keep_the_query(
    reference: None, client_for: Any, ana_analyst: Any
) -> None:
    _many_units(120)
    client = client_for(ana_analyst)
    first = client.get("/units/", {"q": "bilik"})
    assert len(first.context["units"]) == 50
    assert "120 unit ditemukan" in first.content.decode()
    assert 'href="?q=bilik&amp;page=2&amp;after=' in first.content.decode()
    last = client.get("/units/", {"q": "bilik", "page": "3"})
    assert last.context["units"][0].business_name == "Bilik 100"
    assert len(last.context["units"]) == 20
    beyond = client.get("/units/", {"q": "bilik", "page": "99"})
    assert beyond.context["page_obj"].number == 3


@pytest.mark.parametrize("persona", ["ana_analyst", "bayu_officer_bayah"])
def test_the_query_count_does_not_grow_with_the_page_size(
    reference: None,
    client_for: Any,
    django_assert_max_num_queries: Any,
    request: pytest.FixtureRequest,
    persona: str,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(request.getfixturevalue(persona))
    _many_units(3)
    with CaptureQueriesContext(connection) as three_units:
        assert len(client.get("/units/", {"sort": "-workers"}).context["units"]) == 3
    _many_units(80, start=3)
    with django_assert_max_num_queries(len(three_units.captured_queries)):
        response = client.get("/units/", {"sort": "-workers"})
    assert len(response.context["units"]) == 50
    assert len(three_units.captured_queries) <= 16


def test_the_download_link_carries_exactly_the_filters(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    response = client_for(ana_analyst).get("/units/", {"q": "bambu", "page": "1", "export": "1"})
    html = response.content.decode()
    try:
        download = reverse("exchange:unit_download")
    except NoReverseMatch:
        assert "format=xlsx" not in html  # the exchange app has not added its download yet
        return
    assert f'href="{download}?q=bambu&amp;export=1&amp;format=xlsx"' in html


@pytest.mark.parametrize(
    "text", ["3602144202850002", "3602 1442 0285 0002", "081234567890", "+62 812-3456-7890"]
)
def test_a_search_for_a_nik_or_phone_is_dropped_from_the_address(
    registry: Registry, client_for: Any, ana_analyst: Any, text: str
) -> None:
    client = client_for(ana_analyst)
    response = client.get("/units/", {"q": text, "commodity": "anyaman"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/units/?commodity=anyaman"
    html = client.get(response.headers["Location"]).content.decode()
    assert "tidak tersedia di sini" in html


def test_a_nib_is_not_taken_for_a_phone_number(
    registry: Registry, client_for: Any, ana_analyst: Any
) -> None:
    from sentra.registry.filters import text_is_personal

    assert not text_is_personal("0812345678901")  # 13 digits: a NIB
    assert not text_is_personal("9120001234567")
    assert text_is_personal("08123456789")


def _link(html: str, rel: str) -> str:
    found = re.search(rf'href="(\?[^"]*)" rel="{rel}"', html)
    assert found, rel
    return found.group(1).replace("&amp;", "&")


def test_next_and_previous_links_walk_the_list_by_key_and_page_numbers_still_work(
    reference: None, client_for: Any, ana_analyst: Any
) -> None:
    _many_units(120)
    client = client_for(ana_analyst)
    seen: list[str] = []
    response = client.get("/units/", {"kecamatan": "36.02.03"})
    for number in (1, 2, 3):
        page = response.context["page_obj"]
        assert page.number == number
        seen += [u.business_name for u in response.context["units"]]
        if number < 3:
            response = client.get("/units/" + _link(response.content.decode(), "next"))
    assert seen == [f"Bilik {i:03d}" for i in range(120)]  # every unit once, in order
    back = client.get("/units/" + _link(response.content.decode(), "prev"))
    assert back.context["page_obj"].number == 2
    assert [u.business_name for u in back.context["units"]] == seen[50:100]
    # A typed page number reads the same rows as the links do.
    typed = client.get("/units/", {"kecamatan": "36.02.03", "page": "2"})
    assert [u.business_name for u in typed.context["units"]] == seen[50:100]
    # A unit added before the cursor does not shift the next page (keyset, not offset).
    unit_register(
        actor=SystemActor("test"),
        owner=Unit.objects.filter(kecamatan_id="36.02.03").first().owner,
        data=UnitData(
            business_name="Aaa Bilik Baru",
            commodity=Commodity.objects.get(code="bilik"),
            desa_code=BAYAH_DESA,
        ),
    )
    second = client.get("/units/" + _link(typed.content.decode(), "next"))
    assert [u.business_name for u in second.context["units"]] == seen[100:]
