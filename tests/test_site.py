"""The public home page, logging in and out, and the language switch."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.test_stats import small_registry  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_latest_figures_without_login(
    client: Client,
    small_registry: None,  # noqa: F811
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Jumlah industri kecil tercatat 2 unit dari sebelumnya 2 unit usaha" in text
    assert 'lang="id"' in text
    assert "Masuk" in text


def test_home_page_without_any_report_says_there_is_no_data(
    client: Client, reference: None
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "Belum ada data laporan tahunan." in response.content.decode()


def test_home_page_never_shows_a_nik_or_phone(client: Client, small_registry: None) -> None:  # noqa: F811
    text = client.get("/").content.decode()
    assert not re.search(r"\d{16}", text)
    assert not re.search(r"\b08\d{8,11}\b", text)


def test_home_page_switches_to_english(client: Client, small_registry: None) -> None:  # noqa: F811
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    text = response.content.decode()
    assert 'lang="en"' in text
    assert "Log in" in text
    assert "Small and Medium Industries" in text


def test_login_page_logs_a_user_in_and_the_header_names_them(
    client: Client, ana_analyst: Any
) -> None:
    response = client.post(
        "/masuk/", {"username": "ana", "password": "correct horse 42"}, follow=True
    )
    assert response.status_code == 200
    assert "ana · Analis" in response.content.decode()


def test_login_with_a_wrong_password_is_refused_in_indonesian(
    client: Client, ana_analyst: Any
) -> None:
    response = client.post("/masuk/", {"username": "ana", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post_and_ends_the_session(client: Client, ana_analyst: Any) -> None:
    client.force_login(ana_analyst)
    assert client.get("/keluar/").status_code == 405
    client.post("/keluar/")
    assert "_auth_user_id" not in client.session


def test_pages_send_security_headers(client: Client, reference: None) -> None:
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_interface_stays_indonesian_when_the_browser_asks_for_english(
    client: Client, reference: None
) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in response.content.decode()
    assert response["Content-Language"] == "id"


def test_language_switch_does_not_echo_the_query_string(client: Client, reference: None) -> None:
    text = client.get("/?q=Anyaman+Omar").content.decode()
    assert "Anyaman+Omar" not in text
    assert "Anyaman Omar" not in text
