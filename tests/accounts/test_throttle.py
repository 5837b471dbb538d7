"""Login throttling keyed by account and client: five failures lock that pair with a
doubling back-off; other clients still sign in; concurrent guesses are counted before the
password is checked; a client address comes from X-Forwarded-For only behind a trusted
proxy; admins lift locks."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone

from sentra.accounts.models import LoginAttempt, LoginThrottle
from sentra.accounts.throttle import (
    CLIENT_MAX_FAILURES,
    client_ip,
    login_attempt_begin,
    login_attempt_failed,
)
from sentra.core.models import AuditLog

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse 42"


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_from_that_client_even_with_the_right_password(
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
    assert "coba lagi setelah pukul" in html and "perangkat lain tetap dapat masuk" in html
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action="login.locked").count() == 1
    assert AuditLog.objects.filter(action="login.refused_locked").count() == 1


def test_nobody_can_lock_the_admin_out_for_every_client(alice_admin: Any) -> None:
    attacker = Client()
    for _ in range(12):
        _login(attacker, "alice", "tebakan", ip="203.0.113.7")
    assert _login(attacker, "alice", PASSWORD, ip="203.0.113.7").status_code == 200
    assert _login(Client(), "alice", PASSWORD, ip="198.51.100.20").status_code == 302


def test_the_lock_backs_off_doubling_with_each_further_failure(db: Any) -> None:
    now = timezone.now()
    locks = []
    for i in range(8):
        at = now + timedelta(hours=i)  # each after the previous lock ended
        assert login_attempt_begin(username="rudi", ip="1.2.3.4", now=at).allowed
        until = login_attempt_failed(username="rudi", ip="1.2.3.4", now=at)
        locks.append(None if until is None else int((until - at).total_seconds() // 60))
    assert locks == [None, None, None, None, 1, 2, 4, 8]


def test_a_locked_pair_is_refused_until_the_lock_ends_then_a_success_forgets_it(
    rudi_officer_rangkasbitung: Any,
) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "rudi", "wrong")
    assert _login(client, "rudi", PASSWORD).status_code == 200
    LoginThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert _login(client, "rudi", PASSWORD).status_code == 302
    assert not LoginThrottle.objects.filter(username="rudi").exists()
    assert LoginAttempt.objects.filter(username="rudi").count() == 5  # the log stays


def test_concurrent_guesses_get_no_more_than_five_passwords_checked(
    transactional_db: Any, rudi_officer_rangkasbitung: Any
) -> None:
    barrier = threading.Barrier(12)
    outcomes: list[bool] = []
    lock = threading.Lock()

    def guess() -> None:
        try:
            barrier.wait(timeout=10)
            attempt = login_attempt_begin(username="rudi", ip="10.9.9.9")
            if attempt.allowed:
                login_attempt_failed(username="rudi", ip="10.9.9.9")
            with lock:
                outcomes.append(attempt.allowed)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(outcomes) == 12
    assert sum(outcomes) == 5


def test_a_client_failing_on_many_accounts_is_slowed_down_on_all(db: Any) -> None:
    for i in range(CLIENT_MAX_FAILURES):
        login_attempt_begin(username=f"user{i}", ip="10.1.1.1")
        login_attempt_failed(username=f"user{i}", ip="10.1.1.1")
    assert not login_attempt_begin(username="someone-else", ip="10.1.1.1").allowed
    assert login_attempt_begin(username="someone-else", ip="10.1.1.2").allowed


def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy(settings: Any) -> None:
    factory = RequestFactory()
    forged = factory.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert client_ip(forged) == "198.51.100.9"
    settings.SENTRA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxied = factory.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 10.0.0.3"
    )
    assert client_ip(proxied) == "203.0.113.5"  # the last address the proxies did not add
    assert client_ip(forged) == "198.51.100.9"


def test_an_admin_unlocks_an_account_for_every_client(
    alice_admin: Any, rudi_officer_rangkasbitung: Any
) -> None:
    for ip in ("10.0.0.1", "10.0.0.2"):
        for _ in range(5):
            _login(Client(), "rudi", "wrong", ip=ip)
    admin = Client()
    admin.force_login(alice_admin)
    page = admin.get(f"/pengguna/{rudi_officer_rangkasbitung.pk}/ubah/").content.decode()
    assert "dikunci untuk 2 alamat" in page
    response = admin.post(f"/pengguna/{rudi_officer_rangkasbitung.pk}/buka-kunci/")
    assert response.status_code == 302
    assert _login(Client(), "rudi", PASSWORD, ip="10.0.0.1").status_code == 302
    assert AuditLog.objects.filter(action="login.unlock").count() == 1


def test_login_audit_rows_hold_the_client_address_masked(rudi_officer_rangkasbitung: Any) -> None:
    _login(Client(), "rudi", "wrong", ip="203.0.113.77")
    row = AuditLog.objects.get(action="login.failed")
    assert row.summary == "rudi from 203.0.113.•"


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
        {
            "password1": "Gudang kopi Pasir Hitam tujuh",
            "password2": "Gudang kopi Pasir Hitam tujuh",
        },
    )
    assert response.status_code == 302
    assert _login(client, "rudi", "Gudang kopi Pasir Hitam tujuh").status_code == 302
