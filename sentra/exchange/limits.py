"""Checks made before a file is parsed: size, type, zip members, uncompressed size, XML
entities, rows and columns. Each refusal names the limit and the value found."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from sentra.core.numbers import format_number

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
CHUNK = 1 << 20


class ImportRefused(Exception):
    """The file cannot be used at all (exit status 2)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    max_zip_members: int = 100
    max_uncompressed: int = 150 * 1024 * 1024
    max_rows: int = 50_000
    max_columns: int = 100
    # Rows × columns within the limits could still mean millions of cells in memory.
    max_cells: int = 2_000_000

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(**getattr(settings, "SENTRA_IMPORT_LIMITS", {}))


def _n(value: int) -> str:
    return format_number(value)


def _too_many(code: str, what: str, value: int, limit: int) -> ImportRefused:
    return ImportRefused(
        code,
        _("Berkas ditolak: %(what)s %(value)s melebihi batas %(limit)s.")
        % {"what": what, "value": _n(value), "limit": _n(limit)},
    )


def file_kind(path: Path, *, name: str, limits: Limits) -> str:
    """ "xlsx", "csv" or "json" after checking the name, the size and the first bytes."""
    suffix = Path(name).suffix.lower()
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise _too_many("file_too_large", _("ukuran berkas (byte)"), size, limits.max_bytes)
    if suffix in {".xls", ".xlsm", ".xlsb", ".ods"}:
        raise ImportRefused(
            "format_unsupported",
            _(
                "Format %(suffix)s tidak didukung. Simpan berkas sebagai Excel Workbook (.xlsx) "
                "atau CSV lalu unggah lagi."
            )
            % {"suffix": suffix},
        )
    if suffix not in {".xlsx", ".csv", ".txt", ".json"}:
        raise ImportRefused(
            "format_unsupported",
            _("Hanya berkas .xlsx, .csv atau .json (ekspor Sentra) yang dapat diimpor."),
        )
    with path.open("rb") as fh:
        head = fh.read(8192)
    if suffix == ".json":
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"[", b"{")):
            raise ImportRefused(
                "file_mismatch", _("Berkas ini bukan berkas JSON ekspor Sentra (daftar unit).")
            )
        return "json"
    if head.startswith(OLE_MAGIC):
        raise ImportRefused(
            "file_mismatch",
            _(
                "Isi berkas ini adalah format Excel lama (.xls), bukan %(suffix)s. Simpan ulang "
                "sebagai Excel Workbook (.xlsx)."
            )
            % {"suffix": suffix},
        )
    if suffix == ".xlsx":
        if not head.startswith(ZIP_MAGIC):
            raise ImportRefused(
                "file_mismatch",
                _("Berkas ini bukan berkas .xlsx yang sah (isinya bukan lembar kerja Excel)."),
            )
        return "xlsx"
    if head.startswith(ZIP_MAGIC) or b"\x00" in head:
        raise ImportRefused(
            "file_mismatch", _("Berkas ini bukan berkas teks CSV (isinya data biner).")
        )
    return "csv"


_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"([0-9]+)\"")
_CELL_COLUMN = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]+)[0-9]")
_ENTITY = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")


def _broken() -> ImportRefused:
    return ImportRefused(
        "file_mismatch", _("Berkas ini bukan berkas .xlsx yang sah (arsip rusak).")
    )


