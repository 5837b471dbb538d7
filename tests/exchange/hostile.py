"""Builders of hostile spreadsheets (shared by the tests and benchmarks/bench_hostile.py)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="bin" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)


def _workbook_rels(target: str) -> str:
    return (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships/worksheet" Target="{target}"/></Relationships>'
    )


def sheet_xml(rows: int) -> bytes:
    head = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>'
    )
    body = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
        for i in range(1, rows + 1)
    )
    return head + body + b"</sheetData></worksheet>"


def xlsx_with_sheet_part(path: Path, name: str, sheet: bytes) -> Path:
    """A workbook whose only worksheet lives in the part `name` (any name calamine follows)."""
    target = name.removeprefix("xl/")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(target))
        archive.writestr(name, sheet)
    return path


def lie_about_size(path: Path, member: str, declared: int) -> Path:
    """Rewrite a member's declared uncompressed size (local header and central directory) to
    `declared` bytes and its CRC to that of the first `declared` bytes, so that a reader
    trusting the header sees a small, valid part while the stream holds much more."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
        first = archive.open(info).read(declared)
    crc = zlib.crc32(first) & 0xFFFFFFFF
    data = bytearray(path.read_bytes())
    local = info.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<III", data, local + 14, crc, info.compress_size, declared)
    name = member.encode()
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + length] == name:
            break
        central = data.find(b"PK\x01\x02", central + 4)
    assert central >= 0
    struct.pack_into("<III", data, central + 16, crc, info.compress_size, declared)
    path.write_bytes(bytes(data))
    return path


def csv_cr_only(path: Path, header: list[str], rows: int) -> Path:
    line = ";".join(["Usaha", "Pemilik", "3602140101800001"] + [""] * (len(header) - 3))
    path.write_bytes((";".join(header) + "\r" + ("\r".join([line] * rows))).encode())
    return path
