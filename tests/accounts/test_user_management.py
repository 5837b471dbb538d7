"""User management in the interface: admins create users, set roles, assign officers to
kecamatan, link owner accounts and reset passwords; everyone else is refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from sentra.accounts.models import Role, User
from sentra.core.models import AuditLog
from sentra.registry.models import Person
from tests.access.spec import World
from tests.registry_edit.conftest import client_for, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _create_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": "petugas.baru",
        "first_name": "Petugas",
        "last_name": "Baru",
        "email": "",
        "role": "officer",
        "is_active": "on",
        "kecamatan": ["36.02.14", "36.02.03"],
        "password1": "gula aren manis 2018",
        "password2": "gula aren manis 2018",
    }
    data.update(overrides)
    return data


def test_an_admin_creates_an_officer_with_two_kecamatan(alice_admin: Any) -> None:
    client = client_for(alice_admin)
    assert client.get("/pengguna/baru/").content.decode().count('name="kecamatan"') == 28
    response = client.post("/pengguna/baru/", _create_post())
    assert response.status_code == 302
    user = User.objects.get(username="petugas.baru")
    assert user.role == Role.OFFICER
    assert sorted(user.kecamatan.values_list("code", flat=True)) == ["36.02.03", "36.02.14"]
    assert user.check_password("gula aren manis 2018")
    actions = set(AuditLog.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert {"user.create", "user.assign_kecamatan"} <= actions
    assert "gula aren" not in str(list(AuditLog.objects.values_list("before", "after")))
    assert "petugas.baru" in client.get("/pengguna/").content.decode()


def test_a_weak_password_is_refused_on_the_password_field_in_indonesian(
    alice_admin: Any,
) -> None:
    response = client_for(alice_admin).post(
        "/pengguna/baru/", _create_post(password1="12345678", password2="12345678")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["password1"]
    assert "Kata sandi ini terlalu umum." in errors
    assert not User.objects.filter(username="petugas.baru").exists()


def test_kecamatan_are_only_for_officers(alice_admin: Any) -> None:
    response = client_for(alice_admin).post("/pengguna/baru/", _create_post(role="analyst"))
    assert response.context["form"].errors["kecamatan"] == [
        "Hanya petugas lapangan yang ditugaskan ke kecamatan."
    ]


def test_an_admin_changes_an_officers_kecamatan_and_role(
    alice_admin: Any, rudi_officer_rangkasbitung: Any
) -> None:
    rudi = rudi_officer_rangkasbitung
    client = client_for(alice_admin)
    url = f"/pengguna/{rudi.pk}/ubah/"
    page = client.get(url).content.decode()
    boxes = re.findall(r"<input[^>]*name=\"kecamatan\"[^>]*>", page)
    assert [b for b in boxes if "checked" in b and 'value="36.02.14"' in b] != []
    assert len([b for b in boxes if "checked" in b]) == 1
    response = client.post(
        url,
        {"username": "ignored", "role": "officer", "is_active": "on", "kecamatan": ["36.02.03"]},
    )
    assert response.status_code == 302
    rudi.refresh_from_db()
    assert rudi.username == "rudi"  # the username is fixed once created
    assert list(rudi.kecamatan.values_list("code", flat=True)) == ["36.02.03"]
    client.post(url, {"role": "analyst", "is_active": "on"})
    rudi.refresh_from_db()
    assert rudi.role == Role.ANALYST
    assert rudi.kecamatan.count() == 0


def test_an_admin_links_an_owner_account_through_a_unit(world: World) -> None:  # noqa: F811
    client = client_for(world.users["admin"])
    response = client.post(
        "/pengguna/baru/",
        _create_post(username="pemilik.baru", role="owner", kecamatan=[], owner_unit="999999"),
    )
    assert response.context["form"].errors["owner_unit"] == ["Unit dengan ID ini tidak ada."]
    taken = world.unit_a_rangkasbitung.pk  # Omar's person already has an account
    response = client.post(
        "/pengguna/baru/",
        _create_post(username="pemilik.baru", role="owner", kecamatan=[], owner_unit=taken),
    )
    assert response.context["form"].errors["owner_unit"] == [
        "Pemilik unit ini sudah tertaut ke akun lain."
    ]
    omar = world.users["owner_a"]
    response = client.post(
        f"/pengguna/{omar.pk}/ubah/", {"role": "owner", "is_active": "on", "owner_unlink": "on"}
    )
    assert response.status_code == 302
    assert not Person.objects.filter(account=omar).exists()
    response = client.post(
        "/pengguna/baru/",
        _create_post(username="pemilik.baru", role="owner", kecamatan=[], owner_unit=taken),
    )
    assert response.status_code == 302
    person = world.unit_a_rangkasbitung.owner
    person.refresh_from_db()
    assert person.account is not None and person.account.username == "pemilik.baru"


def test_an_admin_cannot_demote_themself(alice_admin: Any) -> None:
    response = client_for(alice_admin).post(
        f"/pengguna/{alice_admin.pk}/ubah/", {"role": "analyst", "is_active": "on"}
    )
    assert response.status_code == 200
    assert "Anda tidak dapat mengubah peran" in response.content.decode()
    alice_admin.refresh_from_db()
    assert alice_admin.role == Role.ADMIN


@pytest.mark.parametrize("persona", ["ana_analyst", "rudi_officer_rangkasbitung", "omar_owner"])
def test_only_admins_manage_users(persona: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)
    users = User.objects.count()
    assert client.get("/pengguna/").status_code == 403
    assert client.post("/pengguna/baru/", _create_post(role="admin")).status_code == 403
    assert (
        client.post(f"/pengguna/{user.pk}/ubah/", {"role": "admin", "is_active": "on"}).status_code
        == 403
    )
    user.refresh_from_db()
    assert user.role != Role.ADMIN
    assert User.objects.count() == users


def test_anonymous_users_are_sent_to_login(db: Any) -> None:
    response = Client().get("/pengguna/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")
