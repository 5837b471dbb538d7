"""Correcting an owner's (pelaku usaha) data: the `person_update` service and the edit page.

Person A (owner_a's account) owns a unit in Rangkasbitung; person B (owner_b) owns units in
Rangkasbitung and Bayah. Owners may change only their phone and consent: a posted name or sex
is ignored (those fields are not in the owner's form)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.test import Client

from sentra.core import protect
from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.insights.aggregates import raw_cells, stored_cells
from sentra.insights.refresh import stats_refresh
from sentra.registry.models import Person
from sentra.registry.services import (
    PersonUpdateData,
    ReportData,
    person_reveal,
    person_update,
    report_record,
)
from tests.access.spec import World
from tests.registry_edit.conftest import client_for

pytestmark = pytest.mark.django_db

NEW_PHONE = "081234567890"


def _person_a(world: World) -> Person:
    return Person.objects.get(pk=world.unit_a_rangkasbitung.owner_id)


def _person_b(world: World) -> Person:
    return Person.objects.get(pk=world.unit_b_bayah.owner_id)


def _update_audits(person: Person) -> list[AuditLog]:
    return list(
        AuditLog.objects.filter(action="person.update", object_id=str(person.pk)).order_by("id")
    )


def _codes(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str | None]]:
    return {field: [e.code for e in errors] for field, errors in exc.value.error_dict.items()}


# --- the service ---------------------------------------------------------------------------


def test_update_rejects_an_empty_name_a_bad_sex_and_a_bad_phone_with_codes(
    world: World,
) -> None:
    person = _person_a(world)
    before = Person.objects.filter(pk=person.pk).values().get()
    with pytest.raises(ValidationError) as exc:
        person_update(
            actor=SystemActor("test"),
            person=person,
            data=PersonUpdateData(name="  ", sex="X", phone="12ab", consent=False),
        )
    assert _codes(exc) == {
        "name": ["required"],
        "sex": ["sex_invalid"],
        "phone": ["phone_format"],
    }
    assert Person.objects.filter(pk=person.pk).values().get() == before
    assert _update_audits(person) == []


def test_update_changes_only_the_given_fields_and_keeps_the_nik(world: World) -> None:
    person = _person_a(world)
    nik_before = (person.nik_digest, person.nik_encrypted, person.nik_masked)
    updated = person_update(
        actor=SystemActor("test"),
        person=person,
        data=PersonUpdateData(name="Omar Perbaikan", sex="P", phone=NEW_PHONE, consent=True),
    )
    assert (updated.name, updated.sex, updated.consent) == ("Omar Perbaikan", "P", True)
    assert updated.consent_at is not None
    assert updated.phone_masked == protect.mask_phone(NEW_PHONE)
    assert person_reveal(actor=SystemActor("test"), person=updated, field="phone") == NEW_PHONE
    assert (updated.nik_digest, updated.nik_encrypted, updated.nik_masked) == nik_before


def test_the_audit_row_names_only_changed_fields_and_never_a_clear_number(
    world: World,
) -> None:
    person = _person_a(world)
    person_update(
        actor=SystemActor("test"),
        person=person,
        data=PersonUpdateData(name=person.name, sex=person.sex, phone=NEW_PHONE, consent=True),
    )
    (row,) = _update_audits(person)
    assert set(row.after) == {"phone", "consent"}
    assert set(row.before) == {"phone", "consent"}
    text = json.dumps([row.before, row.after, row.summary])
    assert NEW_PHONE not in text
    assert "1234567" not in text
    assert not re.search(r"\d{16}", text)


def test_an_empty_phone_clears_it_and_none_keeps_it(world: World) -> None:
    person = person_update(
        actor=SystemActor("test"),
        person=_person_a(world),
        data=PersonUpdateData(name="Omar", sex="L", phone=NEW_PHONE),
    )
    kept = person_update(
        actor=SystemActor("test"),
        person=person,
        data=PersonUpdateData(name="Omar", sex="L", phone=None),
    )
    assert kept.phone_masked == protect.mask_phone(NEW_PHONE)
    cleared = person_update(
        actor=SystemActor("test"),
        person=kept,
        data=PersonUpdateData(name="Omar", sex="L", phone=""),
    )
    assert (cleared.phone_encrypted, cleared.phone_masked) == ("", "")


def test_an_unchanged_submission_writes_no_audit_row(world: World) -> None:
    person = _person_a(world)
    person_update(
        actor=SystemActor("test"),
        person=person,
        data=PersonUpdateData(name=person.name, sex=person.sex, consent=person.consent),
    )
    assert _update_audits(person) == []


def test_withdrawing_consent_clears_its_time(world: World) -> None:
    person = person_update(
        actor=SystemActor("test"),
        person=_person_a(world),
        data=PersonUpdateData(name="Omar", sex="L", consent=True),
    )
    assert person.consent_at is not None
    person = person_update(
        actor=SystemActor("test"),
        person=person,
        data=PersonUpdateData(name="Omar", sex="L", consent=False),
    )
    assert (person.consent, person.consent_at) == (False, None)


def test_a_changed_sex_keeps_the_stored_statistics_in_step(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    for unit in (world.unit_a_rangkasbitung, world.unit_b_rangkasbitung, world.unit_b_bayah):
        report_record(
            actor=SystemActor("test"), unit=unit, data=ReportData(year=2020, workers_male=1)
        )
    stats_refresh()
    women_before = stored_cells().total(2020).women_owned
    person = _person_a(world)
    assert person.sex == "L"
    with django_capture_on_commit_callbacks(execute=True):
        person_update(
            actor=SystemActor("test"), person=person, data=PersonUpdateData(name="Oma", sex="P")
        )
    assert stored_cells().comparable() == raw_cells().comparable()
    assert stored_cells().total(2020).women_owned == women_before + 1


# --- the page ------------------------------------------------------------------------------


def _version(person: Person) -> int:
    return Person.objects.filter(pk=person.pk).values_list("version", flat=True).get()


def _post(world: World, persona: str, person: Person, **data: Any) -> Any:
    data.setdefault("version", _version(person))
    return client_for(world.users[persona]).post(f"/people/{person.pk}/edit/", data)


def test_admin_corrects_name_and_sex(world: World) -> None:
    person = _person_a(world)
    response = _post(world, "admin", person, name="Omar Benar", sex="P")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    person.refresh_from_db()
    assert (person.name, person.sex) == ("Omar Benar", "P")


def test_an_officer_of_a_kecamatan_where_the_person_has_a_unit_may_edit(world: World) -> None:
    person = _person_b(world)
    for persona in ("officer_rangkasbitung", "officer_bayah"):
        response = _post(world, persona, person, name=f"Olga {persona}", sex="P")
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.name == f"Olga {persona}"


def test_an_officer_of_another_kecamatan_gets_404_and_changes_nothing(world: World) -> None:
    person = _person_a(world)
    page = client_for(world.users["officer_bayah"]).get(f"/people/{person.pk}/edit/")
    assert page.status_code == 404
    response = _post(world, "officer_bayah", person, name="Bukan Omar", sex="P")
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.name != "Bukan Omar"


def test_an_analyst_gets_403(world: World) -> None:
    person = _person_a(world)
    assert client_for(world.users["analyst"]).get(f"/people/{person.pk}/edit/").status_code == 403
    assert _post(world, "analyst", person, name="X", sex="P").status_code == 403
    assert _update_audits(person) == []


def test_an_owner_changes_phone_and_consent_and_a_posted_name_is_ignored(world: World) -> None:
    person = _person_a(world)
    page = client_for(world.users["owner_a"]).get(f"/people/{person.pk}/edit/")
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()
    assert 'name="sex"' not in page.content.decode()
    response = _post(
        world, "owner_a", person, name="Nama Lain", sex="P", phone=NEW_PHONE, consent="on"
    )
    assert response.status_code == 302
    updated = Person.objects.get(pk=person.pk)
    assert (updated.name, updated.sex) == (person.name, person.sex)
    assert updated.consent is True
    assert updated.phone_masked == protect.mask_phone(NEW_PHONE)


def test_an_owner_cannot_edit_another_owner(world: World) -> None:
    assert _post(world, "owner_a", _person_b(world), phone=NEW_PHONE).status_code == 404


def test_anonymous_is_sent_to_the_login_page(world: World) -> None:
    person = _person_a(world)
    response = Client().post(f"/people/{person.pk}/edit/", {"name": "X", "sex": "P"})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    person.refresh_from_db()
    assert person.name != "X"


def test_the_form_never_shows_the_clear_phone_or_nik_and_empty_keeps_the_phone(
    world: World,
) -> None:
    person = person_update(
        actor=SystemActor("test"),
        person=_person_a(world),
        data=PersonUpdateData(name="Omar", sex="L", phone=NEW_PHONE),
    )
    client = client_for(world.users["admin"])
    html = client.get(f"/people/{person.pk}/edit/").content.decode()
    assert NEW_PHONE not in html and "3602140101800001" not in html
    assert person.phone_masked in html
    # An error elsewhere does not echo a typed phone back into the page.
    html = client.post(
        f"/people/{person.pk}/edit/",
        {"name": "", "sex": "L", "phone": "089876543210", "version": _version(person)},
    ).content.decode()
    assert "089876543210" not in html
    kept = client.post(
        f"/people/{person.pk}/edit/", {"name": "Omar", "sex": "L", "version": _version(person)}
    )
    assert kept.status_code == 302
    person.refresh_from_db()
    assert person.phone_masked == protect.mask_phone(NEW_PHONE)


def test_the_clear_checkbox_removes_the_phone_and_conflicts_with_a_new_number(
    world: World,
) -> None:
    person = person_update(
        actor=SystemActor("test"),
        person=_person_a(world),
        data=PersonUpdateData(name="Omar", sex="L", phone=NEW_PHONE),
    )
    client = client_for(world.users["admin"])
    url = f"/people/{person.pk}/edit/"
    version = _version(person)
    both = client.post(
        url,
        {"name": "Omar", "sex": "L", "phone": NEW_PHONE, "phone_clear": "on", "version": version},
    )
    assert both.status_code == 200
    cleared = client.post(
        url, {"name": "Omar", "sex": "L", "phone_clear": "on", "version": version}
    )
    assert cleared.status_code == 302
    person.refresh_from_db()
    assert person.phone_masked == ""


def test_a_bad_phone_comes_back_with_the_error(world: World) -> None:
    person = _person_a(world)
    response = _post(world, "admin", person, name="Omar", sex="L", phone="12")
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]


def test_the_owner_page_links_to_the_edit_form_only_for_users_who_may_edit(
    world: World,
) -> None:
    person = _person_a(world)
    link = f"/people/{person.pk}/edit/"
    for persona, shown in (("admin", True), ("owner_a", True), ("analyst", False)):
        html = client_for(world.users[persona]).get(f"/people/{person.pk}/").content.decode()
        assert (link in html) is shown, persona


def test_a_second_editor_of_an_owner_gets_the_conflict_page_instead_of_silently_winning(
    world: World,
) -> None:
    person = _person_b(world)
    seen = _version(person)
    first = _post(
        world, "officer_rangkasbitung", person, name="Olga Pertama", sex="P", version=seen
    )
    assert first.status_code == 302
    second = _post(
        world,
        "officer_bayah",
        person,
        name="Olga Kedua",
        sex="P",
        phone="089876543210",
        version=seen,
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert "Olga Pertama" in html and "Olga Kedua" in html
    assert "089876543210" not in html  # a typed phone is never echoed, not even here
    assert "isi lagi setelah menerapkan" in html
    person.refresh_from_db()
    assert (person.name, person.version) == ("Olga Pertama", seen + 1)
    again = _post(world, "officer_bayah", person, name="Olga Kedua", sex="P")
    assert again.status_code == 302
    person.refresh_from_db()
    assert person.name == "Olga Kedua"


def test_a_post_without_a_version_is_treated_as_stale(world: World) -> None:
    person = _person_a(world)
    response = client_for(world.users["admin"]).post(
        f"/people/{person.pk}/edit/", {"name": "Tanpa Versi", "sex": "L"}
    )
    assert response.status_code == 409
    person.refresh_from_db()
    assert person.name != "Tanpa Versi"
