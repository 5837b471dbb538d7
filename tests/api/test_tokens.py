"""API tokens: only a digest is stored, scopes, expiry, revocation from the user's page, the
`sentra api-token` command and the per-token rate limit shared through the database."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from typing import Any
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from sentra.api.models import ApiRateWindow, ApiToken
from sentra.api.services import api_rate_hit
from sentra.core.models import AuditLog
from tests.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db


def test_only_a_digest_of_the_token_is_stored(alice_admin: Any) -> None:
    raw = make_token(alice_admin)
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.values().get().values()]
    assert raw not in stored
    assert all(raw not in str(row.after) + row.summary for row in AuditLog.objects.all())


def test_the_command_prints_the_token_as_its_last_word_and_it_works(alice_admin: Any) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", user="alice", scope="read", days=7, stdout=out, stderr=err)
    last_word = out.getvalue().split()[-1]
    assert last_word.startswith("sentra_")
    token = ApiToken.objects.get()
    assert token.scope == "read"
    assert timedelta(days=6) < token.expires_at - timezone.now() <= timedelta(days=7)
    assert Client().get("/api/v1/units/", **bearer(last_word)).status_code == 200


def test_the_command_refuses_an_unknown_user_and_a_too_long_validity(alice_admin: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="tidak ada"):
        call_command("api_token", user="nobody", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="antara 1 dan 366"):
        call_command(
            "api_token", user="alice", days=999, stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert ApiToken.objects.count() == 0


def test_an_expired_token_answers_401(alice_admin: Any) -> None:
    raw = make_token(alice_admin)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get("/api/v1/units/", **bearer(raw))
    assert response.status_code == 401
    assert response.json()["type"] == "urn:sentra:problem:token_invalid"
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_token_of_a_deactivated_user_answers_401(alice_admin: Any) -> None:
    raw = make_token(alice_admin)
    alice_admin.is_active = False
    alice_admin.save()
    assert Client().get("/api/v1/units/", **bearer(raw)).status_code == 401


def test_a_user_revokes_their_token_on_their_page_and_it_stops_working(omar_owner: Any) -> None:
    client = Client()
    client.force_login(omar_owner)
    page = client.post("/akun/token-api/", {"name": "skrip", "scope": "read", "days": 30})
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    raw = page.context["issued"].raw
    assert raw in page.content.decode()
    assert Client().get("/api/v1/units/", **bearer(raw)).status_code == 200
    token = ApiToken.objects.get()
    assert client.post(f"/akun/token-api/{token.pk}/cabut/").status_code == 302
    assert Client().get("/api/v1/units/", **bearer(raw)).status_code == 401
    assert AuditLog.objects.filter(action="api_token.revoke", actor=omar_owner).count() == 1
    listing = client.get("/akun/token-api/").content.decode()
    assert raw not in listing  # shown once only
    assert token.prefix in listing


def test_a_user_may_not_revoke_another_users_token(omar_owner: Any, olga_owner: Any) -> None:
    make_token(omar_owner)
    token = ApiToken.objects.get()
    client = Client()
    client.force_login(olga_owner)
    assert client.post(f"/akun/token-api/{token.pk}/cabut/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_the_rate_limit_answers_429_with_retry_after(alice_admin: Any, settings: Any) -> None:
    settings.SENTRA_API_RATE_LIMIT = 3
    raw = make_token(alice_admin)
    other = make_token(alice_admin)
    client = Client()
    # One fixed instant, 30 s into a minute, so the calls cannot straddle a minute boundary.
    frozen = timezone.now().replace(second=30, microsecond=0)
    with patch("django.utils.timezone.now", return_value=frozen):
        statuses = [client.get("/api/v1/units/", **bearer(raw)).status_code for _ in range(3)]
        refused = client.get("/api/v1/units/", **bearer(raw))
        other_token = client.get("/api/v1/units/", **bearer(other))
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert refused.json()["type"] == "urn:sentra:problem:rate_limited"
    assert other_token.status_code == 200  # each token has its own count


def test_the_rate_count_lives_in_the_database_shared_by_every_process(
    alice_admin: Any, settings: Any
) -> None:
    settings.SENTRA_API_RATE_LIMIT = 2
    now = timezone.now().replace(second=10)
    assert api_rate_hit(key="token:1", now=now).allowed
    assert api_rate_hit(key="token:1", now=now).allowed
    assert ApiRateWindow.objects.get(key="token:1").count == 2
    refused = api_rate_hit(key="token:1", now=now)
    assert not refused.allowed
    assert refused.retry_after == 50
    assert api_rate_hit(key="token:1", now=now + timedelta(minutes=1)).allowed  # a new minute
