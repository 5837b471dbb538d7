"""`may` in every template: the permission policy's capabilities of the current user, so that
menus and buttons show only what the user may open (`{% if may.import_units %}`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from sentra.accounts.scope import scope


def policy(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {"may": SimpleLazyObject(lambda: scope(user).flags())}
