"""Screens of the programs app: thin views that authorise, parse, call and render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse

from sentra.programs.rules import is_admin, is_staff

View = Callable[..., HttpResponse]


def _guard(check: Callable[[Any], bool]) -> Callable[[View], View]:
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


staff_required = _guard(is_staff)
admin_required = _guard(is_admin)


def login_only(view: View) -> View:
    return _guard(lambda user: True)(view)


def error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)
