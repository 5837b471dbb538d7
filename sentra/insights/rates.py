"""The rupiah against the US dollar: importing a monthly series and setting demand beside it."""

from __future__ import annotations

import csv
import io
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core.audit import audit_record
from sentra.insights.models import ExchangeRate

SAMPLE_RATES = Path(__file__).resolve().parent / "data" / "idr_usd_sample.csv"
SAMPLE_SOURCE = "Sentra sample series (approximate, illustrative; not official data)"
DATE_COLUMNS = ("date", "tanggal", "bulan", "month", "periode")
RATE_COLUMNS = ("rate", "kurs", "idr_per_usd", "nilai", "kurs_tengah")
THOUSANDS_ONLY = re.compile(r"^\d{1,3}(\.\d{3})+$")
SMALL_SAMPLE = 5  # below this many years a correlation says nothing


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class RatesReport:
    rows: int = 0
    imported: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    fatal: str = ""

    @property
    def exit_code(self) -> int:
        """0: every row loaded; 3: some rows rejected, the rest loaded; 2: nothing usable."""
        if self.fatal or (self.rows and not self.imported):
            return 2
        return 3 if self.problems else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "rejected": len({p.row for p in self.problems}),
            "fatal": self.fatal,
            "problems": [p.as_dict() for p in self.problems],
        }


def parse_number_id(text: str) -> Decimal:
    """Indonesian and plain number forms: "14.237,50", "14237,5", "14.237", "14237.50"."""
    value = text.strip().replace(" ", "").replace("Rp", "").replace("\u00a0", "")
    if not value:
        raise ValueError("empty")
    if "," in value and "." in value:
        value = value.replace(".", "").replace(",", ".")
    elif "," in value:
        value = value.replace(",", ".")
    elif THOUSANDS_ONLY.match(value):
        value = value.replace(".", "")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return number


def parse_month(text: str) -> date:
    """ "2018-01", "2018-01-31", "31/01/2018", "01/2018" → the first day of the month."""
    value = text.strip()
    patterns = (
        (r"^(\d{4})-(\d{1,2})$", ("y", "m")),
        (r"^(\d{4})-(\d{1,2})-(\d{1,2})$", ("y", "m", "d")),
        (r"^(\d{1,2})/(\d{1,2})/(\d{4})$", ("d", "m", "y")),
        (r"^(\d{1,2})/(\d{4})$", ("m", "y")),
    )
    for pattern, parts in patterns:
        match = re.match(pattern, value)
        if match:
            got = dict(zip(parts, (int(g) for g in match.groups()), strict=True))
            day = date(got["y"], got["m"], got.get("d", 1))  # raises ValueError when invalid
            return day.replace(day=1)
    raise ValueError(text)


