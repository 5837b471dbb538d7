"""Failures of the machine, not of the input: a missing, read-only, locked or unreachable
database, a full disk, a lost PostgreSQL connection. Each becomes one Indonesian sentence —
a non-zero exit for commands (`sentra.cli`), a 503 page for the web
(`sentra.core.middleware.FailureMiddleware`) — never a traceback. Transactions roll back,
and files are written through `write_atomic`, so nothing is left half-written.
"""

from __future__ import annotations

import errno
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, InterfaceError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Failure:
    code: str  # not_migrated, busy, read_only, disk_full, unreachable, missing
    message: str
    retry_after: int | None = None  # seconds, for a 503


def _text(exc: BaseException) -> str:
    parts = [str(exc)]
    cause = exc.__cause__ or exc.__context__
    if cause is not None:
        parts.append(str(cause))
    return " ".join(parts).lower()


def failure_for(exc: BaseException) -> Failure | None:
    """The Failure an exception stands for, or None when it is a bug (a real 500)."""
    text = _text(exc)
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return disk_full()
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return Failure(
            "read_only",
            _(
                "Sentra tidak dapat menulis ke folder datanya (hanya-baca atau tanpa izin). "
                "Tidak ada yang diubah; periksa izin folder data lalu coba lagi."
            ),
        )
    if not isinstance(exc, DatabaseError | InterfaceError):
        return None
    if "database or disk is full" in text or "no space left" in text or "could not extend" in text:
        return disk_full()
    if "database is locked" in text or "database table is locked" in text:
        return Failure(
            "busy",
            _(
                "Basis data sedang dipakai proses lain (misalnya impor besar). Tidak ada yang "
                "diubah; coba lagi sebentar lagi."
            ),
            retry_after=10,
        )
    if "readonly database" in text or "read-only transaction" in text:
        return Failure(
            "read_only",
            _(
                "Basis data hanya dapat dibaca saat ini, jadi perubahan tidak dapat disimpan. "
                "Tidak ada yang diubah; hubungi admin sistem."
            ),
            retry_after=60,
        )
    if "no such table" in text or ("relation" in text and "does not exist" in text):
        return not_migrated()
    if "unable to open database file" in text:
        return Failure(
            "missing",
            _(
                "Berkas basis data tidak dapat dibuka. Periksa folder data (SENTRA_DATA_DIR) "
                "lalu jalankan `sentra migrate`."
            ),
        )
    unreachable = (
        "connection refused",
        "could not connect",
        "server closed the connection",
        "terminating connection",
        "connection already closed",
        "the connection is closed",
        "connection timed out",
        "no route to host",
        "consuming input failed",
        "is the server running",
        "connection to server",
        "the database system is",
    )
    if isinstance(exc, InterfaceError) or any(marker in text for marker in unreachable):
        return Failure(
            "unreachable",
            _(
                "Sambungan ke server basis data terputus. Tidak ada yang diubah; coba lagi "
                "sebentar lagi atau hubungi admin sistem."
            ),
            retry_after=30,
        )
    if "disk i/o error" in text:
        return disk_full()
    return None


def disk_full() -> Failure:
    return Failure(
        "disk_full",
        _(
            "Ruang disk penuh, jadi data tidak dapat disimpan. Tidak ada yang diubah; "
            "kosongkan ruang disk lalu coba lagi."
        ),
        retry_after=60,
    )


def not_migrated() -> Failure:
    return Failure(
        "not_migrated",
        _(
            "Basis data Sentra belum disiapkan. Jalankan `sentra migrate` (atau `make run`) "
            "terlebih dahulu."
        ),
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file completely or not at all (a temporary file renamed into place): a full
    disk leaves the previous file, or none, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
