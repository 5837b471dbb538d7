"""Session lifetime: log out after 30 minutes without a request or 12 hours after login."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record

IDLE_SECONDS = 30 * 60
ABSOLUTE_SECONDS = 12 * 60 * 60
LOGIN_AT = "sentra_login_at"
SEEN_AT = "sentra_seen_at"
# Writing the session on every request would cost a database write each time; a minute of
# slack on a 30-minute idle limit is harmless.
TOUCH_EVERY = 60


def session_start(request: HttpRequest, now: float | None = None) -> None:
    """Stamp a fresh login (the login view calls this right after `login()`)."""
    now = time.time() if now is None else now
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            login_at = request.session.get(LOGIN_AT)
            seen_at = request.session.get(SEEN_AT)
            if login_at is None or seen_at is None:
                session_start(request, now)
            elif now - seen_at > IDLE_SECONDS or now - login_at > ABSOLUTE_SECONDS:
                reason = "idle" if now - seen_at > IDLE_SECONDS else "absolute"
                audit_record(
                    actor=user,
                    action="session.expired",
                    object_type="accounts.user",
                    object_id=str(user.pk),
                    summary=reason,
                )
                logout(request)
                messages.info(request, _("Sesi Anda berakhir. Silakan masuk kembali."))
                login_url = resolve_url(settings.LOGIN_URL)
                target = request.get_full_path() if request.method == "GET" else "/"
                return HttpResponseRedirect(f"{login_url}?next={quote(target)}")
            elif now - seen_at > TOUCH_EVERY:
                request.session[SEEN_AT] = now
        return self.get_response(request)