def _pick(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def rates_parse(text: str) -> tuple[dict[date, Decimal], RatesReport]:
    """Valid months and the report of bad rows; `#` lines are comments."""
    report = RatesReport()
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)]
    content = [(n, line) for n, line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not content:
        report.fatal = _("Berkas kosong: tidak ada baris judul kolom.")
        return {}, report
    dialect_sample = content[0][1]
    delimiter = ";" if dialect_sample.count(";") > dialect_sample.count(",") else ","
    rows = list(
        csv.reader(io.StringIO("\n".join(line for _, line in content)), delimiter=delimiter)
    )
    header = rows[0]
    date_col, rate_col = _pick(header, DATE_COLUMNS), _pick(header, RATE_COLUMNS)
    if date_col is None or rate_col is None:
        missing = []
        if date_col is None:
            missing.append(_("tanggal (date/tanggal/bulan)"))
        if rate_col is None:
            missing.append(_("kurs (rate/kurs/idr_per_usd)"))
        report.fatal = _("Kolom wajib tidak ada: %(columns)s.") % {"columns": ", ".join(missing)}
        return {}, report
    values: dict[date, Decimal] = {}
    for (line_no, _line), row in zip(content[1:], rows[1:], strict=True):
        report.rows += 1
        raw_date = row[date_col].strip() if date_col < len(row) else ""
        raw_rate = row[rate_col].strip() if rate_col < len(row) else ""
        problems: list[RowProblem] = []
        month: date | None = None
        rate: Decimal | None = None
        try:
            month = parse_month(raw_date)
        except ValueError:
            problems.append(
                RowProblem(
                    line_no,
                    header[date_col],
                    raw_date,
                    _("Tanggal tidak dikenali; pakai bentuk 2018-01 atau 31/01/2018.")
                    if raw_date
                    else _("Tanggal kosong."),
                )
            )
        try:
            rate = parse_number_id(raw_rate)
            if rate <= 0:
                problems.append(
                    RowProblem(line_no, header[rate_col], raw_rate, _("Kurs harus lebih dari nol."))
                )
                rate = None
            elif rate >= Decimal("10000000000"):
                problems.append(
                    RowProblem(line_no, header[rate_col], raw_rate, _("Kurs terlalu besar."))
                )
                rate = None
        except ValueError:
            problems.append(
                RowProblem(
                    line_no,
                    header[rate_col],
                    raw_rate,
                    _("Kurs bukan angka; pakai bentuk 14.237,50 atau 14237.50.")
                    if raw_rate
                    else _("Kurs kosong."),
                )
            )
        if month is not None and month in values and not problems:
            problems.append(
                RowProblem(
                    line_no,
                    header[date_col],
                    raw_date,
                    _("Bulan %(month)s sudah ada di baris sebelumnya.")
                    % {"month": f"{month:%Y-%m}"},
                )
            )
        if problems:
            report.problems.extend(problems)
        elif month is not None and rate is not None:
            values[month] = rate.quantize(Decimal("0.01"))
    return values, report


def rates_import(*, actor: Any, path: Path, source: str = "") -> RatesReport:
    """Load a monthly IDR-per-USD CSV; valid rows are written (a month loaded again is
    replaced), bad rows are reported by row, column and reason."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        report = RatesReport(fatal=_("Berkas tidak dapat dibaca: %(error)s") % {"error": exc})
        return report
    values, report = rates_parse(text)
    if not values:
        return report
    with transaction.atomic():
        for month, rate in sorted(values.items()):
            ExchangeRate.objects.update_or_create(
                month=month, defaults={"idr_per_usd": rate, "source": source or path.name}
            )
        report.imported = len(values)
        audit_record(
            actor=actor,
            action="rates.import",
            object_type="insights.exchangerate",
            summary=f"{len(values)} months from {path.name}, {len(report.problems)} problems",
        )
    return report


def rates_delete(*, actor: Any, source: str) -> int:
    with transaction.atomic():
        deleted = ExchangeRate.objects.filter(source=source).delete()[0]
        if deleted:
            audit_record(
                actor=actor,
                action="rates.delete",
                object_type="insights.exchangerate",
                summary=f"{deleted} months of {source}",
            )
    return deleted


def yearly_average_rates() -> dict[int, float]:
    by_year: dict[int, list[Decimal]] = defaultdict(list)
    for month, rate in ExchangeRate.objects.values_list("month", "idr_per_usd"):
        by_year[month.year].append(rate)
    return {year: float(sum(v) / len(v)) for year, v in sorted(by_year.items())}


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r, or None when it is undefined (fewer than 3 pairs or no variation)."""
    n = len(xs)
    if n < 3 or n != len(ys):
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def correlation_wording(r: float | None, n: int) -> str:
    """An honest sentence about a correlation and its sample size, in Indonesian."""
    if r is None:
        return _("n = %(n)s tahun; korelasi tidak dapat dihitung (perlu sedikitnya 3 tahun).") % {
            "n": n
        }
    text = _("r = %(r)s; n = %(n)s tahun") % {"r": f"{r:.2f}".replace(".", ","), "n": n}
    if n < SMALL_SAMPLE:
        return text + "; " + _("terlalu sedikit untuk menyimpulkan")
    strength = abs(r)
    if strength < 0.3:
        word = _("hubungan lemah")
    elif strength < 0.7:
        word = _("hubungan sedang")
    else:
        word = _("hubungan kuat")
    return text + "; " + word + " " + _("(korelasi bukan sebab-akibat)")
