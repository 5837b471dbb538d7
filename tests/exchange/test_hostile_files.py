"""Files that must be refused before they are parsed, quickly and with little memory; each
refusal says which limit and the value found."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from sentra.core.actors import SystemActor
from sentra.exchange.importer import import_file
from sentra.exchange.limits import OLE_MAGIC, ImportRefused, Limits, file_kind, xlsx_check
from sentra.exchange.models import ImportRun, RunStatus
from tests.exchange.files import TEMPLATE_HEADERS, xlsx

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"/>'
)


def _refusal(check: Callable[[], object]) -> tuple[ImportRefused, float, int]:
    """The refusal with elapsed seconds and peak Python memory (loose bounds only)."""
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ImportRefused) as refused:
        check()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return refused.value, elapsed, peak


def _minimal_xlsx(path: Path, sheet_xml: bytes, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def test_a_zip_bomb_is_refused_by_its_uncompressed_size(tmp_path: Path) -> None:
    # 200 MB of zeros compress to ~200 KB.
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(200):
                member.write(block)
    assert path.stat().st_size < 1_000_000
    refusal, elapsed, peak = _refusal(lambda: xlsx_check(path, limits=Limits()))
    assert refusal.code == "zip_uncompressed"
    assert refusal.message == (
        "Berkas ditolak: ukuran setelah diekstrak (byte) 209.715.309 melebihi batas 157.286.400."
    )
    assert elapsed < 5 and peak < 20_000_000


def test_a_zip_bomb_that_lies_about_its_size_is_stopped_while_reading(tmp_path: Path) -> None:
    # Same idea with a declared size that passes the first check: reading stops at the cap.
    path = _minimal_xlsx(tmp_path / "bom.xlsx", b"<worksheet>" + b" " * 3_000_000)
    limits = Limits(max_uncompressed=2_000_000)
    with zipfile.ZipFile(path) as archive:
        assert sum(m.file_size for m in archive.infolist()) > limits.max_uncompressed
    refusal, _elapsed, _peak = _refusal(lambda: xlsx_check(path, limits=limits))
    assert refusal.code == "zip_uncompressed"


def test_billion_laughs_xml_inside_an_xlsx_is_refused(tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b']><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t>'
        b"</is></c></row></sheetData></worksheet>"
    )
    path = _minimal_xlsx(tmp_path / "lol.xlsx", laughs)
    refusal, elapsed, peak = _refusal(lambda: xlsx_check(path, limits=Limits()))
    assert refusal.code == "xml_entities"
    assert "DOCTYPE" in refusal.message
    assert elapsed < 2 and peak < 5_000_000


def test_a_million_empty_rows_are_refused_by_the_row_limit(tmp_path: Path) -> None:
    rows = b"".join(b'<row r="%d"/>' % i for i in range(1, 1_000_001))
    sheet = b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>"
    path = _minimal_xlsx(tmp_path / "kosong.xlsx", sheet)
    refusal, elapsed, peak = _refusal(lambda: xlsx_check(path, limits=Limits()))
    assert refusal.code == "too_many_rows"
    assert refusal.message.startswith("Berkas ditolak: jumlah baris ")
    assert refusal.message.endswith(" melebihi batas 50.000.")
    assert elapsed < 10 and peak < 50_000_000


def test_a_single_cell_at_row_one_million_is_refused_by_the_row_limit(tmp_path: Path) -> None:
    sheet = (
        b'<worksheet><sheetData><row r="1000000"><c r="A1000000"><v>1</v></c></row>'
        b"</sheetData></worksheet>"
    )
    path = _minimal_xlsx(tmp_path / "jauh.xlsx", sheet)
    refusal, _elapsed, _peak = _refusal(lambda: xlsx_check(path, limits=Limits()))
    assert refusal.message == "Berkas ditolak: jumlah baris 1.000.000 melebihi batas 50.000."


def test_a_csv_with_a_million_empty_lines_is_refused(tmp_path: Path, db: None) -> None:
    path = tmp_path / "kosong.csv"
    path.write_bytes(b";".join(h.encode() for h in TEMPLATE_HEADERS) + b"\r\n" * 1_000_000)
    refusal, elapsed, _peak = _refusal(
        lambda: import_file(actor=SystemActor("cli"), path=path, file_name="kosong.csv")
    )
    assert refusal.message == "Berkas ditolak: jumlah baris 1.000.001 melebihi batas 50.000."
    assert elapsed < 10
    run = ImportRun.objects.get()
    assert (run.status, run.error_code) == (RunStatus.FAILED, "too_many_rows")


def test_too_many_columns_are_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "lebar.xlsx", [["x"] * 150])
    refusal, _elapsed, _peak = _refusal(lambda: xlsx_check(path, limits=Limits()))
    assert refusal.message == "Berkas ditolak: jumlah kolom 150 melebihi batas 100."


def test_a_file_larger_than_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "besar.csv"
    path.write_bytes(b"a;b\n" * 1000)
    refusal, _e, _p = _refusal(
        lambda: file_kind(path, name="besar.csv", limits=Limits(max_bytes=1000))
    )
    assert refusal.message == "Berkas ditolak: ukuran berkas (byte) 4.000 melebihi batas 1.000."


def test_too_many_zip_members_are_refused(tmp_path: Path) -> None:
    extra = {f"xl/media/image{i}.png": b"x" for i in range(120)}
    path = _minimal_xlsx(tmp_path / "banyak.xlsx", b"<worksheet/>", extra)
    refusal, _e, _p = _refusal(lambda: xlsx_check(path, limits=Limits()))
    assert refusal.message == "Berkas ditolak: jumlah anggota arsip 123 melebihi batas 100."


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        (
            "data.xlsx",
            b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 10,
            "file_mismatch",
            "Berkas ini bukan berkas .xlsx yang sah (isinya bukan lembar kerja Excel).",
        ),
        (
            "data.xlsx",
            OLE_MAGIC + b"\0" * 600,
            "file_mismatch",
            "Isi berkas ini adalah format Excel lama (.xls), bukan .xlsx. Simpan ulang sebagai "
            "Excel Workbook (.xlsx).",
        ),
        (
            "data.csv",
            b"PK\x03\x04" + b"\0" * 100,
            "file_mismatch",
            "Berkas ini bukan berkas teks CSV (isinya data biner).",
        ),
        (
            "data.xls",
            OLE_MAGIC + b"\0" * 600,
            "format_unsupported",
            "Format .xls tidak didukung. Simpan berkas sebagai Excel Workbook (.xlsx) atau CSV "
            "lalu unggah lagi.",
        ),
        (
            "data.xlsm",
            b"PK\x03\x04",
            "format_unsupported",
            "Format .xlsm tidak didukung. Simpan berkas sebagai Excel Workbook (.xlsx) atau "
            "CSV lalu unggah lagi.",
        ),
        (
            "data.pdf",
            b"%PDF-1.4",
            "format_unsupported",
            "Hanya berkas .xlsx, .csv atau .json (ekspor Sentra) yang dapat diimpor.",
        ),
    ],
    ids=["renamed-binary", "xls-renamed-xlsx", "zip-renamed-csv", "xls", "xlsm", "pdf"],
)
def test_files_that_are_not_what_their_name_says_are_refused(
    tmp_path: Path, name: str, content: bytes, code: str, message: str
) -> None:
    path = tmp_path / "upload"
    path.write_bytes(content)
    refusal, _e, _p = _refusal(
        lambda: (file_kind(path, name=name, limits=Limits()), xlsx_check(path, limits=Limits()))
    )
    assert (refusal.code, refusal.message) == (code, message)


def test_an_xlsx_with_macros_inside_is_refused(tmp_path: Path) -> None:
    path = _minimal_xlsx(tmp_path / "m.xlsx", b"<worksheet/>", {"xl/vbaProject.bin": b"x"})
    refusal, _e, _p = _refusal(lambda: xlsx_check(path, limits=Limits()))
    assert refusal.code == "format_unsupported"


def test_a_sheet_without_a_recognisable_header_is_refused(tmp_path: Path, db: None) -> None:
    path = xlsx(tmp_path / "x.xlsx", [["Laporan"], ["a", "b", "c"], [1, 2, 3]])
    with pytest.raises(ImportRefused) as refused:
        import_file(actor=SystemActor("cli"), path=path, file_name="x.xlsx")
    assert refused.value.code == "header_missing"


def test_a_header_without_required_columns_is_refused_naming_them(tmp_path: Path, db: None) -> None:
    # Since issue 10 a file needs only the business name and where it is (owner, NIK and
    # commodity may be unknown).
    path = xlsx(tmp_path / "x.xlsx", [["Nama Pemilik", "NIK", "Komoditas"], ["a"]])
    with pytest.raises(ImportRefused) as refused:
        import_file(actor=SystemActor("cli"), path=path, file_name="x.xlsx")
    assert refused.value.message == (
        "Kolom wajib tidak ditemukan pada baris judul 1: Nama Usaha, Kecamatan."
    )


# --- bypasses found by the adversarial test (issue 12) -------------------------------------


def test_a_worksheet_part_not_named_xml_is_held_to_the_row_limit(tmp_path: Path) -> None:
    from tests.exchange.hostile import sheet_xml, xlsx_with_sheet_part

    path = xlsx_with_sheet_part(tmp_path / "b.xlsx", "xl/worksheets/sheet1.bin", sheet_xml(60_000))
    refusal, elapsed, peak = _refusal(lambda: xlsx_check(path, limits=Limits()))
    assert refusal.code == "too_many_rows"
    assert refusal.message.endswith("melebihi batas 50.000.")
    assert elapsed < 15 and peak < 100_000_000


def test_a_part_that_lies_about_its_size_is_held_to_the_bytes_it_really_holds(
    tmp_path: Path,
) -> None:
    from tests.exchange.hostile import lie_about_size, sheet_xml, xlsx_with_sheet_part

    path = xlsx_with_sheet_part(tmp_path / "l.xlsx", "xl/worksheets/sheet1.xml", sheet_xml(40_000))
    lie_about_size(path, "xl/worksheets/sheet1.xml", 2_000)
    with zipfile.ZipFile(path) as archive:  # what the header claims
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 2_000
    refusal, _elapsed, _peak = _refusal(
        lambda: xlsx_check(path, limits=Limits(max_uncompressed=1_000_000))
    )
    assert refusal.code == "zip_uncompressed"


def test_a_csv_with_cr_only_line_ends_counts_every_line(tmp_path: Path, db: None) -> None:
    from tests.exchange.hostile import csv_cr_only

    path = csv_cr_only(tmp_path / "cr.csv", TEMPLATE_HEADERS, 60_000)
    refusal, elapsed, _peak = _refusal(
        lambda: import_file(actor=SystemActor("cli"), path=path, file_name="cr.csv")
    )
    assert refusal.code == "too_many_rows"
    assert refusal.message == "Berkas ditolak: jumlah baris 60.001 melebihi batas 50.000."
    assert elapsed < 15


def test_more_cells_than_the_cell_limit_are_refused(tmp_path: Path) -> None:
    from tests.exchange.hostile import sheet_xml, xlsx_with_sheet_part

    path = xlsx_with_sheet_part(tmp_path / "c.xlsx", "xl/worksheets/sheet1.xml", sheet_xml(3_000))
    refusal, _e, _p = _refusal(lambda: xlsx_check(path, limits=Limits(max_cells=2_000)))
    assert refusal.message == "Berkas ditolak: jumlah sel 3.000 melebihi batas 2.000."
