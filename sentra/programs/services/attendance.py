"""Attendance lists (daftar hadir) from xlsx or csv: every row checked first, numbered as in
the spreadsheet, and nothing written unless every row is right."""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core import protect
from sentra.core.audit import audit_record
from sentra.programs.models import Participation, Program, Stage
from sentra.programs.rules import can_act_in
from sentra.registry.codes import unit_code_parse
from sentra.registry.validators import nik_normalise

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
HEADERS = {
    "code": {"kode unit", "kode", "kode ikm", "kode unit ikm", "code"},
    "unit_id": {"id unit", "id_unit", "unit id", "unit_id", "id"},
    "nib": {"nib"},
    "nik": {"nik", "nik pemilik"},
    "name": {"nama", "nama usaha", "name", "nama peserta"},
    "present": {"hadir", "present", "kehadiran", "hadir (ya/tidak)"},
}
YES = {"ya", "y", "yes", "1", "hadir", "true", "v", "✓"}
NO = {"tidak", "t", "no", "n", "0", "false", "tidak hadir", "-"}


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class AttendanceResult:
    rows: int = 0
    present: int = 0
    absent: int = 0
    already: int = 0
    blank: int = 0  # rows whose "hadir" cell is empty: nothing is changed for them
    errors: list[RowError] = field(default_factory=list)
    written: bool = False


