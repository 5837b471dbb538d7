"""Extension points configured in settings, so that earlier apps never import later ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


def extension_callables(setting: str) -> list[Callable[..., Any]]:
    """The callables named by a settings list of dotted paths, in order."""
    return [import_string(path) for path in getattr(settings, setting, [])]
