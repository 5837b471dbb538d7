"""Attendance lists: rows checked first, errors numbered as in the sheet, all or nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from sentra.core.actors import SystemActor
from sentra.programs.models import Participation, Program, Stage
from sentra.programs.services import workflow
from sentra.programs.services.attendance import attendance_import
from sentra.registry.models import Unit
from tests.programs.conftest import BAYAH_DESA, make_program, make_unit

pytestmark = pytest.mark.django_db


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def approved(reference: None) -> tuple[Program, list[Unit]]:
    program = make_program()
    units = [
        make_unit("Batik Satu", nib="1234567890001", reports={2017: (2, 1)}),
        make_unit("Batik Dua", nib="1234567890002", reports={2017: (2, 1)}),
        make_unit("Batik Tiga", desa=BAYAH_DESA, nib="1234567890003", reports={2017: (2, 1)}),
    ]
    for unit in units:
        p = workflow.participation_propose(actor=SystemActor("test"), program=program, unit=unit)
        p = workflow.participation_verify(actor=SystemActor("test"), participation=p)
        workflow.participation_approve(actor=SystemActor("test"), participation=p)
    return program, units


def _stages(program: Program) -> list[str]:
    return list(
        Participation.objects.filter(program=program).order_by("pk").values_list("stage", flat=True)
    )


def test_a_clean_list_marks_the_present_and_leaves_the_absent(
    approved: tuple[Program, list[Unit]],
) -> None:
    program, _units = approved
    content = _xlsx(
        [
            ["Daftar hadir pelatihan"] and ["NIB", "Nama", "Hadir"],
            [1234567890001, "Batik Satu", "Ya"],  # Excel turned the NIB into a number
            ["1234567890002", "Batik Dua", "tidak"],
            [None, None, None],
            [" 1234567890003 ", "Batik Tiga", " YA "],
        ]
    )
    result = attendance_import(
        actor=SystemActor("test"), program=program, content=content, filename="h.xlsx"
    )
    assert result.errors == []
    assert (result.rows, result.present, result.absent, result.written) == (3, 2, 1, True)
    assert _stages(program) == [Stage.ATTENDED, Stage.APPROVED, Stage.ATTENDED]


def test_one_bad_row_writes_nothing_and_every_problem_is_numbered(
    approved: tuple[Program, list[Unit]],
) -> None:
    program, units = approved
    content = _xlsx(
        [
            ["id unit", "NIB", "nama", "hadir"],
            [units[0].pk, "", "Batik Satu", "Ya"],
            ["", "123", "NIB pendek", "Ya"],
            ["", "9999999999999", "Tidak terdaftar", "Ya"],
            [units[1].pk, "", "Batik Dua", "mungkin"],
            [units[0].pk, "", "Batik Satu lagi", "Ya"],
        ]
    )
    result = attendance_import(
        actor=SystemActor("test"), program=program, content=content, filename="h.xlsx"
    )
    assert [(e.row, e.message) for e in result.errors] == [
        (3, "NIB '123' harus 13 digit."),
        (4, "Tidak ditemukan peserta program ini untuk baris ini."),
        (5, "Kolom hadir harus Ya atau Tidak, bukan 'mungkin'."),
        (6, "Peserta yang sama muncul dua kali."),
    ]
    assert not result.written
    assert _stages(program) == [Stage.APPROVED] * 3


def test_an_officer_cannot_mark_units_outside_their_kecamatan(
    approved: tuple[Program, list[Unit]], rudi_officer_rangkasbitung: Any
) -> None:
    program, _units = approved
    csv = b"NIB;hadir\n1234567890001;Ya\n1234567890003;Ya\n"
    result = attendance_import(
        actor=rudi_officer_rangkasbitung, program=program, content=csv, filename="h.csv"
    )
    assert [(e.row, e.message) for e in result.errors] == [
        (3, "Unit di luar kecamatan tugas Anda.")
    ]
    assert _stages(program) == [Stage.APPROVED] * 3


def test_rows_for_units_not_yet_approved_are_refused(reference: None) -> None:
    program = make_program()
    unit = make_unit("Batik Baru", reports={2017: (1, 1)})
    workflow.participation_propose(actor=SystemActor("test"), program=program, unit=unit)
    csv = f"id unit,hadir\n{unit.pk},Ya\n".encode()
    result = attendance_import(
        actor=SystemActor("test"), program=program, content=csv, filename="h.csv"
    )
    assert [(e.row, e.message) for e in result.errors] == [
        (2, "Batik Baru belum disetujui (tahap: Diusulkan).")
    ]


def test_a_nik_is_never_shown_in_clear_in_an_error(approved: tuple[Program, list[Unit]]) -> None:
    program, _ = approved
    csv = b"NIK,hadir\n36021401018500,Ya\n"
    result = attendance_import(
        actor=SystemActor("test"), program=program, content=csv, filename="h.csv"
    )
    (error,) = result.errors
    assert "36021401018500" not in error.message


def test_unreadable_files_and_missing_columns_are_explained(
    approved: tuple[Program, list[Unit]],
) -> None:
    from django.core.exceptions import ValidationError

    program, _ = approved
    with pytest.raises(ValidationError) as exc:
        attendance_import(
            actor=SystemActor("test"), program=program, content=b"not a zip", filename="h.xlsx"
        )
    assert exc.value.code == "file_unreadable"
    with pytest.raises(ValidationError) as exc:
        attendance_import(
            actor=SystemActor("test"), program=program, content=b"x", filename="h.pdf"
        )
    assert exc.value.code == "file_format"
    result = attendance_import(
        actor=SystemActor("test"), program=program, content=b"nama,alamat\nA,B\n", filename="h.csv"
    )
    assert result.errors[0].row == 1 and "hadir" in result.errors[0].message
