"""Creating and editing units through the forms: field-named Indonesian errors, owners found
by NIK or created, desa limited to the officer's kecamatan."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from sentra.core.models import AuditLog
from sentra.registry.models import Person, Unit, Verification
from tests.access.spec import World
from tests.registry_edit.conftest import client_for
from tests.registry_edit.forms_data import NEW_NIK, unit_create_post, unit_edit_post

pytestmark = pytest.mark.django_db


def test_an_invalid_nik_is_refused_with_the_indonesian_message_naming_the_field(
    world: World,
) -> None:
    client = client_for(world.users["officer_rangkasbitung"])
    response = client.post("/units/new/", unit_create_post(owner_nik="3602140113800001"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "NIK pemilik</a>: Bulan lahir pada NIK (13) harus 01–12." in html
    assert response.context["form"].errors["owner_nik"] == [
        "Bulan lahir pada NIK (13) harus 01–12."
    ]
    assert not Unit.objects.filter(business_name="Batik Siti").exists()


def test_a_nik_of_the_wrong_length_says_how_many_digits_it_has(world: World) -> None:
    client = client_for(world.users["officer_rangkasbitung"])
    response = client.post("/units/new/", unit_create_post(owner_nik="36021401018000"))
    assert response.context["form"].errors["owner_nik"] == ["NIK harus 16 digit, bukan 14 digit."]


def test_missing_required_fields_are_named_in_indonesian(world: World) -> None:
    client = client_for(world.users["officer_rangkasbitung"])
    response = client.post("/units/new/", unit_create_post(business_name="", nib="12345"))
    errors = response.context["form"].errors
    assert errors["business_name"] == ["Bidang ini tidak boleh kosong."]
    assert errors["nib"] == ["NIB harus 13 digit, bukan 5 digit."]
    assert "Nama usaha</a>: Bidang ini tidak boleh kosong." in response.content.decode()


def test_a_new_nik_without_an_owner_name_asks_for_the_name(world: World) -> None:
    client = client_for(world.users["officer_rangkasbitung"])
    response = client.post("/units/new/", unit_create_post(owner_name=""))
    assert response.context["form"].errors["owner_name"] == [
        "Isi nama pemilik: pemilik ini belum tercatat pada unit yang dapat Anda lihat."
    ]


def test_an_officer_creates_a_unit_with_a_new_owner_verified_and_audited(world: World) -> None:
    client = client_for(world.users["officer_rangkasbitung"])
    response = client.post("/units/new/", unit_create_post())
    assert response.status_code == 302
    unit = Unit.objects.get(business_name="Batik Siti")
    assert unit.owner.name == "Siti Aminah"
    assert unit.owner.sex == "P"
    assert unit.owner.nik_masked == "3602••••••••0004"
    assert unit.kecamatan_id == "36.02.14"
    assert unit.verification == Verification.VERIFIED
    actions = set(
        AuditLog.objects.filter(actor=world.users["officer_rangkasbitung"]).values_list(
            "action", flat=True
        )
    )
    assert {"person.register", "unit.register"} <= actions
    registered = AuditLog.objects.get(action="unit.register", object_id=str(unit.pk))
    assert registered.after["verification"] == Verification.VERIFIED
    assert NEW_NIK not in str(list(AuditLog.objects.values_list("before", "after", "summary")))


def test_a_known_nik_adds_the_unit_to_the_existing_owner(world: World) -> None:
    client = client_for(world.users["officer_rangkasbitung"])
    owner = world.unit_a_rangkasbitung.owner
    people = Person.objects.count()
    response = client.post(
        "/units/new/",
        unit_create_post(owner_nik="3602140101800001", owner_name="", business_name="Gula Omar"),
    )
    assert response.status_code == 302
    assert Person.objects.count() == people
    assert Unit.objects.get(business_name="Gula Omar").owner == owner


def test_an_officer_may_only_pick_desa_of_their_kecamatan(world: World) -> None:
    client = client_for(world.users["officer_rangkasbitung"])
    page = client.get("/units/new/").content.decode()
    assert 'value="36.02.14.2017"' in page
    assert 'value="36.02.03.2001"' not in page  # Bayah
    assert "Kecamatan Rangkasbitung" in page
    response = client.post("/units/new/", unit_create_post(desa="36.02.03.2001"))
    assert response.status_code == 200
    assert "desa" in response.context["form"].errors
    assert not Unit.objects.filter(business_name="Batik Siti").exists()


def test_an_admin_may_pick_any_desa_of_the_regency(world: World) -> None:
    page = client_for(world.users["admin"]).get("/units/new/").content.decode()
    assert page.count("<optgroup") == 28
    assert 'value="36.02.03.2001"' in page


def test_an_officer_edits_a_unit_and_the_version_goes_up(world: World) -> None:
    unit = world.unit_b_rangkasbitung
    client = client_for(world.users["officer_rangkasbitung"])
    response = client.post(
        f"/units/{unit.pk}/edit/", unit_edit_post(unit, business_name="Anyaman Olga Jaya")
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.business_name, unit.version) == ("Anyaman Olga Jaya", 2)
    log = AuditLog.objects.filter(action="unit.update", object_id=str(unit.pk)).get()
    assert log.before == {"business_name": "Anyaman Olga"}
    assert log.after == {"business_name": "Anyaman Olga Jaya"}


def test_the_edit_form_shows_the_owner_nik_masked_only(world: World) -> None:
    unit = world.unit_a_rangkasbitung
    page = client_for(world.users["officer_rangkasbitung"]).get(f"/units/{unit.pk}/edit/")
    html = page.content.decode()
    assert "3602••••••••0001" in html
    assert "3602140101800001" not in html


def test_an_owner_cannot_create_units(world: World) -> None:
    assert client_for(world.users["owner_a"]).get("/units/new/").status_code == 403
    assert client_for(world.users["analyst"]).post("/units/new/", {}).status_code == 403


def test_a_certificate_with_expiry_before_issue_is_refused_on_the_expiry_field(
    world: World,
) -> None:
    from sentra.registry.models import CertificateKind

    unit = world.unit_a_rangkasbitung
    client = client_for(world.users["officer_rangkasbitung"])
    response = client.post(
        f"/units/{unit.pk}/certificates/new/",
        {
            "kind": CertificateKind.objects.first().pk,  # type: ignore[union-attr]
            "number": "PIRT 123",
            "issued_on": "2020-05-01",
            "expires_on": "2019-05-01",
        },
    )
    assert response.context["form"].errors["expires_on"] == [
        "Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."
    ]
    assert unit.certificates.count() == 0


def test_english_error_messages_when_the_language_is_english_default_django_part(
    world: World,
) -> None:
    client = client_for(world.users["officer_rangkasbitung"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/units/new/", unit_create_post(business_name=""))
    assert response.context["form"].errors["business_name"] == ["This field is required."]


def test_english_nik_error_when_the_language_is_english(world: World) -> None:
    client = client_for(world.users["officer_rangkasbitung"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/units/new/", unit_create_post(owner_nik="3602140113800001"))
    errors: Any = response.context["form"].errors["owner_nik"]
    assert errors == ["The birth month in the NIK (13) must be 01–12."]


def test_an_owner_cannot_move_their_unit_to_another_kecamatan(world: World) -> None:
    unit = world.unit_a_rangkasbitung
    client = client_for(world.users["owner_a"])
    page = client.get(f"/units/{unit.pk}/edit/").content.decode()
    assert page.count("<optgroup") == 1  # only Rangkasbitung
    assert 'value="36.02.14.1002"' in page  # another desa of the same kecamatan
    assert 'value="36.02.03.2001"' not in page  # Bayah
    response = client.post(f"/units/{unit.pk}/edit/", unit_edit_post(unit, desa="36.02.03.2001"))
    assert response.status_code == 200
    assert "desa" in response.context["form"].errors
    unit.refresh_from_db()
    assert unit.kecamatan_id == "36.02.14"
    moved = client.post(f"/units/{unit.pk}/edit/", unit_edit_post(unit, desa="36.02.14.1002"))
    assert moved.status_code == 302
    unit.refresh_from_db()
    assert (unit.desa_id, unit.kecamatan_id) == ("36.02.14.1002", "36.02.14")
