"""The programs screens: create, propose, act, the recipient page and the unit panel."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client, RequestFactory

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.programs.models import Participation, Program, Stage
from sentra.programs.panels import unit_programs_panel
from sentra.programs.services import workflow
from sentra.programs.services.aid import AidData, aid_item_add
from sentra.registry.models import Unit
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_admin_creates_a_program_with_validated_criteria(alice_admin: Any) -> None:
    response = _client(alice_admin).post(
        "/program/baru/",
        {
            "kind": "bantuan_produksi",
            "name": "Bantuan Alat Gula Semut",
            "code": "BP-AREN-2018",
            "fiscal_year": 2018,
            "funding_source": "dak",
            "budget_ceiling": 150_000_000,
            "realised_spending": 0,
            "quota": 20,
            "target_kind": "unit",
            "status": "rencana",
            "criteria-commodities": ["gula-aren"],
            "criteria-kbli": "10722",
            "criteria-max_workers": 5,
            "criteria-women_owned": "on",
        },
    )
    program = Program.objects.get(code="BP-AREN-2018")
    assert response.status_code == 302
    assert program.criteria == {
        "commodities": ["gula-aren"],
        "kbli": ["10722"],
        "max_workers": 5,
        "women_owned": True,
    }
    assert AuditLog.objects.filter(action="program.create", object_id=str(program.pk)).exists()


def test_a_program_form_with_bad_criteria_or_spending_over_the_ceiling_is_refused(
    alice_admin: Any,
) -> None:
    response = _client(alice_admin).post(
        "/program/baru/",
        {
            "kind": "pelatihan",
            "name": "X",
            "code": "X-1",
            "fiscal_year": 2018,
            "funding_source": "apbn",
            "budget_ceiling": 10,
            "realised_spending": 20,
            "quota": 0,
            "target_kind": "unit",
            "status": "rencana",
            "criteria-min_workers": 5,
            "criteria-max_workers": 2,
        },
    )
    assert response.status_code == 200
    assert not Program.objects.exists()
    assert "Batas maksimal tidak boleh lebih kecil" in response.content.decode()


def test_an_officer_proposing_a_unit_of_another_kecamatan_gets_404(
    batik_unit: Unit, bayah_unit: Unit, rudi_officer_rangkasbitung: Any
) -> None:
    program = make_program()
    response = _client(rudi_officer_rangkasbitung).post(
        f"/program/{program.pk}/usulkan/", {"units": [batik_unit.pk, bayah_unit.pk]}
    )
    assert response.status_code == 404
    assert not Participation.objects.exists()


def test_the_same_kind_twice_is_explained_on_the_board_and_needs_the_reason_field(
    batik_unit: Unit, rudi_officer_rangkasbitung: Any
) -> None:
    client = _client(rudi_officer_rangkasbitung)
    first, second = make_program("PLT-A"), make_program("PLT-B")
    client.post(f"/program/{first.pk}/usulkan/", {"units": [batik_unit.pk]})
    response = client.post(
        f"/program/{second.pk}/usulkan/", {"units": [batik_unit.pk]}, follow=True
    )
    assert "isi alasan pengecualian" in response.content.decode()
    client.post(
        f"/program/{second.pk}/usulkan/",
        {"units": [batik_unit.pk], "override_reason": "Kelas lanjutan"},
    )
    assert Participation.objects.get(program=second).override_reason == "Kelas lanjutan"


def test_the_recipient_page_shows_what_was_received_and_the_follow_up(
    batik_unit: Unit, omar_owner: Any, olga_owner: Any
) -> None:
    from sentra.registry.services import ReportData, person_link_account, report_record

    person_link_account(actor=SystemActor("test"), person=batik_unit.owner, user=omar_owner)
    program = make_program("BP-1", kind="bantuan_produksi", year=2016)
    p = workflow.participation_propose(actor=SystemActor("test"), program=program, unit=batik_unit)
    p = workflow.participation_verify(actor=SystemActor("test"), participation=p)
    p = workflow.participation_approve(actor=SystemActor("test"), participation=p)
    aid_item_add(
        actor=SystemActor("test"),
        participation=p,
        data=AidData(
            item="Mesin jahit",
            quantity=2,
            value=3_000_000,
            bast_number="BAST/007/2016",
            handed_over_on=date(2016, 5, 1),
            unit_of_measure="unit",
        ),
    )
    workflow.participation_deliver(actor=SystemActor("test"), participation=p)
    report_record(
        actor=SystemActor("test"),
        unit=batik_unit,
        data=ReportData(year=2018, workers_male=6, production_value=70_000_000),
    )
    html = _client(omar_owner).get(f"/program/unit/{batik_unit.pk}/").content.decode()
    assert "Mesin jahit" in html and "BAST/007/2016" in html and "3.000.000" in html
    assert "70.000.000" in html  # the 2018 follow-up
    assert _client(olga_owner).get(f"/program/unit/{batik_unit.pk}/").status_code == 404
    assert Participation.objects.get().stage == Stage.RECEIVED


def test_the_unit_panel_respects_scope(
    batik_unit: Unit, rudi_officer_rangkasbitung: Any, bayu_officer_bayah: Any
) -> None:
    program = make_program()
    workflow.participation_propose(actor=SystemActor("test"), program=program, unit=batik_unit)
    request = RequestFactory().get("/")
    request.user = rudi_officer_rangkasbitung
    panel = unit_programs_panel(request, batik_unit)
    assert panel is not None and panel["title"] == "Program pembinaan"
    assert program.name in panel["html"]
    request.user = bayu_officer_bayah
    assert unit_programs_panel(request, batik_unit) is None
    html = _client(rudi_officer_rangkasbitung).get(f"/units/{batik_unit.pk}/").content.decode()
    assert program.name in html


def test_an_officer_uploads_an_attendance_list(
    batik_unit: Unit, rudi_officer_rangkasbitung: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    program = make_program()
    p = workflow.participation_propose(actor=SystemActor("test"), program=program, unit=batik_unit)
    p = workflow.participation_verify(actor=SystemActor("test"), participation=p)
    workflow.participation_approve(actor=SystemActor("test"), participation=p)
    client = _client(rudi_officer_rangkasbitung)
    bad = SimpleUploadedFile("hadir.csv", b"id unit,hadir\nabc,Ya\n", content_type="text/csv")
    html = client.post(f"/program/{program.pk}/daftar-hadir/", {"file": bad}).content.decode()
    assert "Tidak ada yang disimpan" in html and "Id unit &#x27;abc&#x27; bukan angka." in html
    good = SimpleUploadedFile(
        "hadir.csv", f"id unit,nama,hadir\n{batik_unit.pk},Batik,Ya\n".encode(), "text/csv"
    )
    response = client.post(f"/program/{program.pk}/daftar-hadir/", {"file": good}, follow=True)
    assert "1 peserta dicatat hadir." in response.content.decode()
    assert Participation.objects.get().stage == Stage.ATTENDED
