"""Who is calling: a bearer token (checked, counted against the rate limit) or, on the few
public operations, nobody. Every failure is a problem document (401, 403 or 429)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from sentra.accounts.throttle import client_ip
from sentra.api.models import ApiToken
from sentra.api.problems import ApiProblem
from sentra.api.services import api_rate_hit, api_token_find, api_token_touch

BEARER_CHALLENGE = 'Bearer realm="sentra"'


@dataclass(frozen=True)
class Caller:
    user: Any  # the token's user, or AnonymousUser
    token: ApiToken | None

    @property
    def can_write(self) -> bool:
        return self.token is not None and self.token.can_write


def _limit(key: str) -> None:
    decision = api_rate_hit(key=key)
    if not decision.allowed:
        raise ApiProblem(
            status=429,
            code="rate_limited",
            detail=_(
                "Batas %(limit)s permintaan per menit terlampaui; coba lagi dalam "
                "%(seconds)s detik."
            )
            % {"limit": decision.limit, "seconds": decision.retry_after},
            headers={
                "Retry-After": str(decision.retry_after),
                "RateLimit-Limit": str(decision.limit),
                "RateLimit-Remaining": "0",
            },
        )


def api_caller(request: HttpRequest, *, required: bool) -> Caller:
    """The caller of an API request; sets `request.user` to the token's user."""
    header = request.headers.get("Authorization", "")
    if not header:
        if required:
            raise ApiProblem(
                status=401,
                code="token_missing",
                detail=_("Kirim token API di header Authorization: Bearer <token>."),
                headers={"WWW-Authenticate": BEARER_CHALLENGE},
            )
        _limit(f"ip:{client_ip(request)}")
        request.user = AnonymousUser()
        return Caller(user=request.user, token=None)
    scheme, _sep, raw = header.partition(" ")
    token = api_token_find(raw=raw.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise ApiProblem(
            status=401,
            code="token_invalid",
            detail=_("Token API tidak dikenal, sudah kedaluwarsa atau sudah dicabut."),
            headers={"WWW-Authenticate": f'{BEARER_CHALLENGE}, error="invalid_token"'},
        )
    _limit(f"token:{token.pk}")
    api_token_touch(token=token)
    request.user = token.user
    return Caller(user=token.user, token=token)


def require_write(caller: Caller) -> None:
    if not caller.can_write:
        raise ApiProblem(
            status=403,
            code="token_scope",
            detail=_("Token ini hanya untuk membaca; buat token dengan cakupan write."),
            headers={"WWW-Authenticate": f'{BEARER_CHALLENGE}, error="insufficient_scope"'},
        )


class TokenAuth(HttpBearer):
    """Django Ninja's bearer scheme (for the OpenAPI document), answered by `api_caller`."""

    def __call__(self, request: HttpRequest) -> Caller:
        return api_caller(request, required=True)

    def authenticate(self, request: HttpRequest, token: str) -> Caller:  # pragma: no cover
        return api_caller(request, required=True)
