"""The API's interface language: the web's choice (the language cookie) when the caller made
one, else the caller's Accept-Language (scripts state it there), else Indonesian."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"


def accept_language(header: str, supported: set[str]) -> str | None:
    """The supported language the header prefers most ("en-GB,en;q=0.8" → "en")."""
    best: tuple[float, str] | None = None
    for position, part in enumerate(header.split(",")[:20]):
        tag, _sep, params = part.strip().partition(";")
        language = tag.strip().lower().split("-")[0]
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if language in supported and quality > 0:
            candidate = (quality - position * 1e-6, language)
            if best is None or candidate > best:
                best = candidate
    return best[1] if best else None


class ApiLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else None
        language = language or accept_language(
            request.headers.get("Accept-Language", ""), self.supported
        )
        language = language or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language",))
        return response
