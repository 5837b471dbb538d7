"""Checks made before a file is parsed: size, type, zip members, uncompressed size, XML
entities, rows and columns. Each refusal names the limit and the value found."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from sentra.core.numbers import format_number

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


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


def xlsx_check(path: Path, *, limits: Limits) -> None:
    """Open the zip without trusting it: count members, decompress with a cap (declared sizes
    may lie), refuse DTDs/entities (billion laughs) and count the rows and columns."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ImportRefused(
            "file_mismatch", _("Berkas ini bukan berkas .xlsx yang sah (arsip rusak).")
        ) from None
    with archive:
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
        for member in members:
            if not member.filename.endswith((".xml", ".rels")):
                continue
            is_sheet = member.filename.startswith("xl/worksheets/")
            max_row = rows = max_col = 0
            tail = b""
            try:
                with archive.open(member) as fh:
                    first = True
                    while chunk := fh.read(1 << 20):
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
                                    "Berkas ditolak: berisi definisi entitas XML (DOCTYPE) yang "
                                    "tidak dipakai lembar kerja biasa."
                                ),
                            )
                        first = False
                        if is_sheet:
                            data = tail + chunk
                            cut = data.rfind(b"<")
                            body, tail = data[:cut], data[cut:]
                            rows += len(_ROW.findall(body))
                            numbers = _ROW_NUMBER.findall(body)
                            if numbers:
                                max_row = max(max_row, max(int(n) for n in numbers[-1:]))
                            letters = set(_CELL_COLUMN.findall(body))
                            if letters:
                                max_col = max(max_col, *(_column_number(c) for c in letters))
                            if max(rows, max_row) > limits.max_rows:
                                raise _too_many(
                                    "too_many_rows",
                                    _("jumlah baris"),
                                    max(rows, max_row),
                                    limits.max_rows,
                                )
                            if max_col > limits.max_columns:
                                raise _too_many(
                                    "too_many_columns",
                                    _("jumlah kolom"),
                                    max_col,
                                    limits.max_columns,
                                )
            except (zipfile.BadZipFile, OSError, EOFError):
                raise ImportRefused(
                    "file_mismatch", _("Berkas ini bukan berkas .xlsx yang sah (arsip rusak).")
                ) from None
