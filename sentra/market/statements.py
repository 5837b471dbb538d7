"""Monthly statements per producer (rekening koran): orders, payments received, the
cooperative's share, payouts and what is still owed — as a page, PDF and xlsx from the same
rows."""

from __future__ import annotations

import calendar
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sentra.market.models import SALE_STATUSES, Order, Payment, Payout, PayoutStatus
from sentra.market.services.orders import share_of
from sentra.registry.models import Unit


@dataclass(frozen=True)
class StatementLine:
    on: date
    order: str
    kind: str
    description: str
    received: int = 0
    share: int = 0
    producer: int = 0
    paid_out: int = 0


@dataclass
class Statement:
    unit: Unit
    year: int
    month: int
    opening: int  # owed to the producer at the start of the month
    lines: list[StatementLine] = field(default_factory=list)
    sales: int = 0  # orders confirmed this month (their value)
    orders: int = 0

    @property
    def received(self) -> int:
        return sum(line.received for line in self.lines)

    @property
    def share(self) -> int:
        return sum(line.share for line in self.lines)

    @property
    def producer(self) -> int:
        return sum(line.producer for line in self.lines)

    @property
    def paid_out(self) -> int:
        return sum(line.paid_out for line in self.lines)

    @property
    def closing(self) -> int:
        return self.opening + self.producer - self.paid_out

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"


def _payment_parts(unit: Unit, until: date) -> list[tuple[Payment, int, int]]:
    """Every payment of the unit's orders up to a date, with the cooperative's share and the
    producer's part. Shares are differences of the cumulative share, so the parts of an order
    always add up to its share of the whole."""
    payments = (
        Payment.objects.filter(order__unit=unit, received_on__lte=until)
        .select_related("order")
        .order_by("order_id", "received_on", "id")
    )
    out = []
    cumulative: dict[int, int] = {}
    for payment in payments:
        before = cumulative.get(payment.order_id, 0)
        after = before + payment.amount
        cumulative[payment.order_id] = after
        percent = payment.order.share_percent
        share = share_of(after, percent) - share_of(before, percent)
        out.append((payment, share, payment.amount - share))
    return out


def _buyer(order: Order) -> str:
    who = order.buyer_organisation or order.buyer_name
    return f"{who} ({order.buyer_country})"


def statement_build(*, unit: Unit, year: int, month: int) -> Statement:
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    parts = _payment_parts(unit, last)
    payouts = Payout.objects.filter(
        order__unit=unit, status=PayoutStatus.APPROVED, paid_on__lte=last
    ).select_related("order")
    owed_before = sum(p for pay, _s, p in parts if pay.received_on < first)
    owed_before -= sum(p.amount for p in payouts if p.paid_on and p.paid_on < first)
    statement = Statement(unit=unit, year=year, month=month, opening=owed_before)
    confirmed = Order.objects.filter(
        Q(unit=unit, status__in=SALE_STATUSES, ordered_on__gte=first, ordered_on__lte=last)
    ).order_by("ordered_on", "id")
    lines: list[StatementLine] = []
    for order in confirmed:
        statement.orders += 1
        statement.sales += order.total
        lines.append(
            StatementLine(
                on=order.ordered_on,
                order=order.number,
                kind=_("Pesanan"),
                description=_("%(buyer)s, nilai Rp %(total)s, bagian koperasi %(pct)s%%")
                % {
                    "buyer": _buyer(order),
                    "total": f"{order.total:,}".replace(",", "."),
                    "pct": order.share_percent,
                },
            )
        )
    for payment, share, producer in parts:
        if payment.received_on < first:
            continue
        lines.append(
            StatementLine(
                on=payment.received_on,
                order=payment.order.number,
                kind=_("Pembayaran diterima"),
                description=_buyer(payment.order),
                received=payment.amount,
                share=share,
                producer=producer,
            )
        )
    for payout in payouts:
        if payout.paid_on is None or payout.paid_on < first:
            continue
        lines.append(
            StatementLine(
                on=payout.paid_on,
                order=payout.order.number,
                kind=_("Pencairan ke produsen"),
                description=payout.note,
                paid_out=payout.amount,
            )
        )
    statement.lines = sorted(lines, key=lambda line: (line.on, line.order, line.kind))
    return statement


def statement_months(*, unit: Unit) -> list[tuple[int, int]]:
    """Months with any activity of the unit's orders, newest first."""
    months: set[tuple[int, int]] = set()
    for d in Order.objects.filter(unit=unit, status__in=SALE_STATUSES).values_list(
        "ordered_on", flat=True
    ):
        months.add((d.year, d.month))
    for d in Payment.objects.filter(order__unit=unit).values_list("received_on", flat=True):
        months.add((d.year, d.month))
    for paid in Payout.objects.filter(
        order__unit=unit, status=PayoutStatus.APPROVED, paid_on__isnull=False
    ).values_list("paid_on", flat=True):
        if paid is not None:
            months.add((paid.year, paid.month))
    return sorted(months, reverse=True)


def statement_pdf(statement: Statement) -> bytes:
    from weasyprint import HTML

    html = render_to_string("market/statement_print.html", {"statement": statement})
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def statement_xlsx(statement: Statement) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = statement.period
    sheet.append(
        [
            _("Laporan bulanan %(unit)s, %(period)s")
            % {"unit": statement.unit.business_name, "period": statement.period}
        ]
    )
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("Saldo awal (hak produsen belum dicairkan)"), statement.opening])
    sheet.append([])
    headers = [
        _("Tanggal"),
        _("Pesanan"),
        _("Jenis"),
        _("Keterangan"),
        _("Diterima koperasi (Rp)"),
        _("Bagian koperasi (Rp)"),
        _("Hak produsen (Rp)"),
        _("Dicairkan (Rp)"),
    ]
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for line in statement.lines:
        row: list[Any] = [
            line.on,
            line.order,
            line.kind,
            line.description,
            line.received,
            line.share,
            line.producer,
            line.paid_out,
        ]
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=1).number_format = "yyyy-mm-dd"
    sheet.append(
        [
            _("Jumlah"),
            "",
            "",
            "",
            statement.received,
            statement.share,
            statement.producer,
            statement.paid_out,
        ]
    )
    sheet.append([])
    sheet.append([_("Saldo akhir (hak produsen belum dicairkan)"), statement.closing])
    sheet.append([_("Nilai pesanan dikonfirmasi bulan ini"), statement.sales])
    for column, width in zip("ABCDEFGH", (12, 14, 22, 40, 18, 18, 18, 16), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
