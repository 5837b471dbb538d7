"""Writes of the SIINas app: a unit's status, the yearly target and the list import.
Every write is atomic and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record
from sentra.registry.models import Unit
from sentra.siinas.models import SiinasStatus, SiinasTarget, StatusSource
from sentra.siinas.rules import can_record_unit

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
REJECTED = "rejected"


def _check_year(year: int) -> None:
    this_year = timezone.localdate().year
    if not 1900 <= year <= this_year:
        raise ValidationError(
            {
                "year": ValidationError(
                    _("Tahun harus antara 1900 dan %(year)s."),
                    code="year_range",
                    params={"year": this_year},
                )
            }
        )


def siinas_status_record(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    receipt_number: str = "",
    reported_on: date | None = None,
    source: str = StatusSource.MANUAL,
) -> tuple[SiinasStatus, str]:
    """Record that `unit` reported `year` to SIINas. A blank receipt number or date keeps
    what is stored (a list never erases); returns the status and CREATED/UPDATED/UNCHANGED."""
    _check_year(year)
    receipt_number = receipt_number.strip()
    if len(receipt_number) > 64:
        raise ValidationError(
            {
                "receipt_number": ValidationError(
                    _("Nomor bukti paling banyak 64 karakter."), code="too_long"
                )
            }
        )
    if reported_on is not None and reported_on > timezone.localdate():
        raise ValidationError(
            {
                "reported_on": ValidationError(
                    _("Tanggal lapor tidak boleh di masa depan."), code="future_date"
                )
            }
        )
    with transaction.atomic():
        status = SiinasStatus.objects.select_for_update().filter(unit=unit, year=year).first()
        if status is None:
            if not receipt_number and reported_on is None:
                raise ValidationError(
                    _("Isi nomor bukti atau tanggal lapor SIINas."), code="proof_required"
                )
            status = SiinasStatus.objects.create(
                unit=unit,
                year=year,
                receipt_number=receipt_number,
                reported_on=reported_on,
                source=source,
            )
            audit_record(
                actor=actor,
                action="siinas.record",
                obj=status,
                summary=f"{unit.code} {year}",
                after={"receipt_number": receipt_number, "reported_on": reported_on},
            )
            return status, CREATED
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        if receipt_number and receipt_number != status.receipt_number:
            before["receipt_number"], after["receipt_number"] = (
                status.receipt_number,
                receipt_number,
            )
            status.receipt_number = receipt_number
        if reported_on is not None and reported_on != status.reported_on:
            before["reported_on"], after["reported_on"] = status.reported_on, reported_on
            status.reported_on = reported_on
        if not after:
            return status, UNCHANGED
        status.source = source
        status.save()
        audit_record(
            actor=actor,
            action="siinas.update",
            obj=status,
            summary=f"{unit.code} {year}",
            before=before,
            after=after,
        )
    return status, UPDATED


def siinas_status_clear(*, actor: Any, unit: Unit, year: int) -> bool:
    """Undo a status recorded by mistake (the unit is "belum lapor" again). Audited."""
    with transaction.atomic():
        status = SiinasStatus.objects.select_for_update().filter(unit=unit, year=year).first()
        if status is None:
            return False
        audit_record(
            actor=actor,
            action="siinas.clear",
            obj=status,
            summary=f"{unit.code} {year}",
            before={"receipt_number": status.receipt_number, "reported_on": status.reported_on},
        )
        status.delete()
    return True


def siinas_target_set(*, actor: Any, year: int, units: int) -> SiinasTarget:
    if not 1900 <= year <= 2100:
        raise ValidationError({"year": ValidationError(_("Tahun tidak sah."), code="year_range")})
    if units < 0:
        raise ValidationError(
            {"units": ValidationError(_("Nilai tidak boleh negatif."), code="negative")}
        )
    with transaction.atomic():
        target = SiinasTarget.objects.select_for_update().filter(year=year).first()
        before = {"units": target.units} if target else {}
        if target is None:
            target = SiinasTarget.objects.create(year=year, units=units)
        elif target.units != units:
            target.units = units
            target.save()
        else:
            return target
        audit_record(
            actor=actor,
            action="siinas.target",
            obj=target,
            summary=str(year),
            before=before,
            after={"units": units},
        )
    return target


@dataclass(frozen=True)
class ImportRow:
    line: int  # the row number in the file, as a spreadsheet shows it
    code: str
    receipt_number: str
    reported_on: date | None
    year: int | None
    problems: tuple[str, ...] = ()  # reading problems (bad date, bad year), already worded


@dataclass(frozen=True)
class RowResult:
    line: int
    code: str
    outcome: str  # CREATED, UPDATED, UNCHANGED or REJECTED
    message: str = ""


def siinas_import(
    *, actor: Any, rows: list[ImportRow], year: int | None, visible: Any
) -> list[RowResult]:
    """Record a list of (unit code, receipt number, date). `visible` is the queryset of units
    the actor may see; a row whose unit is outside it reads as unknown. Every row is
    reported; a rejected row changes nothing and does not stop the others."""
    codes = {row.code for row in rows if row.code}
    units = {u.code: u for u in visible.filter(code__in=codes).select_related("owner")}
    results: list[RowResult] = []
    with transaction.atomic():
        for row in rows:
            results.append(_import_row(actor, row, year, units))
    return results


def _import_row(actor: Any, row: ImportRow, year: int | None, units: dict[str, Unit]) -> RowResult:
    def rejected(message: str) -> RowResult:
        return RowResult(row.line, row.code, REJECTED, message)

    if row.problems:
        return rejected(" ".join(row.problems))
    if not row.code:
        return rejected(_("Baris %(line)s: kolom Kode Unit kosong.") % {"line": row.line})
    unit = units.get(row.code)
    if unit is None:
        return rejected(
            _("Baris %(line)s: unit %(code)s tidak dikenal atau di luar wilayah Anda.")
            % {"line": row.line, "code": row.code}
        )
    if not can_record_unit(actor, unit):
        return rejected(
            _("Baris %(line)s: Anda tidak berwenang mencatat status unit %(code)s.")
            % {"line": row.line, "code": row.code}
        )
    row_year = row.year or year
    if row_year is None:
        return rejected(
            _("Baris %(line)s: tahun tidak diisi; isi kolom Tahun atau pilih tahun impor.")
            % {"line": row.line}
        )
    try:
        with transaction.atomic():
            _status, outcome = siinas_status_record(
                actor=actor,
                unit=unit,
                year=row_year,
                receipt_number=row.receipt_number,
                reported_on=row.reported_on,
                source=StatusSource.IMPORT,
            )
    except ValidationError as exc:
        return rejected(
            _("Baris %(line)s: %(why)s") % {"line": row.line, "why": " ".join(exc.messages)}
        )
    return RowResult(row.line, row.code, outcome)
