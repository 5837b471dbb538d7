"""Protection of personal identifiers at rest: encryption, lookup digests and masks."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings

MASK = "•"


@lru_cache(maxsize=4)
def _fernet(key_material: str) -> Fernet:
    key = hashlib.sha256(("sentra-fernet:" + key_material).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _digest_key() -> bytes:
    return hashlib.sha256(("sentra-digest:" + settings.SENTRA_DATA_KEY).encode()).digest()


def encrypt(value: str) -> str:
    return _fernet(settings.SENTRA_DATA_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(settings.SENTRA_DATA_KEY).decrypt(token.encode()).decode()


def digest(value: str) -> str:
    """A keyed digest: equal values match without the value being stored in clear."""
    return hmac.new(_digest_key(), value.encode(), hashlib.sha256).hexdigest()


def mask_nik(nik: str) -> str:
    """`3602••••••••0001`: region and serial stay readable, birth date and sex do not."""
    if len(nik) != 16:
        return MASK * len(nik)
    return f"{nik[:4]}{MASK * 8}{nik[-4:]}"


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if len(digits) <= 6:  # shorter values would show every digit (4 leading + 2 trailing)
        return MASK * len(digits)
    return f"{digits[:4]}{MASK * (len(digits) - 6)}{digits[-2:]}"
