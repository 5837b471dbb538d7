"""Login throttling: five failures for one username from one IP within 15 minutes lock that
pair for 15 minutes. Attempts live in a table, so every process sees the same count."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sentra.accounts.models import LoginAttempt
from sentra.core.audit import audit_record

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)


def client_ip(request: HttpRequest | None) -> str:
    """REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites
    it, and trusting it would let an attacker pick a fresh "IP" for every guess."""
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def login_locked_until(*, username: str, ip: str, now: datetime | None = None) -> datetime | None:
    """When the lock on (username, ip) ends, or None if it is not locked."""
    now = now or timezone.now()
    times = list(
        LoginAttempt.objects.filter(
            username=_key(username), ip=ip, at__gte=now - WINDOW - LOCK
        ).values_list("at", flat=True)
    )
    until: datetime | None = None
    for i in range(MAX_FAILURES - 1, len(times)):
        if times[i] - times[i - MAX_FAILURES + 1] <= WINDOW:
            candidate = times[i] + LOCK
            if candidate > now and (until is None or candidate > until):
                until = candidate
    return until


def login_failure_record(*, username: str, ip: str, now: datetime | None = None) -> datetime | None:
    """Record a failed login; returns the end of the lock if this failure started one."""
    now = now or timezone.now()
    with transaction.atomic():
        LoginAttempt.objects.create(username=_key(username), ip=ip, at=now)
        until = login_locked_until(username=username, ip=ip, now=now)
        audit_record(
            actor=None,
            action="login.locked" if until else "login.failed",
            object_type="accounts.user",
            summary=f"{_key(username)} from {ip}",
        )
    return until


def login_refused_while_locked(*, username: str, ip: str) -> None:
    audit_record(
        actor=None,
        action="login.refused_locked",
        object_type="accounts.user",
        summary=f"{_key(username)} from {ip}",
    )


def login_failures_clear(*, username: str, ip: str | None = None) -> int:
    """Forget the failures of a username (from one IP, or from all): after a successful login
    or a password reset by an admin."""
    rows = LoginAttempt.objects.filter(username=_key(username))
    if ip is not None:
        rows = rows.filter(ip=ip)
    deleted, _detail = rows.delete()
    return deleted


def login_attempts_prune(*, now: datetime | None = None) -> int:
    """Delete attempts too old to matter (called on each failure would be wasteful; the
    login view calls it on success)."""
    now = now or timezone.now()
    deleted, _detail = LoginAttempt.objects.filter(at__lt=now - WINDOW - LOCK).delete()
    return deleted


def lock_message_params(until: datetime, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return {"time": timezone.localtime(until).strftime("%H:%M"), "minutes": minutes}
