"""Static files: compressed with hashed names once collected (`sentra serve` collects them),
plain names before that, so a report rendered by a command never fails on a missing
manifest."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False
    # CSS references are rewritten to hashed names; JavaScript is left alone: the vendored
    # libraries name source maps they do not ship, which would stop `collectstatic`.
    patterns = tuple(
        (glob, rules)
        for glob, rules in CompressedManifestStaticFilesStorage.patterns
        if glob != "*.js"
    )

    def url(self, name: Any, force: bool = False) -> str:
        try:
            return super().url(name, force)
        except ValueError:  # not collected yet: the file is served by name (finders)
            return StaticFilesStorage.url(self, name)
