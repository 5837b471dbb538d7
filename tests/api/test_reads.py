"""Owners (masked, audited reveal), yearly reports, programs, participations, statistics
(the `sentra stats` contract) and SIINas statuses through the API."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.registry.models import Unit, YearlyReport
from tests.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db


def test_owners_are_masked_in_lists_and_details(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    body = Client().get("/api/v1/owners/", **bearer(token)).json()
    assert {o["nik"] for o in body["results"]} == {"3602••••••••0001", "3602••••••••0002"}
    assert "3602140101800001" not in json.dumps(body)
    assert AuditLog.objects.filter(action__startswith="person.reveal").count() == 0


def test_an_officer_sees_only_the_owners_units_in_their_kecamatan(api_world: Any) -> None:
    token = make_token(api_world.users["officer_bayah"])
    owner_b = api_world.unit_b_bayah.owner_id
    body = Client().get(f"/api/v1/owners/{owner_b}/", **bearer(token)).json()
    assert body["units"] == [api_world.unit_b_bayah.pk]


def test_a_permitted_reveal_shows_the_nik_is_audited_and_never_cached(api_world: Any) -> None:
    token = make_token(api_world.users["officer_rangkasbitung"], scope="read")
    owner_a = api_world.unit_a_rangkasbitung.owner_id
    response = Client().get(f"/api/v1/owners/{owner_a}/?reveal=nik", **bearer(token))
    assert response.status_code == 200
    assert response.json()["nik"] == "3602140101800001"
    assert response.json()["revealed"] == ["nik"]
    assert response["Cache-Control"] == "no-store"
    audit = AuditLog.objects.get(action="person.reveal_nik")
    assert audit.actor == api_world.users["officer_rangkasbitung"]
    assert audit.object_id == str(owner_a)


def test_an_analyst_may_not_reveal_and_nothing_is_audited(api_world: Any) -> None:
    token = make_token(api_world.users["analyst"])
    owner_a = api_world.unit_a_rangkasbitung.owner_id
    response = Client().get(f"/api/v1/owners/{owner_a}/?reveal=nik", **bearer(token))
    assert response.status_code == 403
    assert "3602140101800001" not in response.content.decode()
    assert AuditLog.objects.filter(action__startswith="person.reveal").count() == 0


def test_reports_are_listed_per_unit_and_year(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    unit = api_world.unit_b_bayah
    body = Client().get(f"/api/v1/reports/?unit={unit.pk}&year=2018", **bearer(token)).json()
    assert [(r["unit_code"], r["year"], r["workers_female"]) for r in body["results"]] == [
        (unit.code, 2018, 3)
    ]


def test_a_report_update_with_if_match_saves_and_a_stale_one_answers_412(
    api_world: Any,
) -> None:
    token = make_token(api_world.users["officer_bayah"])
    client = Client()
    url = f"/api/v1/units/{api_world.unit_b_bayah.pk}/reports/2018/"
    etag = client.get(url, **bearer(token))["ETag"]
    body = {"market_reach": "ekspor", "export_countries": ["GB", "DE"], "export_value_usd": 900}
    saved = client.patch(
        url, body, content_type="application/json", HTTP_IF_MATCH=etag, **bearer(token)
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["export_countries"] == ["DE", "GB"]
    stale = client.patch(
        url,
        {"workers_male": 1},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **bearer(token),
    )
    assert stale.status_code == 412
    assert YearlyReport.objects.get(unit=api_world.unit_b_bayah, year=2018).workers_male == 2


def test_a_report_update_refuses_export_countries_without_export_reach(api_world: Any) -> None:
    token = make_token(api_world.users["admin"])
    client = Client()
    url = f"/api/v1/units/{api_world.unit_b_bayah.pk}/reports/2018/"
    etag = client.get(url, **bearer(token))["ETag"]
    response = client.patch(
        url,
        {"export_countries": ["GB"]},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **bearer(token),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.market_reach"


def test_statistics_are_the_same_figures_and_keys_as_sentra_stats(api_world: Any) -> None:
    out = io.StringIO()
    call_command("stats", year=2018, format="json", stdout=out)
    response = Client().get("/api/v1/statistics/?year=2018")
    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())
    assert response.json()["units"] == 3


def test_a_kecamatans_statistics_need_a_token_that_sees_it(api_world: Any) -> None:
    assert Client().get("/api/v1/statistics/?region=36.02.03").status_code == 401
    bayah = make_token(api_world.users["officer_bayah"])
    body = Client().get("/api/v1/statistics/?region=36.02.03", **bearer(bayah)).json()
    assert body["units"] == 1
    rangkas = make_token(api_world.users["officer_rangkasbitung"])
    response = Client().get("/api/v1/statistics/?region=36.02.03", **bearer(rangkas))
    assert response.status_code == 403


def test_programs_are_for_staff_and_participations_follow_the_units_scope(
    api_world: Any,
) -> None:
    from sentra.programs.services import workflow
    from sentra.programs.services.programs import ProgramData, program_create

    program = program_create(
        actor=SystemActor("test"),
        data=ProgramData(
            kind="pelatihan",
            name="Pelatihan",
            code="PLT-1",
            fiscal_year=2018,
            funding_source="apbd_kab",
            status="seleksi",
        ),
    )
    workflow.participation_propose(
        actor=SystemActor("test"), program=program, unit=api_world.unit_b_bayah
    )
    client = Client()
    staff = make_token(api_world.users["analyst"])
    assert [
        p["code"] for p in client.get("/api/v1/programs/", **bearer(staff)).json()["results"]
    ] == ["PLT-1"]
    owner_b = make_token(api_world.users["owner_b"])
    assert client.get("/api/v1/programs/", **bearer(owner_b)).json()["results"] == []
    mine = client.get("/api/v1/participations/", **bearer(owner_b)).json()["results"]
    assert [p["unit_code"] for p in mine] == [api_world.unit_b_bayah.code]
    owner_a = make_token(api_world.users["owner_a"])
    assert client.get("/api/v1/participations/", **bearer(owner_a)).json()["results"] == []


def test_siinas_statuses_list_sudah_and_belum_within_the_scope(api_world: Any) -> None:
    from sentra.siinas.services import siinas_status_record

    siinas_status_record(
        actor=SystemActor("test"), unit=api_world.unit_b_bayah, year=2018, receipt_number="BKT-1"
    )
    token = make_token(api_world.users["admin"])
    client = Client()
    done = client.get("/api/v1/siinas/?year=2018&status=sudah", **bearer(token)).json()
    assert [(s["unit_code"], s["receipt_number"]) for s in done["results"]] == [
        (api_world.unit_b_bayah.code, "BKT-1")
    ]
    todo = client.get("/api/v1/siinas/?year=2018&status=belum", **bearer(token)).json()
    assert len(todo["results"]) == 2
    officer = make_token(api_world.users["officer_rangkasbitung"])
    mine = client.get("/api/v1/siinas/?year=2018", **bearer(officer)).json()["results"]
    assert {s["unit_id"] for s in mine} == {
        api_world.unit_a_rangkasbitung.pk,
        api_world.unit_b_rangkasbitung.pk,
    }
    assert Unit.objects.count() == 3


def test_an_unknown_api_path_answers_a_problem_document() -> None:
    response = Client().get("/api/v1/nothing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_the_openapi_document_is_3_1_and_equals_the_committed_file() -> None:
    from sentra.api.schema_file import SCHEMA_PATH, openapi_text

    served = Client().get("/api/v1/openapi.json").json()
    assert served["openapi"].startswith("3.1")
    assert json.loads(openapi_text()) == json.loads(SCHEMA_PATH.read_text())
    assert "/api/v1/units/" in served["paths"]
