"""Password rules: Indonesian patterns and breached passwords are refused for real accounts;
the demo accounts take SENTRA_DEMO_PASSWORD as given."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    [
        "Lebak2018",
        "lebak20182019",
        "Sentra2024!",
        "Rangkasbitung123!",
        "bismillah@2024",
        "Sayangku1999",
        "banten-lebak-2018",
        "P@ssw0rd2020!",
        "Agustus17081945",
        "1234567890",
        "indonesia123",
    ],
)
def test_common_indonesian_passwords_are_refused(reference: None, password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_desa_name_with_a_year_is_refused_from_the_region_table(reference: None) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password("Citeras2019!!")
    assert "password_indonesian_pattern" in [e.code for e in refused.value.error_list]


def test_a_breached_password_is_refused_by_the_shipped_list(reference: None) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password("17agustus1945")
    assert "password_breached" in [e.code for e in refused.value.error_list]


@pytest.mark.parametrize(
    "password", ["Gudang kopi Pasir Hitam tujuh", "kerbau-melompat-di-sawah-biru", "Tj8#pq2Lx!vR"]
)
def test_unrelated_words_or_random_characters_are_accepted(reference: None, password: str) -> None:
    validate_password(password)


def test_an_admin_cannot_give_a_real_account_lebak2018(alice_admin: Any) -> None:
    from django.test import Client

    client = Client()
    client.force_login(alice_admin)
    response = client.post(
        "/pengguna/baru/",
        {
            "username": "petugas.baru",
            "role": "officer",
            "is_active": "on",
            "password1": "Lebak2018",
            "password2": "Lebak2018",
        },
    )
    assert response.status_code == 200
    assert "mudah ditebak" in response.content.decode()


def test_the_demo_accounts_take_the_given_password_as_it_is(reference: None) -> None:
    from sentra.accounts.models import User
    from sentra.core.actors import SystemActor
    from sentra.demo.accounts import demo_accounts_ensure
    from sentra.registry.services import PersonData, person_register

    owner = person_register(
        actor=SystemActor("test"), data=PersonData(nik="3602140101800001", name="Pemilik Demo")
    )
    demo_accounts_ensure(actor=SystemActor("test"), password="Lebak2018", owner=owner)
    assert User.objects.get(username="admin").check_password("Lebak2018")
