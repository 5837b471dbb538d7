"""Interface language: Indonesian unless the user chose another language with the switch."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language: an office
    computer set up in English still shows Indonesian until someone presses "EN"."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


def failure_response(exc: BaseException) -> HttpResponse | None:
    """A 503 page (with the layout) for a machine failure, or None for a real bug."""
    from sentra.core.failures import failure_for

    failure = failure_for(exc)
    if failure is None:
        return None
    # Rendered without the request: the user's menu would need the database that failed.
    html = render_to_string("503.html", {"message": failure.message})
    response = HttpResponse(html, status=503)
    if failure.retry_after:
        response["Retry-After"] = str(failure.retry_after)
    response["Cache-Control"] = "no-store"
    return response


class FailureMiddleware:
    """A locked, read-only, full or unreachable database answers 503 with one Indonesian
    sentence and Retry-After, never a 500 with a traceback. The transaction of the request
    rolled back already, so nothing is half-written. (Failures in middleware run before a
    view reach `sentra.core.views.server_error`, which asks the same function.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        return failure_response(exc)
