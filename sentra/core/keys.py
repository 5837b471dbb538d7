"""Sentra's keys: the Django secret key and the data key that protects NIK and phone.

The environment wins (`SENTRA_SECRET_KEY`, `SENTRA_DATA_KEY`, `SENTRA_DATA_KEYS_RETIRED`):
that is how several hosts share them. Otherwise the keys live in the data directory
(`secret.key`, `data.key`, `data.key.retired`), created on first start with mode 0600 and
announced on stderr. No key lives in the source.

Read by the settings module, so nothing here may import Django's settings or models.
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

SECRET_FILE = "secret.key"  # noqa: S105 - a file name, not a secret
DATA_FILE = "data.key"
RETIRED_FILE = "data.key.retired"
PENDING_FILE = "data.key.new"  # written by `sentra keys rotate` before it commits


@dataclass(frozen=True)
class Keys:
    secret_key: str
    data_key: str
    retired: tuple[str, ...] = ()
    generated: tuple[Path, ...] = field(default_factory=tuple)
    data_key_from_env: bool = False


def new_key() -> str:
    return secrets.token_urlsafe(48)


def key_write(path: Path, value: str, *, exclusive: bool = True) -> bool:
    """Write a key file readable by its owner only. With `exclusive`, an existing file is
    kept (another process created it first) and False is returned."""
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(value + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, 0o600)
    return True


def _read(path: Path) -> list[str]:
    if not path.is_file():
        return []
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        sys.stderr.write(
            f"Sentra: PERINGATAN: {path} dapat dibaca pengguna lain (mode {mode:o}); "
            f"jalankan: chmod 600 {path}\n"
        )
    return [line.strip() for line in path.read_text(encoding="ascii").splitlines() if line.strip()]


def _file_key(data_dir: Path, name: str, generated: list[Path]) -> str:
    path = data_dir / name
    values = _read(path)
    if values:
        return values[0]
    if key_write(path, new_key()):
        generated.append(path)
    return _read(path)[0]


def keys_load(data_dir: Path) -> Keys:
    generated: list[Path] = []
    secret = os.environ.get("SENTRA_SECRET_KEY", "").strip()
    if not secret:
        secret = _file_key(data_dir, SECRET_FILE, generated)
    data = os.environ.get("SENTRA_DATA_KEY", "").strip()
    from_env = bool(data)
    if not data:
        data = _file_key(data_dir, DATA_FILE, generated)
    retired = [k.strip() for k in os.environ.get("SENTRA_DATA_KEYS_RETIRED", "").split(",")]
    retired += _read(data_dir / RETIRED_FILE) + _read(data_dir / PENDING_FILE)
    ring = tuple(dict.fromkeys(k for k in retired if k and k != data))
    for path in generated:
        sys.stderr.write(
            f"Sentra: kunci baru dibuat di {path} (hanya dapat dibaca pemiliknya). Simpan "
            "salinannya bersama cadangan: tanpa kunci data, NIK dan telepon tidak dapat "
            "dibaca kembali.\n"
        )
    return Keys(
        secret_key=secret,
        data_key=data,
        retired=ring,
        generated=tuple(generated),
        data_key_from_env=from_env,
    )
