"""The units endpoints: list with the /units/ filters, cursor pages, ETags, If-Match writes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.registry.models import Unit
from tests.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db


def test_the_unit_list_answers_results_and_next_with_each_units_id_and_code(
    api_world: Any,
) -> None:
    token = make_token(api_world.users["admin"])
    response = Client().get("/api/v1/units/", **bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"results", "next"}
    assert body["next"] is None
    codes = {u["code"]: u["id"] for u in body["results"]}
    assert codes == {u.code: u.pk for u in Unit.objects.all()}
    assert all(u["year"] == 2018 for u in body["results"])
    assert body["results"][0]["year_figures"] == {
        "workers": 5,
        "production_value": 9,
        "market_reach": "lokal",
    }


def test_an_officer_gets_only_the_units_of_their_kecamatan(api_world: Any) -> None:
    token = make_token(api_world.users["officer_bayah"])
    body = Client().get("/api/v1/units/", **bearer(token)).json()
    assert [u["id"] for u in body["results"]] == [api_world.unit_b_bayah.pk]


def test_the_list_follows_next_links_page_by_page_in_id_order(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    client = Client()
    seen = []
    url = "/api/v1/units/?limit=1"
    while url:
        body = client.get(url, **bearer(token)).json()
        seen += [u["id"] for u in body["results"]]
        url = body["next"]
        if url:
            assert url.startswith("http://testserver/api/v1/units/?")
            assert "limit=1" in url
    assert seen == sorted(Unit.objects.values_list("pk", flat=True))


def test_the_list_takes_the_unit_list_filters(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    body = Client().get("/api/v1/units/?kecamatan=36.02.03&year=2018", **bearer(token)).json()
    assert [u["id"] for u in body["results"]] == [api_world.unit_b_bayah.pk]
    response = Client().get("/api/v1/units/?year=2017", **bearer(token))
    assert response.status_code == 422  # as on /units/: only years with reports are offered
    assert response.json()["errors"][0]["field"] == "query.year"


def test_an_invalid_filter_answers_422_naming_the_parameter(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    response = Client().get("/api/v1/units/?kbli=12", **bearer(token))
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 422
    assert problem["errors"][0]["field"] == "query.kbli"
    assert problem["errors"][0]["message"] == "Format tidak sesuai."


def test_an_unknown_commodity_answers_422_with_the_forms_message(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    response = Client().get("/api/v1/units/?commodity=tidak-ada", **bearer(token))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.commodity"


def test_a_misspelt_filter_is_refused_rather_than_ignored(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    response = Client().get("/api/v1/units/?kecamtan=36.02.03", **bearer(token))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "query.kecamtan", "code": "unknown", "message": "Parameter ini tidak dikenal."}
    ]


def test_a_tampered_cursor_answers_400(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    response = Client().get("/api/v1/units/?cursor=abc", **bearer(token))
    assert response.status_code == 400
    assert response.json()["type"] == "urn:sentra:problem:cursor_invalid"


def test_a_search_by_nik_is_refused(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    response = Client().get("/api/v1/units/?q=3602140101800001", **bearer(token))
    assert response.status_code == 400
    assert "3602140101800001" not in response.content.decode()


def test_a_repeated_read_with_if_none_match_answers_304(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    client = Client()
    first = client.get(f"/api/v1/units/{api_world.unit_a_rangkasbitung.pk}/", **bearer(token))
    etag = first["ETag"]
    again = client.get(
        f"/api/v1/units/{api_world.unit_a_rangkasbitung.pk}/",
        HTTP_IF_NONE_MATCH=etag,
        **bearer(token),
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def _patch(client: Client, url: str, data: dict[str, Any], token: str, etag: str | None) -> Any:
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return client.patch(url, data, content_type="application/json", **headers, **bearer(token))


def test_an_update_with_the_read_etag_saves_and_a_second_with_the_same_etag_answers_412(
    api_world: Any,
) -> None:
    token = make_token(api_world.users["officer_rangkasbitung"])
    client = Client()
    url = f"/api/v1/units/{api_world.unit_a_rangkasbitung.pk}/"
    etag = client.get(url, **bearer(token))["ETag"]
    first = _patch(client, url, {"kampung": "Pasir Ona"}, token, etag)
    assert first.status_code == 200, first.content
    assert first.json()["kampung"] == "Pasir Ona"
    assert first["ETag"] != etag
    stale = _patch(client, url, {"kampung": "Lain"}, token, etag)
    assert stale.status_code == 412
    assert stale.json()["type"] == "urn:sentra:problem:version_conflict"
    assert stale["ETag"] == first["ETag"]
    assert Unit.objects.get(pk=api_world.unit_a_rangkasbitung.pk).kampung == "Pasir Ona"
    assert AuditLog.objects.filter(action="unit.update", actor__username="rudi").count() == 1


def test_an_update_without_if_match_answers_428_and_changes_nothing(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    url = f"/api/v1/units/{api_world.unit_a_rangkasbitung.pk}/"
    response = _patch(Client(), url, {"kampung": "X"}, token, None)
    assert response.status_code == 428
    assert Unit.objects.get(pk=api_world.unit_a_rangkasbitung.pk).kampung == ""


def test_a_read_token_may_not_write(api_world: Any) -> None:
    token = make_token(api_world.users["admin"], scope="read")
    client = Client()
    url = f"/api/v1/units/{api_world.unit_a_rangkasbitung.pk}/"
    etag = client.get(url, **bearer(token))["ETag"]
    response = _patch(client, url, {"kampung": "X"}, token, etag)
    assert response.status_code == 403
    assert response.json()["type"] == "urn:sentra:problem:token_scope"


def test_an_officer_may_not_move_a_unit_to_another_kecamatan(api_world: Any) -> None:
    token = make_token(api_world.users["officer_rangkasbitung"])
    client = Client()
    url = f"/api/v1/units/{api_world.unit_a_rangkasbitung.pk}/"
    etag = client.get(url, **bearer(token))["ETag"]
    response = _patch(client, url, {"desa": "36.02.03.2001"}, token, etag)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.desa"


def test_unknown_fields_and_bad_values_are_refused_with_the_field_named(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    client = Client()
    url = f"/api/v1/units/{api_world.unit_a_rangkasbitung.pk}/"
    etag = client.get(url, **bearer(token))["ETag"]
    response = _patch(client, url, {"verification": "terverifikasi"}, token, etag)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.verification"
    response = _patch(client, url, {"nib": "123"}, token, etag)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.nib"
    response = _patch(client, url, {"commodity": "tidak-ada"}, token, etag)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.commodity"


def test_an_owners_update_sends_the_unit_back_to_verification(api_world: Any) -> None:
    from sentra.registry.services import unit_verify

    unit = api_world.unit_a_rangkasbitung
    unit_verify(actor=SystemActor("test"), unit=unit)
    token = make_token(api_world.users["owner_a"])
    client = Client()
    url = f"/api/v1/units/{unit.pk}/"
    etag = client.get(url, **bearer(token))["ETag"]
    response = _patch(client, url, {"address": "Jl. Multatuli 1"}, token, etag)
    assert response.status_code == 200
    assert response.json()["verification"] == "belum"


def test_errors_are_in_english_with_accept_language_en(api_world: Any) -> None:
    response = Client().get("/api/v1/units/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response["Content-Language"] == "en"
    assert response.json()["title"] == "Authentication required"
    response = Client().get("/api/v1/units/")
    assert response["Content-Language"] == "id"
    assert response.json()["title"] == "Perlu autentikasi"


def test_a_body_that_is_not_json_answers_a_problem_not_a_server_error(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    client = Client()
    url = f"/api/v1/units/{api_world.unit_a_rangkasbitung.pk}/"
    etag = client.get(url, **bearer(token))["ETag"]
    response = client.patch(
        url, "{not json", content_type="application/json", HTTP_IF_MATCH=etag, **bearer(token)
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/problem+json")


def test_the_list_costs_the_same_queries_for_one_unit_or_many(
    api_world: Any, django_assert_max_num_queries: Any
) -> None:
    token = make_token(api_world.users["admin"])
    client = Client()
    client.get("/api/v1/units/?limit=1", **bearer(token))  # warm caches
    with django_assert_max_num_queries(20) as few:
        client.get("/api/v1/units/?limit=1", **bearer(token))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/units/?limit=200", **bearer(token))


def test_a_signed_in_browser_session_is_not_an_api_credential(api_world: Any) -> None:
    client = Client()
    client.force_login(api_world.users["admin"])
    assert client.get("/api/v1/units/").status_code == 401
    url = f"/api/v1/units/{api_world.unit_a_rangkasbitung.pk}/"
    response = client.patch(url, {"kampung": "X"}, content_type="application/json")
    assert response.status_code == 401
    assert Unit.objects.get(pk=api_world.unit_a_rangkasbitung.pk).kampung == ""
