"""Backup and restore of a whole Sentra: the database (SQLite's online backup API, or
pg_dump), the keys a restore needs and the uploaded files, in one archive encrypted with
the passphrase in SENTRA_BACKUP_PASSPHRASE.

Archive format: `SENTRA-BACKUP 1` header, a random salt, then chunks of a tar file, each
encrypted with AES-256-GCM under a key derived from the passphrase with scrypt; each chunk's
nonce and associated data carry its number and whether it is the last, so a chunk removed,
reordered or cut off is detected. The tar holds manifest.json (row counts per table, the
audit chain's length), keys.json, the database and media/.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from sentra.core import keys as keyfiles

MAGIC = b"SENTRA-BACKUP 1\n"
CHUNK = 4 * 1024 * 1024
SCRYPT_N = 2**15
PASSPHRASE_ENV = "SENTRA_BACKUP_PASSPHRASE"  # noqa: S105 - the variable's name
MIN_PASSPHRASE = 12


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    tables: int
    rows: int
    files: int
    size: int


def passphrase() -> bytes:
    value = os.environ.get(PASSPHRASE_ENV, "")
    if len(value) < MIN_PASSPHRASE:
        raise BackupError(
            _(
                "Isi SENTRA_BACKUP_PASSPHRASE dengan frasa sandi cadangan (minimal %(n)s "
                "karakter). Tanpa frasa itu cadangan tidak dapat dipulihkan: simpan di tempat "
                "lain dari cadangannya."
            )
            % {"n": MIN_PASSPHRASE}
        )
    return value.encode("utf-8")


def _key(secret: bytes, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=8, p=1).derive(secret)


def _nonce(prefix: bytes, number: int) -> bytes:
    return prefix + struct.pack(">I", number)


def _encrypt_stream(source: BinaryIO, target: BinaryIO, secret: bytes) -> None:
    salt, prefix = os.urandom(16), os.urandom(8)
    cipher = AESGCM(_key(secret, salt))
    target.write(MAGIC + salt + prefix)
    number = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        aad = struct.pack(">I?", number, last)
        sealed = cipher.encrypt(_nonce(prefix, number), chunk, aad)
        target.write(struct.pack(">I", len(sealed)) + sealed)
        if last:
            return
        number += 1
        chunk = following


def _decrypt_stream(source: BinaryIO, target: BinaryIO, secret: bytes) -> None:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError(_("Berkas ini bukan cadangan Sentra."))
    salt, prefix = source.read(16), source.read(8)
    cipher = AESGCM(_key(secret, salt))
    number = 0
    while True:
        head = source.read(4)
        if len(head) < 4:
            raise BackupError(_("Cadangan ini terpotong (bagian akhirnya hilang)."))
        sealed = source.read(struct.unpack(">I", head)[0])
        for last in (False, True):
            try:
                clear = cipher.decrypt(
                    _nonce(prefix, number), sealed, struct.pack(">I?", number, last)
                )
            except InvalidTag:
                continue
            target.write(clear)
            if last:
                if source.read(1):
                    raise BackupError(_("Cadangan ini berisi data tambahan yang tidak sah."))
                return
            break
        else:
            raise BackupError(
                _("Frasa sandi salah, atau cadangan ini rusak atau diubah (bagian %(n)s).")
                % {"n": number + 1}
            )
        number += 1


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(n for n in names if not n.startswith("sqlite_"))


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(tool)s tidak ditemukan; pasang paket postgresql-client.") % {"tool": name}
        )
    return path


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(db.get("HOST") or ""),
            "PGPORT": str(db.get("PORT") or ""),
            "PGUSER": str(db.get("USER") or ""),
            "PGPASSWORD": str(db.get("PASSWORD") or ""),
            "PGDATABASE": str(db["NAME"]),
        }
    )
    return {k: v for k, v in env.items() if v != ""}


def _dump_database(folder: Path) -> str:
    if connection.vendor == "sqlite":
        target = folder / "sentra.sqlite3"
        connection.ensure_connection()
        raw = connection.connection
        out = sqlite3.connect(target)
        try:
            raw.backup(out)  # SQLite's online backup API: a consistent copy while in use
        finally:
            out.close()
        return target.name
    target = folder / "sentra.pgdump"
    subprocess.run(  # noqa: S603 - the PostgreSQL client tools, found on PATH, our own arguments
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
        ],
        env=_pg_env(),
        check=True,
        capture_output=True,
    )
    return target.name


def _keys() -> dict[str, Any]:
    return {
        "secret_key": settings.SECRET_KEY,
        "data_key": settings.SENTRA_DATA_KEY,
        "retired": list(getattr(settings, "SENTRA_DATA_KEYS_RETIRED", [])),
    }


def backup_create(*, out: Path) -> BackupReport:
    """Write an encrypted backup of the database, keys and uploads to `out` (atomically)."""
    secret = passphrase()
    from sentra.core.audit import audit_verify

    with tempfile.TemporaryDirectory(prefix="sentra-backup-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o700)
        counts = table_counts()
        database = _dump_database(folder)
        media = Path(settings.MEDIA_ROOT)
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
        manifest = {
            "format": 1,
            "created_at": datetime.now(UTC).isoformat(),
            "engine": connection.vendor,
            "database": database,
            "tables": counts,
            "audit_rows": audit_verify().rows,
            "files": [str(p.relative_to(media)) for p in files],
        }
        plain = folder / "backup.tar"
        with tarfile.open(plain, "w") as tar:
            for name, data in (
                ("manifest.json", json.dumps(manifest, indent=2).encode()),
                ("keys.json", json.dumps(_keys()).encode()),
            ):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(data))
            tar.add(folder / database, arcname=database)
            for path in files:
                tar.add(path, arcname=f"media/{path.relative_to(media)}")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f".{out.name}.partial")
        try:
            with plain.open("rb") as source, partial.open("wb") as target:
                os.chmod(partial, 0o600)
                _encrypt_stream(source, target, secret)
                target.flush()
                os.fsync(target.fileno())
            partial.replace(out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupReport(
        path=out,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(files),
        size=out.stat().st_size,
    )


def _database_is_empty() -> bool:
    if connection.vendor == "sqlite":
        name = Path(str(settings.DATABASES["default"]["NAME"]))
        if not name.exists():
            return True
    return not _tables()


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int
    audit_ok: bool


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(_("Cadangan ini berisi jalur berkas yang tidak sah."))
        yield member


def backup_restore(*, source: Path) -> RestoreReport:
    """Restore a backup into this (empty) data directory and database, then verify it:
    the row count of every table against the manifest and the audit chain."""
    secret = passphrase()
    if not _database_is_empty():
        raise BackupError(
            _(
                "Basis data tujuan tidak kosong. Pulihkan ke folder data (SENTRA_DATA_DIR) atau "
                "basis data PostgreSQL yang baru dan kosong."
            )
        )
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(p.is_file() for p in media.rglob("*")):
        raise BackupError(_("Folder media tujuan tidak kosong; pulihkan ke folder data baru."))
    with tempfile.TemporaryDirectory(prefix="sentra-restore-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o700)
        plain = folder / "backup.tar"
        with source.open("rb") as encrypted, plain.open("wb") as target:
            _decrypt_stream(encrypted, target, secret)
        extracted = folder / "x"
        with tarfile.open(plain) as tar:
            members = list(_members(tar))
            tar.extractall(extracted, members=members, filter="data")
        manifest = json.loads((extracted / "manifest.json").read_text())
        restored_keys = json.loads((extracted / "keys.json").read_text())
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                _("Cadangan ini dari basis data %(engine)s; pulihkan ke jenis yang sama.")
                % {"engine": manifest["engine"]}
            )
        _restore_keys(restored_keys)
        _restore_database(extracted / manifest["database"])
        for relative in manifest["files"]:
            target_path = media / relative
            target_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(extracted / "media" / relative, target_path)
    counts = table_counts()
    differing = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if differing:
        raise BackupError(
            _("Pemulihan tidak lengkap: jumlah baris berbeda pada %(tables)s.")
            % {"tables": ", ".join(sorted(differing))}
        )
    from sentra.core.audit import audit_verify

    chain = audit_verify()
    return RestoreReport(
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(manifest["files"]),
        audit_ok=chain.ok and chain.rows == manifest["audit_rows"],
    )


def _restore_keys(restored: dict[str, Any]) -> None:
    """Install the backup's keys: files in the data directory, and this process's settings.
    Keys given in the environment must be the backup's (several hosts share them)."""
    data_dir = Path(settings.DATA_DIR)
    if getattr(settings, "SENTRA_DATA_KEY_FROM_ENV", False):
        if restored["data_key"] != settings.SENTRA_DATA_KEY:
            raise BackupError(
                _(
                    "SENTRA_DATA_KEY di lingkungan berbeda dari kunci dalam cadangan; hapus "
                    "variabel itu atau isi dengan kunci cadangan."
                )
            )
    else:
        keyfiles.key_write(data_dir / keyfiles.DATA_FILE, restored["data_key"], exclusive=False)
        if restored["retired"]:
            keyfiles.key_write(
                data_dir / keyfiles.RETIRED_FILE, "\n".join(restored["retired"]), exclusive=False
            )
    if not os.environ.get("SENTRA_SECRET_KEY"):
        keyfiles.key_write(data_dir / keyfiles.SECRET_FILE, restored["secret_key"], exclusive=False)
    settings.SENTRA_DATA_KEY = restored["data_key"]
    settings.SENTRA_DATA_KEYS_RETIRED = list(restored["retired"])


def _restore_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        name = Path(str(settings.DATABASES["default"]["NAME"]))
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        source = sqlite3.connect(dump)
        target = sqlite3.connect(name)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        os.chmod(name, 0o600)
        return
    connection.close()
    result = subprocess.run(  # noqa: S603 - pg_restore with our own arguments
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            str(settings.DATABASES["default"]["NAME"]),
            str(dump),
        ],
        env=_pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            _("pg_restore gagal; basis data tujuan tidak diubah: %(error)s")
            % {"error": result.stderr.strip()[-500:]}
        )
