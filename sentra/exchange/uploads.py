"""Uploads waiting between preview and confirmation: encrypted at rest with the data key
(`<token>.<suffix>.enc`, mode 0600), decrypted only into a private work file for as long as
the importer reads it, and swept away when a run ends, fails, expires or was abandoned."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from sentra.core import protect
from sentra.core.failures import write_atomic
from sentra.core.numbers import format_number
from sentra.exchange.limits import ImportRefused, Limits
from sentra.exchange.models import ImportRun, RunStatus
from sentra.exchange.runs import imports_dir

SUFFIXES = {".xlsx", ".csv", ".txt", ".json", ".xls", ".xlsm"}
ENCRYPTED = ".enc"
# A work file or an unreferenced upload older than this belongs to a crashed request.
ABANDONED_AFTER = 60 * 60


def work_dir() -> Path:
    """Private folder for clear copies while the importer reads them (outside the imports
    folder, so that folder only ever holds encrypted files)."""
    path = Path(getattr(settings, "FILE_UPLOAD_TEMP_DIR", None) or imports_dir().parent / "tmp")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def too_large(size: int, limits: Limits) -> ImportRefused:
    return ImportRefused(
        "file_too_large",
        _("Berkas ditolak: ukuran berkas (byte) %(value)s melebihi batas %(limit)s.")
        % {"value": format_number(size), "limit": format_number(limits.max_bytes)},
    )


def upload_store(chunks: Iterable[bytes], *, name: str, limits: Limits) -> str:
    """Encrypt an upload into the imports folder; returns its stored name. The bytes
    actually received count, not a declared size."""
    data = bytearray()
    for chunk in chunks:
        data += chunk
        if len(data) > limits.max_bytes:
            raise too_large(len(data), limits)
    suffix = Path(name).suffix.lower()
    stored = secrets.token_hex(16) + (suffix if suffix in SUFFIXES else ".bin") + ENCRYPTED
    target = imports_dir() / stored
    write_atomic(target, protect.encrypt_bytes(bytes(data)))
    os.chmod(target, 0o600)
    return stored


def upload_store_file(upload: UploadedFile, *, limits: Limits) -> str:
    return upload_store(upload.chunks(), name=upload.name or "", limits=limits)


@contextmanager
def upload_open(stored: str) -> Iterator[Path]:
    """The upload in clear, in a private work file that is removed afterwards."""
    source = imports_dir() / stored
    if not stored.endswith(ENCRYPTED):  # written by an earlier version, never encrypted
        yield source
        return
    clear = protect.decrypt_bytes(source.read_bytes())
    suffix = Path(stored[: -len(ENCRYPTED)]).suffix
    path = work_dir() / f"{secrets.token_hex(16)}{suffix}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(clear)
        yield path
    finally:
        path.unlink(missing_ok=True)


def uploads_sweep(*, now: float | None = None, older_than: int = ABANDONED_AFTER) -> int:
    """Remove uploads no waiting run refers to, work files, and Django's temporary upload
    files of crashed requests, once older than `older_than` seconds. Returns files removed."""
    now = time.time() if now is None else now
    waiting = set(
        ImportRun.objects.filter(
            status__in=[RunStatus.QUEUED, RunStatus.PREVIEW, RunStatus.RUNNING]
        )
        .exclude(stored_name="")
        .values_list("stored_name", flat=True)
    )
    removed = 0
    for folder in (imports_dir(), work_dir()):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if not path.is_file() or path.name in waiting:
                continue
            try:
                old = now - path.stat().st_mtime > older_than
            except FileNotFoundError:
                continue
            if old:
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def uploads_retention(*, now: Any) -> dict[str, int]:
    """Expired previews and crashed runs closed, their uploads and any abandoned upload or
    work file deleted (scheduled by `sentra privacy retention`)."""
    from sentra.exchange.runs import run_reap_stale

    runs = run_reap_stale(now=now)
    return {"import_runs_closed": runs, "uploads": uploads_sweep(now=now.timestamp())}
