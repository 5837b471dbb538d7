"""The candidate list as an officer uses it: one ✓/✗ column per criterion, filters by
kecamatan, commodity, name and the criterion failed, and a page of 50."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sentra.programs.eligibility import unit_candidates
from sentra.registry.models import Unit
from tests.programs.conftest import BAYAH_DESA, make_program, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(reference: None) -> Any:
    make_unit("Gula Semut Ibu Siti", commodity="gula-aren", female=True, reports={2017: (2, 1)})
    make_unit("Gula Aren Pak Ujang", commodity="gula-aren", reports={2017: (3, 1)})
    make_unit("Gula Aren Besar", commodity="gula-aren", female=True, reports={2017: (9, 1)})
    make_unit("Batik Ibu Ani", female=True, reports={2017: (2, 1)})
    make_unit(
        "Gula Aren Bayah",
        commodity="gula-aren",
        desa=BAYAH_DESA,
        female=True,
        reports={2017: (2, 1)},
    )
    return make_program(
        "BP-AREN-2018",
        kind="bantuan_produksi",
        year=2018,
        criteria={"commodities": ["gula-aren"], "max_workers": 4, "women_owned": True},
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _names(response: Any) -> list[str]:
    return sorted(c.name for c in response.context["candidates"])


def test_each_criterion_is_one_column_with_a_tick_or_a_cross_and_its_reason(
    program: Any, alice_admin: Any
) -> None:
    response = _client(alice_admin).get(f"/program/{program.pk}/kandidat/?show=all")
    assert [c.label for c in response.context["checks"]] == [
        "Aktif",
        "Komoditas",
        "Tenaga kerja",
        "Pemilik perempuan",
    ]
    html = response.content.decode()
    assert html.count('<th scope="col" class="mark">') == 4
    row = html[html.index("Gula Aren Besar") :]
    row = row[: row.index("</tr>")]
    assert 'title="Tenaga kerja 9 orang melebihi batas maksimal 4."' in row
    assert row.count('class="fail"') == 1 and row.count('class="ok"') == 3
    # The criteria are explained once above the table, not in every row.
    assert html.count("Komoditas: Gula Aren") == 1


def test_the_list_filters_by_kecamatan_commodity_name_and_failed_criterion(
    program: Any, alice_admin: Any
) -> None:
    client = _client(alice_admin)
    base = f"/program/{program.pk}/kandidat/"
    assert _names(client.get(base)) == ["Gula Aren Bayah", "Gula Semut Ibu Siti"]
    assert _names(client.get(base + "?kecamatan=36.02.03")) == ["Gula Aren Bayah"]
    assert _names(client.get(base + "?show=all&commodity=batik-lebak")) == ["Batik Ibu Ani"]
    assert _names(client.get(base + "?show=all&q=semut")) == ["Gula Semut Ibu Siti"]
    assert _names(client.get(base + "?show=fail:workers")) == ["Gula Aren Besar"]
    assert _names(client.get(base + "?show=fail:women_owned")) == ["Gula Aren Pak Ujang"]
    assert _names(client.get(base + "?show=fail:unknown")) == _names(client.get(base))


def test_an_officer_filters_only_within_their_kecamatan(
    program: Any, rudi_officer_rangkasbitung: Any
) -> None:
    response = _client(rudi_officer_rangkasbitung).get(
        f"/program/{program.pk}/kandidat/?kecamatan=36.02.03"
    )
    assert response.context["filters"]["kecamatan_choices"] == [("36.02.14", "Rangkasbitung")]
    assert _names(response) == ["Gula Semut Ibu Siti"]  # the Bayah filter is ignored


def test_the_fast_verdicts_agree_with_the_explained_reasons(program: Any) -> None:
    for candidate in unit_candidates(program=program, units=Unit.objects.all()):
        assert candidate.marks == tuple(ok for ok, _text in candidate.checks)


def test_pages_keep_the_filters(program: Any, alice_admin: Any) -> None:
    for i in range(60):
        make_unit(f"Gula Aren {i:02d}", commodity="gula-aren", female=True, reports={2017: (1, 1)})
    response = _client(alice_admin).get(f"/program/{program.pk}/kandidat/?commodity=gula-aren")
    assert response.context["eligible"] == 62
    html = response.content.decode()
    assert "62 calon memenuhi semua kriteria" in html
    assert "?commodity=gula-aren&amp;show=eligible&amp;page=2" in html
