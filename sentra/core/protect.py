"""Protection of personal identifiers at rest: encryption, lookup digests and masks."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

MASK = "•"


@lru_cache(maxsize=4)
def _fernet(key_material: str) -> Fernet:
    key = hashlib.sha256(("sentra-fernet:" + key_material).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(value: str) -> str:
    return _fernet(settings.SENTRA_DATA_KEY).encrypt(value.encode()).decode()


def fernet(key_material: str) -> Fernet:
    """The cipher for one key (rotation and backups read and write with named keys)."""
    return _fernet(key_material)


@lru_cache(maxsize=4)
def _ring(primary: str, retired: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet(key) for key in (primary, *retired)])


def decrypt(token: str) -> str:
    """Decrypt with the data key, or a retired one (data written before a rotation)."""
    retired = tuple(getattr(settings, "SENTRA_DATA_KEYS_RETIRED", ()))
    return _ring(settings.SENTRA_DATA_KEY, retired).decrypt(token.encode()).decode()


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt a file's content (uploads waiting in the data directory)."""
    return _fernet(settings.SENTRA_DATA_KEY).encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    retired = tuple(getattr(settings, "SENTRA_DATA_KEYS_RETIRED", ()))
    return _ring(settings.SENTRA_DATA_KEY, retired).decrypt(token)


def digest(value: str, *, key_material: str | None = None) -> str:
    """A keyed digest: equal values match without the value being stored in clear."""
    material = settings.SENTRA_DATA_KEY if key_material is None else key_material
    key = hashlib.sha256(("sentra-digest:" + material).encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def encrypt_with(value: str, key_material: str) -> str:
    return _fernet(key_material).encrypt(value.encode()).decode()


def decrypt_with(token: str, key_material: str) -> str:
    return _fernet(key_material).decrypt(token.encode()).decode()


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
