"""Login throttling, keyed by account and client: five failures for one username from one
client address lock that pair, with a back-off that doubles on every further failure (1, 2,
4 … up to 60 minutes). Another client can still sign in to the same account: no one can lock
an account for everybody (an office behind one NAT address locks only itself). A client that
fails on many accounts is slowed down on all of them. Admins lift locks (`login_unlock`).

Each attempt is counted before the password is checked, inside a transaction that holds the
pair's row, so 24 concurrent guesses get 5 checked, not 12.

The client address is REMOTE_ADDR, or — only when REMOTE_ADDR is one of
`SENTRA_TRUSTED_PROXIES` — the last address in X-Forwarded-For that is not a trusted proxy.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from sentra.accounts.models import LoginAttempt, LoginThrottle
from sentra.core.audit import audit_record

MAX_FAILURES = 5  # per account and client before the first lock
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(minutes=60)
CLIENT_MAX_FAILURES = 30  # per client over every account within CLIENT_WINDOW
CLIENT_WINDOW = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=24)  # failures this old no longer count


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def _trusted(address: str) -> bool:
    proxies = getattr(settings, "SENTRA_TRUSTED_PROXIES", [])
    if not proxies or not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for proxy in proxies:
        try:
            if ip in ipaddress.ip_network(proxy, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_ip(request: HttpRequest | None) -> str:
    """The client's address. X-Forwarded-For is believed only from a configured proxy:
    a client can write anything into it, and trusting it would give an attacker a fresh
    address for every guess."""
    if request is None:
        return ""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if _trusted(remote):
        forwarded = [
            a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        ]
        for address in reversed([a for a in forwarded if a]):
            if not _trusted(address):
                try:
                    return str(ipaddress.ip_address(address))[:45]
                except ValueError:
                    break
    return remote[:45]


def masked_client(address: str) -> str:
    """A client address as the audit log may hold it: 203.0.113.• / 2001:db8:…"""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "•"
    if ip.version == 4:
        return ".".join(str(ip).split(".")[:3]) + ".•"
    return ":".join(ip.exploded.split(":")[:3]) + ":…"


def _lock_for(failures: int) -> timedelta:
    if failures < MAX_FAILURES:
        return timedelta(0)
    return min(FIRST_LOCK * 2 ** (failures - MAX_FAILURES), LONGEST_LOCK)


@dataclass(frozen=True)
class Attempt:
    """The outcome of asking to check a password: go ahead, or locked until when."""

    locked_until: datetime | None = None

    @property
    def allowed(self) -> bool:
        return self.locked_until is None


def _client_locked_until(client: str, now: datetime) -> datetime | None:
    recent = LoginThrottle.objects.filter(client=client, last_failure_at__gte=now - CLIENT_WINDOW)
    failures = recent.aggregate(n=Sum("failures"))["n"] or 0
    if failures < CLIENT_MAX_FAILURES:
        return None
    latest = recent.order_by("-last_failure_at").values_list("last_failure_at", flat=True).first()
    assert latest is not None
    until = latest + _lock_for(MAX_FAILURES + (failures - CLIENT_MAX_FAILURES) // MAX_FAILURES)
    return until if until > now else None


def login_attempt_begin(*, username: str, ip: str, now: datetime | None = None) -> Attempt:
    """Count this attempt before the password is checked; refuse it while locked."""
    now = now or timezone.now()
    key = _key(username)
    with transaction.atomic():
        row, _created = LoginThrottle.objects.select_for_update().get_or_create(
            username=key, client=ip
        )
        if row.last_failure_at is not None and now - row.last_failure_at > FORGET_AFTER:
            row.failures, row.locked_until = 0, None
        locked = row.locked_until if row.locked_until and row.locked_until > now else None
        locked = locked or _client_locked_until(ip, now)
        if locked is not None:
            audit_record(
                actor=None,
                action="login.refused_locked",
                object_type="accounts.user",
                summary=f"{key} from {masked_client(ip)}",
            )
            return Attempt(locked_until=locked)
        row.failures += 1  # counted as failed until the password proves otherwise
        row.last_failure_at = now
        if row.failures >= MAX_FAILURES:
            # Locked already while this password is checked: guesses arriving meanwhile are
            # refused (a right password lifts it, see login_attempt_succeeded).
            row.locked_until = now + _lock_for(row.failures)
        row.save(update_fields=["failures", "last_failure_at", "locked_until"])
    return Attempt()


def login_attempt_failed(*, username: str, ip: str, now: datetime | None = None) -> datetime | None:
    """The password was wrong: log it, and lock the pair once it has failed too often.
    Returns the end of the lock this failure started, if any."""
    now = now or timezone.now()
    key = _key(username)
    with transaction.atomic():
        LoginAttempt.objects.create(username=key, ip=ip, at=now)
        row = LoginThrottle.objects.select_for_update().filter(username=key, client=ip).first()
        until = None
        if row is not None and row.failures >= MAX_FAILURES:
            until = now + _lock_for(row.failures)
            row.locked_until = until
            row.save(update_fields=["locked_until"])
        audit_record(
            actor=None,
            action="login.locked" if until else "login.failed",
            object_type="accounts.user",
            summary=f"{key} from {masked_client(ip)}",
        )
    return until


def login_attempt_succeeded(*, username: str, ip: str) -> None:
    """The right password: this pair's failures are forgotten (other clients' are not)."""
    LoginThrottle.objects.filter(username=_key(username), client=ip).delete()


def login_unlock(*, actor: Any, username: str) -> int:
    """Lift every lock on an account, from every client (admins, and a password reset)."""
    key = _key(username)
    with transaction.atomic():
        deleted, _detail = LoginThrottle.objects.filter(username=key).delete()
        audit_record(actor=actor, action="login.unlock", object_type="accounts.user", summary=key)
    return deleted


def login_locks(*, username: str, now: datetime | None = None) -> list[LoginThrottle]:
    """The clients an account is locked for right now."""
    now = now or timezone.now()
    return list(
        LoginThrottle.objects.filter(username=_key(username), locked_until__gt=now).order_by(
            "-locked_until"
        )
    )


def lock_message_params(until: datetime, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return {"time": timezone.localtime(until).strftime("%H:%M"), "minutes": minutes}


LOGIN_LOG_RETENTION = timedelta(days=90)


def login_attempts_retention(*, now: datetime) -> dict[str, int]:
    """Failed-login records older than 90 days, and throttle rows with nothing left to
    remember, are deleted (scheduled by `sentra privacy retention`)."""
    attempts, _d = LoginAttempt.objects.filter(at__lt=now - LOGIN_LOG_RETENTION).delete()
    stale = LoginThrottle.objects.filter(last_failure_at__lt=now - FORGET_AFTER).exclude(
        locked_until__gt=now
    )
    throttles, _d = stale.delete()
    return {"login_attempts": attempts, "login_throttles": throttles}
