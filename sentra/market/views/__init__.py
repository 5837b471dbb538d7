"""Screens of the market: thin views that authorise, parse, call and render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def allowed(check: Callable[[Any], bool]) -> Callable[[View], View]:
    """Anonymous users go to the login page; signed-in users without the right get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


signed_in = allowed(lambda user: True)


def error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)
