"""Login throttling: five failures for one username from one IP within 15 minutes lock that
pair for 15 minutes, with an Indonesian message saying when to retry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sentra.accounts.models import LoginAttempt
from sentra.accounts.throttle import login_failure_record, login_locked_until
from sentra.core.models import AuditLog

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_from_that_ip_even_with_the_right_password(
    rudi_officer_rangkasbitung: Any,
) -> None:
    client = Client()
    for _ in range(4):
        response = _login(client, "rudi", "wrong")
        assert "Terlalu banyak" not in response.content.decode()
    fifth = _login(client, "rudi", "wrong")
    assert "Terlalu banyak percobaan masuk yang gagal" in fifth.content.decode()
    right = _login(client, "rudi", PASSWORD)
    assert right.status_code == 200  # the form again, not a redirect
    html = right.content.decode()
    assert "coba lagi setelah pukul" in html
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action="login.locked").count() == 1
    assert AuditLog.objects.filter(action="login.refused_locked").count() == 1


def test_the_lock_is_per_ip_address(rudi_officer_rangkasbitung: Any) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "rudi", "wrong", ip="10.0.0.1")
    assert _login(Client(), "rudi", PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_lock_ends_after_15_minutes(rudi_officer_rangkasbitung: Any) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "rudi", "wrong")
    assert _login(client, "rudi", PASSWORD).status_code == 200
    LoginAttempt.objects.update(at=timezone.now() - timedelta(minutes=15, seconds=1))
    assert _login(client, "rudi", PASSWORD).status_code == 302
    assert LoginAttempt.objects.count() == 0  # a success forgets the failures


def test_failures_spread_over_more_than_15_minutes_do_not_lock(db: Any) -> None:
    now = timezone.now()
    for minutes in (40, 30, 20, 10, 0):
        until = login_failure_record(
            username="Rudi", ip="1.2.3.4", now=now - timedelta(minutes=minutes)
        )
    assert until is None
    assert login_locked_until(username="rudi", ip="1.2.3.4", now=now) is None


def test_the_lock_runs_15_minutes_from_the_fifth_failure(db: Any) -> None:
    start = timezone.now() - timedelta(minutes=10)
    for seconds in range(5):
        login_failure_record(username="rudi", ip="1.2.3.4", now=start + timedelta(seconds=seconds))
    until = login_locked_until(username="RUDI", ip="1.2.3.4")
    assert until == start + timedelta(seconds=4, minutes=15)


def test_an_admin_password_reset_lifts_the_lock(
    alice_admin: Any, rudi_officer_rangkasbitung: Any
) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "rudi", "wrong")
    admin = Client()
    admin.force_login(alice_admin)
    response = admin.post(
        f"/pengguna/{rudi_officer_rangkasbitung.pk}/sandi/",
        {"password1": "new battery staple 7", "password2": "new battery staple 7"},
    )
    assert response.status_code == 302
    assert _login(client, "rudi", "new battery staple 7").status_code == 302