def _member_bytes(fh: BinaryIO, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The bytes a member really holds, decompressed by us from the compressed data the
    central directory points to, in chunks of at most 1 MiB. Its declared uncompressed size
    (and CRC) are not trusted: a spreadsheet reader would read every byte of the stream."""
    if member.flag_bits & 0x1:
        raise ImportRefused(
            "file_mismatch", _("Berkas ini bukan berkas .xlsx yang sah (arsip terenkripsi).")
        )
    fh.seek(member.header_offset)
    header = fh.read(30)
    if len(header) != 30 or header[:4] != ZIP_MAGIC:
        raise _broken()
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    fh.seek(member.header_offset + 30 + name_length + extra_length)
    remaining = member.compress_size
    if member.compress_type == zipfile.ZIP_STORED:
        while remaining > 0:
            chunk = fh.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise ImportRefused(
            "file_mismatch",
            _("Berkas ini bukan berkas .xlsx yang sah (cara kompresi tidak dikenal)."),
        )
    inflate = zlib.decompressobj(-15)
    try:
        while remaining > 0 and not inflate.eof:
            raw = fh.read(min(CHUNK, remaining))
            if not raw:
                break
            remaining -= len(raw)
            data = inflate.decompress(raw, CHUNK)
            while data:
                yield data
                data = inflate.decompress(inflate.unconsumed_tail, CHUNK)
        tail = inflate.flush()
        if tail:
            yield tail
    except zlib.error:
        raise _broken() from None


def xlsx_check(path: Path, *, limits: Limits) -> None:
    """Open the zip without trusting it: count members, decompress every member ourselves
    with a cap on the bytes actually produced (declared sizes and names may lie), refuse
    DTDs/entities (billion laughs) and count rows, columns and cells in every member — a
    worksheet part need not be named *.xml to be read as one."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _broken() from None
    with archive, path.open("rb") as fh:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            raise _too_many(
                "zip_members", _("jumlah anggota arsip"), len(members), limits.max_zip_members
            )
        declared = sum(m.file_size for m in members)
        if declared > limits.max_uncompressed:
            raise _too_many(
                "zip_uncompressed",
                _("ukuran setelah diekstrak (byte)"),
                declared,
                limits.max_uncompressed,
            )
        names = {m.filename for m in members}
        if "xl/vbaProject.bin" in names:
            raise ImportRefused(
                "format_unsupported",
                _(
                    "Berkas berisi makro (.xlsm). Simpan sebagai Excel Workbook (.xlsx) "
                    "tanpa makro."
                ),
            )
        if "xl/workbook.xml" not in names:
            raise ImportRefused(
                "file_mismatch", _("Berkas ini bukan berkas .xlsx yang sah (tidak ada workbook).")
            )
        total = 0
        try:
            for member in members:
                total = _member_check(fh, member, total, limits)
        except (OSError, EOFError, struct.error, ValueError):
            raise _broken() from None


def _member_check(fh: BinaryIO, member: zipfile.ZipInfo, total: int, limits: Limits) -> int:
    """Scan one member; returns the uncompressed bytes counted so far over all members."""
    max_row = rows = max_col = cells = 0
    tail = b""
    first = True
    for chunk in _member_bytes(fh, member):
        total += len(chunk)
        if total > limits.max_uncompressed:
            raise _too_many(
                "zip_uncompressed",
                _("ukuran setelah diekstrak (byte)"),
                total,
                limits.max_uncompressed,
            )
        if first and _ENTITY.search(chunk[:4096]):
            raise ImportRefused(
                "xml_entities",
                _(
                    "Berkas ditolak: berisi definisi entitas XML (DOCTYPE) yang tidak dipakai "
                    "lembar kerja biasa."
                ),
            )
        first = False
        data = tail + chunk
        cut = data.rfind(b"<")
        if cut < 0:
            tail = b""
            continue
        body, tail = data[:cut], data[cut:][-4096:]
        rows += len(_ROW.findall(body))
        numbers = _ROW_NUMBER.findall(body)
        if numbers:
            max_row = max(max_row, int(numbers[-1]))
        cells += len(_CELL.findall(body))
        letters = set(_CELL_COLUMN.findall(body))
        if letters:
            max_col = max(max_col, *(_column_number(c) for c in letters))
        if max(rows, max_row) > limits.max_rows:
            raise _too_many("too_many_rows", _("jumlah baris"), max(rows, max_row), limits.max_rows)
        if max_col > limits.max_columns:
            raise _too_many("too_many_columns", _("jumlah kolom"), max_col, limits.max_columns)
        if cells > limits.max_cells:
            raise _too_many("too_many_cells", _("jumlah sel"), cells, limits.max_cells)
    return total


def text_line_count(raw: bytes) -> int:
    """Lines of a text file, every line ending counted: CR LF, LF and a lone CR (old Mac
    files, and a way to hide rows from a count of LF only)."""
    return raw.count(b"\n") + raw.count(b"\r") - raw.count(b"\r\n") + 1
