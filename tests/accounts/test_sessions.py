"""Session lifetime: 30 minutes idle, 12 hours absolute."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from sentra.accounts.middleware import LOGIN_AT, SEEN_AT
from sentra.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _logged_in(user: Any) -> Client:
    client = Client()
    response = client.post("/masuk/", {"username": user.username, "password": "correct horse 42"})
    assert response.status_code == 302
    return client


def _stamp(client: Client, **values: float) -> None:
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def test_login_stamps_the_session(alice_admin: Any) -> None:
    client = _logged_in(alice_admin)
    assert abs(client.session[LOGIN_AT] - time.time()) < 5
    assert client.get("/pengguna/").status_code == 200


def test_a_session_idle_for_more_than_30_minutes_is_logged_out(alice_admin: Any) -> None:
    client = _logged_in(alice_admin)
    now = time.time()
    _stamp(client, **{SEEN_AT: now - 31 * 60, LOGIN_AT: now - 40 * 60})
    response = client.get("/pengguna/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/?next=/pengguna/")
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action="session.expired", summary="idle").exists()
    follow = client.get(response["Location"])
    assert "Sesi Anda berakhir" in follow.content.decode()


def test_a_session_active_within_30_minutes_stays(alice_admin: Any) -> None:
    client = _logged_in(alice_admin)
    now = time.time()
    _stamp(client, **{SEEN_AT: now - 29 * 60, LOGIN_AT: now - 60 * 60})
    assert client.get("/pengguna/").status_code == 200
    assert client.session[SEEN_AT] > now - 5  # the request counts as activity


def test_a_session_older_than_12_hours_ends_even_when_active(alice_admin: Any) -> None:
    client = _logged_in(alice_admin)
    now = time.time()
    _stamp(client, **{SEEN_AT: now - 60, LOGIN_AT: now - 12 * 3600 - 1})
    response = client.get("/pengguna/")
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="session.expired", summary="absolute").exists()


def test_the_session_cookie_lives_at_most_12_hours() -> None:
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert "sentra.accounts.middleware.SessionTimeoutMiddleware" in settings.MIDDLEWARE
    middleware = settings.MIDDLEWARE
    assert middleware.index("sentra.accounts.middleware.SessionTimeoutMiddleware") > (
        middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    )
