"""Writes of the API app: issuing, using and revoking tokens; counting requests. Audited."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.api.models import ApiRateWindow, ApiToken, TokenScope
from sentra.core.actors import Actor
from sentra.core.audit import audit_record

TOKEN_PREFIX = "sentra_"  # noqa: S105 -- a public marker that starts every token, not a secret
MAX_DAYS = 366
DEFAULT_DAYS = 90


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown to the user once, never stored


def api_token_create(
    *, actor: Actor, user: Any, name: str, scope: str = TokenScope.READ, days: int = DEFAULT_DAYS
) -> IssuedToken:
    """A new token for `user`; the clear token is returned once and only its digest kept."""
    errors: dict[str, ValidationError] = {}
    name = name.strip()
    if not name:
        errors["name"] = ValidationError(_("Nama token wajib diisi."), code="required")
    if scope not in TokenScope.values:
        errors["scope"] = ValidationError(_("Cakupan harus read atau write."), code="scope_unknown")
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = ValidationError(
            _("Masa berlaku harus antara 1 dan %(max)s hari."),
            code="days_range",
            params={"max": MAX_DAYS},
        )
    if not getattr(user, "is_active", False):
        errors["user"] = ValidationError(_("Akun ini tidak aktif."), code="user_inactive")
    if errors:
        raise ValidationError(errors)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=raw[: len(TOKEN_PREFIX) + 6],
            digest=token_digest(raw),
            scope=scope,
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit_record(
            actor=actor,
            action="api_token.create",
            obj=token,
            summary=f"{token.prefix}… for {user.get_username()}",
            after={"name": token.name, "scope": scope, "expires_at": token.expires_at},
        )
    return IssuedToken(token=token, raw=raw)


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token (it answers 401 from now on). Revoking twice changes nothing."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            obj=token,
            summary=f"{token.prefix}…",
            after={"revoked_at": token.revoked_at},
        )
    return token


def api_token_find(*, raw: str) -> ApiToken | None:
    """The usable token with this value (active user, not expired, not revoked), or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Remember when a token was last used, at most once a minute (no audit: not a change
    of anything a person decided)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the window ends


def api_rate_hit(*, key: str, now: datetime | None = None) -> RateDecision:
    """Count one request of `key` in the current minute; refuse beyond the limit."""
    limit: int = settings.SENTRA_API_RATE_LIMIT
    now = now or timezone.now()
    window = int(now.timestamp() // 60)
    retry_after = max(1, 60 - int(now.timestamp()) % 60)
    with transaction.atomic():
        rows = ApiRateWindow.objects.filter(key=key, window=window)
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    ApiRateWindow.objects.create(key=key, window=window, count=1)
            except IntegrityError:  # another process created it first
                rows.update(count=F("count") + 1)
            else:
                # Once per caller and minute: forget windows that can no longer matter.
                ApiRateWindow.objects.filter(window__lt=window - 1).delete()
        count = rows.values_list("count", flat=True).get()
    return RateDecision(
        allowed=count <= limit,
        limit=limit,
        remaining=max(0, limit - count),
        retry_after=retry_after,
    )
