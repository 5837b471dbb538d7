"""Normalising business names so that "CV. Bambu Pasir Ona" and "bambu pasir ona" match."""

from __future__ import annotations

import re
import unicodedata

_LEGAL = r"(cv|ud|pt|pd|kub|kube|koperasi|kop|ukm|ikm|toko|home industri|home industry|tbk)"
_PREFIX = re.compile(rf"^{_LEGAL} (?=\S)")
_SUFFIX = re.compile(rf"(?<=\S) {_LEGAL}$")


def business_match_name(name: str) -> str:
    """Lower case ASCII words separated by one space, without legal-form prefixes or suffixes.

    Punctuation becomes spaces first, so the result is a fixed point: normalising it again
    changes nothing. A name that is only a legal form ("CV") is kept rather than emptied."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text)
        text = _SUFFIX.sub("", text)
    return text


def product_match_name(name: str) -> str:
    """A product name reduced for matching: lower case ASCII words ("GULA AREN, cetak" →
    "gula aren cetak")."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[0-9a-z]+", text.lower()))