def _cell(value: Any) -> str:
    """Cells as text; integral floats (Excel numbers) lose their `.0`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(content: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) of a csv or xlsx file; empty rows dropped."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("Berkas terlalu besar (maksimal 5 MB)."), code="file_too_large")
    name = filename.lower()
    rows: list[tuple[int, list[str]]] = []
    try:
        if name.endswith(".xlsx"):
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell(v) for v in values]
                if any(cells):
                    rows.append((number, cells))
                if len(rows) > MAX_ROWS + 1:
                    break
            book.close()
        elif name.endswith(".csv"):
            text = content.decode("utf-8-sig")
            dialect: Any = csv.excel
            with contextlib.suppress(csv.Error):
                dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
            for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
                cells = [v.strip() for v in values]
                if any(cells):
                    rows.append((number, cells))
        else:
            raise ValidationError(_("Format berkas harus .xlsx atau .csv."), code="file_format")
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            _("Berkas tidak dapat dibaca: %(error)s"),
            code="file_unreadable",
            params={"error": exc.__class__.__name__},
        ) from exc
    if len(rows) > MAX_ROWS + 1:
        raise ValidationError(
            _("Terlalu banyak baris (maksimal %(n)s)."),
            code="too_many_rows",
            params={"n": MAX_ROWS},
        )
    return rows


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = title.strip().lower()
        for column, aliases in HEADERS.items():
            if key in aliases and column not in found:
                found[column] = index
    return found


def attendance_import(
    *,
    actor: Any,
    program: Program,
    content: bytes | BinaryIO,
    filename: str,
    on: date | None = None,
    dry_run: bool = False,
) -> AttendanceResult:
    """Mark approved participants present (hadir/diterima) from an attendance list.

    Columns: `id unit` or `NIB` or `NIK`, `nama`, `hadir` (Ya/Tidak). Each row must name
    exactly one approved participant of this program inside the actor's kecamatan.
    """
    raw = content if isinstance(content, bytes) else content.read()
    table = read_table(raw, filename)
    result = AttendanceResult()
    if not table:
        result.errors.append(RowError(1, _("Berkas kosong.")))
        return result
    header_row, header = table[0]
    columns = _columns(header)
    if "present" not in columns or not ({"code", "unit_id", "nib", "nik"} & set(columns)):
        result.errors.append(
            RowError(
                header_row,
                _(
                    "Judul kolom harus memuat 'hadir' dan salah satu dari 'kode unit', "
                    "'id unit', 'NIB', 'NIK'."
                ),
            )
        )
        return result
    participants = list(
        Participation.objects.filter(program=program, unit__isnull=False).select_related(
            "unit", "unit__owner"
        )
    )
    seen: set[int] = set()
    chosen: list[Participation] = []
    for number, cells in table[1:]:
        result.rows += 1

        def get(column: str, cells: list[str] = cells) -> str:
            index = columns.get(column)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        present = get("present").lower()
        if not present:
            result.blank += 1  # a blank cell never changes anything
            continue
        if present not in YES | NO:
            result.errors.append(
                RowError(
                    number,
                    _("Kolom hadir harus Ya atau Tidak, bukan '%(v)s'.") % {"v": get("present")},
                )
            )
            continue
        matches, label = _match(participants, get("code"), get("unit_id"), get("nib"), get("nik"))
        if label:
            result.errors.append(RowError(number, label))
            continue
        if len(matches) != 1:
            result.errors.append(
                RowError(
                    number,
                    _("Tidak ditemukan peserta program ini untuk baris ini.")
                    if not matches
                    else _("Lebih dari satu peserta cocok; pakai kolom id unit."),
                )
            )
            continue
        participation = matches[0]
        if participation.pk in seen:
            result.errors.append(RowError(number, _("Peserta yang sama muncul dua kali.")))
            continue
        seen.add(participation.pk)
        if present in NO:
            result.absent += 1
            continue
        if participation.stage == program.delivered_stage or participation.stage == Stage.COMPLETED:
            result.already += 1
            continue
        if participation.stage != Stage.APPROVED:
            result.errors.append(
                RowError(
                    number,
                    _("%(name)s belum disetujui (tahap: %(stage)s).")
                    % {
                        "name": participation.target_name,
                        "stage": participation.get_stage_display(),
                    },
                )
            )
            continue
        if not can_act_in(actor, str(participation.unit.kecamatan_id)):  # type: ignore[union-attr]
            result.errors.append(RowError(number, _("Unit di luar kecamatan tugas Anda.")))
            continue
        chosen.append(participation)
    result.present = len(chosen)
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        delivered_on = on or program.starts_on or date.today()
        for participation in chosen:
            Participation.objects.filter(pk=participation.pk).update(
                stage=program.delivered_stage, delivered_on=delivered_on
            )
        audit_record(
            actor=actor,
            action="participation.attendance_import",
            obj=program,
            summary=f"{program.code}: {len(chosen)} hadir dari {filename}",
            after={"present": [p.pk for p in chosen], "absent": result.absent},
        )
    result.written = True
    return result


def _match(
    participants: list[Participation], code: str, unit_id: str, nib: str, nik: str
) -> tuple[list[Participation], str]:
    """By unit code, else id, else NIB, else full NIK. A masked NIK counts as blank."""
    if code:
        parsed = unit_code_parse(code)
        if parsed is None:
            return [], _("Kode unit '%(v)s' tidak sah (contoh: IKM-3602-0001234).") % {"v": code}
        return [p for p in participants if p.unit is not None and p.unit.code == parsed], ""
    if protect.MASK in nik:
        nik = ""
    if unit_id:
        if not unit_id.isdigit():
            return [], _("Id unit '%(v)s' bukan angka.") % {"v": unit_id}
        return [p for p in participants if p.unit_id == int(unit_id)], ""
    if nib:
        if not (len(nib) == 13 and nib.isdigit()):
            return [], _("NIB '%(v)s' harus 13 digit.") % {"v": nib}
        return [p for p in participants if p.unit is not None and p.unit.nib == nib], ""
    if nik:
        normal = nik_normalise(nik)
        if not (len(normal) == 16 and normal.isdigit()):
            return [], _("NIK %(v)s harus 16 digit.") % {"v": protect.mask_nik(normal)}
        key = protect.digest(normal)
        return [
            p for p in participants if p.unit is not None and p.unit.owner.nik_digest == key
        ], ""
    return [], _("Baris tidak memuat kode unit, id unit, NIB atau NIK lengkap.")
