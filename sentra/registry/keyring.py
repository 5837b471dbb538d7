"""Rotating the data key: NIK and phone re-encrypted (and NIK digests recomputed) under a new
key in one transaction, whichever known key they were written under — including the fixed
development key earlier versions used when no key was configured."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core import keys as keyfiles
from sentra.core import protect
from sentra.registry.models import Person

# The key earlier versions fell back to when none was configured. It was published with the
# source, so it protects nothing; it is kept only so that rotation can read data written
# under it and move that data to a real key. It never encrypts anything.
LEGACY_DEVELOPMENT_KEY = "django-insecure-development-only-key-not-for-production-use"
BATCH = 500
FIELDS = ["nik_encrypted", "nik_digest", "phone_encrypted"]


class KeyError_(Exception):
    """Rotation refused (nothing changed)."""


@dataclass(frozen=True)
class RotationReport:
    persons: int
    values: int
    legacy: int
    files: int
    key_file: Path | None


def _candidates() -> list[str]:
    keys = [settings.SENTRA_DATA_KEY, *getattr(settings, "SENTRA_DATA_KEYS_RETIRED", [])]
    return list(dict.fromkeys([*keys, LEGACY_DEVELOPMENT_KEY]))


def _decrypt_any(token: str, candidates: Iterable[str]) -> tuple[str, str]:
    for key in candidates:
        try:
            return protect.decrypt_with(token, key), key
        except InvalidToken:
            continue
    raise InvalidToken


def keys_need_rotation(*, sample: int = 50) -> bool:
    """Is any stored NIK or phone unreadable with the current data key (written under a
    retired or the old development key)? Checks the first and last persons only."""
    ids = list(Person.objects.exclude(nik_encrypted="").order_by("pk").values_list("pk", flat=True))
    picked = set(ids[:sample] + ids[-sample:])
    for nik, phone in Person.objects.filter(pk__in=picked).values_list(
        "nik_encrypted", "phone_encrypted"
    ):
        for token in (nik, phone):
            if not token:
                continue
            try:
                protect.decrypt_with(token, settings.SENTRA_DATA_KEY)
            except InvalidToken:
                return True
    return False


def _reencrypt_files(new: str, candidates: list[str]) -> int:
    media = Path(settings.MEDIA_ROOT)
    count = 0
    for path in sorted(media.rglob("*.enc")) if media.is_dir() else []:
        data = path.read_bytes()
        for key in candidates:
            try:
                clear = protect.fernet(key).decrypt(data)
            except InvalidToken:
                continue
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_bytes(protect.fernet(new).encrypt(clear))
            tmp.replace(path)
            count += 1
            break
    return count


def keys_rotate(*, new_key_file: Path | None = None) -> RotationReport:
    """Re-encrypt every NIK and phone under a new data key in one transaction. With keys in
    the data directory the new key replaces `data.key` (the old one is kept as retired, for
    uploads and backups written before); with the key in the environment the new key is
    written to `new_key_file` for the operator to install on every host."""
    data_dir = Path(settings.DATA_DIR)
    from_env = bool(getattr(settings, "SENTRA_DATA_KEY_FROM_ENV", False))
    if from_env and new_key_file is None:
        raise KeyError_(
            _(
                "Kunci data berasal dari variabel lingkungan SENTRA_DATA_KEY. Berikan "
                "--new-key-file BERKAS untuk menyimpan kunci baru, lalu pasang kunci itu di "
                "semua host."
            )
        )
    new = keyfiles.new_key()
    candidates = _candidates()
    pending = new_key_file or data_dir / keyfiles.PENDING_FILE
    # Written before the commit: if the process dies after it, the new key is still known
    # (the data directory's pending key is read as a retired key on the next start).
    keyfiles.key_write(pending, new, exclusive=False)
    persons = values = legacy = 0
    try:
        with transaction.atomic():
            batch: list[Person] = []
            rows = (
                Person.objects.select_for_update()
                .exclude(nik_encrypted="")
                .only("pk", "nik_encrypted", "phone_encrypted", "nik_digest")
                .order_by("pk")
            )
            for person in rows.iterator(chunk_size=2000):
                try:
                    nik, used = _decrypt_any(person.nik_encrypted, candidates)
                    phone, used_phone = (
                        _decrypt_any(person.phone_encrypted, candidates)
                        if person.phone_encrypted
                        else ("", "")
                    )
                except InvalidToken:
                    raise KeyError_(
                        _(
                            "NIK atau telepon pelaku usaha id %(id)s tidak dapat dibaca dengan "
                            "kunci mana pun yang dikenal; tidak ada yang diubah."
                        )
                        % {"id": person.pk}
                    ) from None
                legacy += LEGACY_DEVELOPMENT_KEY in (used, used_phone)
                person.nik_encrypted = protect.encrypt_with(nik, new)
                person.nik_digest = protect.digest(nik, key_material=new)
                values += 1
                if phone:
                    person.phone_encrypted = protect.encrypt_with(phone, new)
                    values += 1
                batch.append(person)
                persons += 1
                if len(batch) >= BATCH:
                    Person.objects.bulk_update(
                        batch, ["nik_encrypted", "nik_digest", "phone_encrypted"]
                    )
                    batch = []
            if batch:
                Person.objects.bulk_update(
                    batch, ["nik_encrypted", "nik_digest", "phone_encrypted"]
                )
    except BaseException:
        if new_key_file is None:
            pending.unlink(missing_ok=True)
        raise
    files = _reencrypt_files(new, candidates)
    key_file: Path | None = new_key_file
    if not from_env:
        old = settings.SENTRA_DATA_KEY
        retired_path = data_dir / keyfiles.RETIRED_FILE
        retired = [k for k in [old, *getattr(settings, "SENTRA_DATA_KEYS_RETIRED", [])] if k != new]
        keyfiles.key_write(retired_path, "\n".join(dict.fromkeys(retired)), exclusive=False)
        pending.replace(data_dir / keyfiles.DATA_FILE)
        key_file = data_dir / keyfiles.DATA_FILE
    settings.SENTRA_DATA_KEYS_RETIRED = [
        settings.SENTRA_DATA_KEY,
        *settings.SENTRA_DATA_KEYS_RETIRED,
    ]
    settings.SENTRA_DATA_KEY = new
    return RotationReport(
        persons=persons, values=values, legacy=legacy, files=files, key_file=key_file
    )
