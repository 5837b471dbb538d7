"""UU PDP 27/2022 rights: a person's data export (command, JSON and PDF on the web), erasure
(at once on the command line; maker-checker on the web) that keeps units and statistics,
correction requests with their deadline, consent acted on by the open-data directory,
and retention."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from sentra.accounts.models import LoginAttempt
from sentra.core.actors import SystemActor
from sentra.core.audit import audit_verify
from sentra.core.models import AuditLog
from sentra.registry.models import DataRequest, Person, RequestStatus, RevealLog, Unit
from sentra.registry.selectors import owners_to_complete_for_user
from sentra.registry.services import ReportData, report_record
from tests.access.spec import World
from tests.registry_edit import conftest as edit_fixtures
from tests.registry_edit.conftest import client_for

pytestmark = pytest.mark.django_db
world = edit_fixtures.world

OMAR_NIK = "3602140101800001"


def _omar(world: World) -> Person:
    return Person.objects.get(pk=world.unit_a_rangkasbitung.owner_id)


def test_the_export_command_writes_everything_held_about_a_person(
    world: World, tmp_path: Path
) -> None:
    report_record(
        actor=SystemActor("test"),
        unit=world.unit_a_rangkasbitung,
        data=ReportData(year=2018, workers_male=2),
    )
    out = tmp_path / "omar.json"
    call_command("privacy", "export", "--nik", OMAR_NIK, "--out", str(out))
    data = json.loads(out.read_text())
    assert data["pelaku_usaha"]["nik"] == OMAR_NIK
    assert [u["nama_usaha"] for u in data["unit_usaha"]] == ["Anyaman Omar"]
    assert data["unit_usaha"][0]["laporan_tahunan"][0]["tahun"] == 2018
    assert "program_pembinaan" in data
    assert AuditLog.objects.filter(action="person.subject_export").count() == 1


def test_the_owner_and_the_area_officer_download_it_others_may_not(world: World) -> None:
    omar = _omar(world)
    for persona in ("owner_a", "officer_rangkasbitung", "admin"):
        response = client_for(world.users[persona]).get(f"/people/{omar.pk}/data-pribadi.json")
        assert response.status_code == 200, persona
        assert json.loads(response.content)["pelaku_usaha"]["nik"] == OMAR_NIK
    assert (
        client_for(world.users["analyst"]).get(f"/people/{omar.pk}/data-pribadi.json").status_code
        == 403
    )
    assert (
        client_for(world.users["officer_bayah"])
        .get(f"/people/{omar.pk}/data-pribadi.json")
        .status_code
        == 404
    )
    pdf = client_for(world.users["owner_a"]).get(f"/people/{omar.pk}/data-pribadi.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_erasure_on_the_command_line_leaves_a_tombstone_while_units_and_figures_stay(
    world: World,
) -> None:
    omar = _omar(world)
    units_before = list(Unit.objects.filter(owner=omar).values_list("pk", flat=True))
    call_command("privacy", "erase", "--nik", OMAR_NIK, "--reason", "permintaan pemilik")
    omar.refresh_from_db()
    assert omar.name == "[dihapus]"
    assert (omar.nik_encrypted, omar.nik_masked, omar.phone_encrypted, omar.consent) == (
        "",
        "",
        "",
        False,
    )
    assert omar.erased_at is not None and omar.account_id is None
    assert not world.users["owner_a"].__class__.objects.get(pk=world.users["owner_a"].pk).is_active
    assert list(Unit.objects.filter(owner=omar).values_list("pk", flat=True)) == units_before
    assert OMAR_NIK not in json.dumps(list(AuditLog.objects.values("summary", "before", "after")))
    assert audit_verify().ok  # nothing in the log needed rewriting
    # A tombstone is not an owner "whose NIK is missing": nobody is asked to complete it.
    assert omar not in owners_to_complete_for_user(user=world.users["admin"])


def test_erasure_on_the_web_needs_a_second_admin(world: World, reference: None) -> None:
    from sentra.accounts.models import User

    second = User.objects.create_user(username="beni", password="x", role="admin")
    omar = _omar(world)
    alice = client_for(world.users["admin"])
    alice.post(
        f"/people/{omar.pk}/permintaan/", {"kind": "penghapusan", "details": "pemilik meminta"}
    )
    request = DataRequest.objects.get()
    refused = alice.post(f"/permintaan/data/{request.pk}/", {"action": "approve"})
    assert "admin lain" in refused.content.decode()
    omar.refresh_from_db()
    assert omar.erased_at is None
    assert (
        client_for(world.users["officer_rangkasbitung"])
        .post(f"/people/{omar.pk}/permintaan/", {"kind": "penghapusan", "details": "x"})
        .status_code
        == 403
    )
    done = client_for(second).post(f"/permintaan/data/{request.pk}/", {"action": "approve"})
    assert done.status_code == 302
    omar.refresh_from_db()
    assert omar.erased_at is not None and omar.name == "[dihapus]"


def test_a_correction_request_shows_its_legal_deadline_to_the_officer(world: World) -> None:
    omar = _omar(world)
    client_for(world.users["owner_a"]).post(
        f"/people/{omar.pk}/permintaan/", {"kind": "perbaikan", "details": "Nama saya Omar Said"}
    )
    request = DataRequest.objects.get()
    assert request.deadline is not None
    hours = (request.deadline - request.created_at).total_seconds() / 3600
    assert round(hours) == 72
    officer = client_for(world.users["officer_rangkasbitung"])
    listing = officer.get("/permintaan/").content.decode()
    assert "Perbaikan data" in listing and "3 × 24 jam" in listing
    assert timezone.localtime(request.deadline).strftime("%H:%M") in listing
    assert (
        client_for(world.users["officer_bayah"]).get(f"/permintaan/data/{request.pk}/").status_code
        == 404
    )
    officer.post(f"/permintaan/data/{request.pk}/", {"action": "approve", "note": "diperbaiki"})
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE


def test_a_withdrawn_consent_takes_the_unit_out_of_the_open_data_directory_at_once(
    world: World,
) -> None:
    omar = _omar(world)
    Person.objects.filter(pk=omar.pk).update(consent=True)
    report_record(
        actor=SystemActor("test"),
        unit=world.unit_a_rangkasbitung,
        data=ReportData(year=2018, workers_male=2),
    )
    url = "/data-terbuka/direktori-ikm/2018.json"
    from django.urls import reverse

    url = reverse("insights:opendata_file", args=["direktori-ikm", 2018, "json"])
    names = [r["nama_usaha"] for r in json.loads(Client().get(url).content)["data"]]
    assert names == ["Anyaman Omar"]
    version = Person.objects.get(pk=omar.pk).version
    client_for(world.users["owner_a"]).post(
        f"/people/{omar.pk}/edit/", {"consent": "", "version": version}
    )
    assert json.loads(Client().get(url).content)["data"] == []


def test_retention_removes_old_login_records_reveal_addresses_and_abandoned_uploads(
    world: World, tmp_path: Path, settings: Any, capsys: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "tmp"
    omar = _omar(world)
    old = timezone.now() - timedelta(days=400)
    LoginAttempt.objects.create(username="x", ip="10.0.0.1", at=old)
    LoginAttempt.objects.create(username="y", ip="10.0.0.1", at=timezone.now())
    RevealLog.objects.create(at=old, person=omar, user_label="rudi", field="nik", client="1.2.3.4")
    call_command("privacy", "retention")
    out = capsys.readouterr().out
    assert "login_attempts=1" in out and "reveal_logs=1" in out
    assert list(LoginAttempt.objects.values_list("username", flat=True)) == ["y"]
    assert not RevealLog.objects.exists()


def test_a_reveal_is_recorded_with_the_viewers_address_for_the_owner_to_see(
    world: World,
) -> None:
    omar = _omar(world)
    client_for(world.users["officer_rangkasbitung"]).post(
        f"/people/{omar.pk}/reveal/", {"field": "nik"}, REMOTE_ADDR="10.1.2.3"
    )
    row = RevealLog.objects.get()
    assert (row.user_label, row.field, row.client) == ("rudi", "nik", "10.1.2.3")
    page = client_for(world.users["owner_a"]).get(f"/people/{omar.pk}/").content.decode()
    assert "Yang melihat NIK atau telepon Anda" in page and "rudi" in page
