"""Normalising business names so that "CV. Bambu Pasir Ona" and "bambu pasir ona" match."""

from __future__ import annotations

import re
import unicodedata

_LEGAL_PREFIX = re.compile(
    r"^(cv|ud|pt|pd|kub|kube|koperasi|kop|ukm|ikm|toko|home industri|home industry)\b\.?\s*",
    re.IGNORECASE,
)
_LEGAL_SUFFIX = re.compile(r"\s*,?\s*\b(cv|ud|pt|tbk)\.?$", re.IGNORECASE)


def business_match_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = text.strip()
    previous = None
    while previous != text:
        previous = text
        text = _LEGAL_PREFIX.sub("", text).strip()
        text = _LEGAL_SUFFIX.sub("", text).strip()
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()
