"""Security basics: error pages show nothing from the request, CSRF is enforced, and the
production settings send secure cookies and security headers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver

from tests.registry_edit.conftest import client_for

SENTRA = str(Path(sys.executable).with_name("sentra"))
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_404_page_does_not_echo_the_requested_path(rudi_officer_rangkasbitung: Any) -> None:
    client = client_for(rudi_officer_rangkasbitung)
    response = client.get("/units/999999/edit/?nik=3602140101800001")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert "999999" not in html and "3602140101800001" not in html


@pytest.mark.django_db
def test_the_403_page_says_only_that_access_is_refused(ana_analyst: Any) -> None:
    response = client_for(ana_analyst).get("/pengguna/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_the_500_page_renders_without_a_request_context() -> None:
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Terjadi kesalahan" in html


@pytest.mark.django_db
def test_posts_without_a_csrf_token_are_refused(alice_admin: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice_admin)
    response = client.post("/pengguna/baru/", {"username": "x"})
    assert response.status_code == 403


def test_no_view_is_csrf_exempt() -> None:
    def walk(patterns: Any) -> list[Any]:
        out = []
        for p in patterns:
            out.extend(walk(p.url_patterns) if hasattr(p, "url_patterns") else [p.callback])
        return out

    def is_api(view: Any) -> bool:
        # Django Ninja's operation views are exempt: the JSON API accepts bearer tokens only,
        # never session cookies (tests/api/test_units.py checks that a session gets 401), so
        # no browser can be tricked into a cross-site write through it.
        return str(getattr(view, "__module__", "")).startswith("ninja.")

    exempt = [
        v
        for v in walk(get_resolver().url_patterns)
        if getattr(v, "csrf_exempt", False) and not is_api(v)
    ]
    assert exempt == []
    sources = [p for p in (ROOT / "sentra").rglob("*.py") if "csrf_exempt" in p.read_text()]
    assert sources == []


def test_behind_tls_it_sends_secure_cookies_hsts_and_security_headers(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SENTRA_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "SENTRA_BEHIND_TLS": "1",
            "SENTRA_SECRET_KEY": "k9#Vq2!pLm7@rT4$wZ8^yN1&bC6*eH3(jD5)fG0-sA_xU+oI=" * 2,
            "SENTRA_DATA_KEY": "a-long-random-key-for-personal-data-0987654321",
            "SENTRA_ALLOWED_HOSTS": "sentra.example",
            "SENTRA_DATA_DIR": str(tmp_path),
        }
    )
    script = (
        "import json;from django.conf import settings as s;from django.test import Client;"
        "from django.test.utils import override_settings;"
        # Only the manifest of collected static files is missing here; headers are the point.
        "plain={**s.STORAGES,'staticfiles':{'BACKEND':"
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}};"
        "ctx=override_settings(STORAGES=plain);ctx.enable();"
        "r=Client().get('/masuk/',secure=True,HTTP_HOST='sentra.example');"
        "print(json.dumps({'status':r.status_code,'headers':dict(r.headers),"
        "'csrf_secure':r.cookies['csrftoken']['secure'],"
        "'settings':{k:getattr(s,k) for k in ['SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE',"
        "'SESSION_COOKIE_HTTPONLY','SECURE_SSL_REDIRECT','SECURE_HSTS_SECONDS',"
        "'SESSION_COOKIE_AGE','X_FRAME_OPTIONS']}}))"
    )
    result = subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [SENTRA, "shell", "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["status"] == 200
    headers = data["headers"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert data["csrf_secure"] is True
    assert data["settings"] == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_AGE": 43200,
        "X_FRAME_OPTIONS": "DENY",
    }


@pytest.mark.django_db
def test_a_wrong_password_gets_one_plain_sentence_naming_the_field_once(
    alice_admin: Any,
) -> None:
    from django.test import Client

    html = Client().post("/masuk/", {"username": "alice", "password": "salah"}).content.decode()
    assert "Nama pengguna atau kata sandi salah." in html
    assert "nama pengguna nama pengguna" not in html.lower()
