"""The cooperative's book: agreements, orders and their items, payments received from
buyers, and payouts to producers with maker-checker. Sentra records; it moves no money."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.accounts.models import User
from sentra.accounts.scope import Capability
from sentra.accounts.selectors import users_holding
from sentra.core.audit import audit_record
from sentra.market.models import (
    NEXT_STAGES,
    Agreement,
    Inquiry,
    InquiryStage,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    Payout,
    PayoutStatus,
    Product,
)
from sentra.market.rules import (
    can_record_agreement,
    is_cooperative,
    is_user,
    require,
    user_or_none,
)
from sentra.market.services.notices import notify, notify_unit_staff
from sentra.market.validators import reject_html
from sentra.registry.models import Unit

NUMBER_PREFIX = "KJ"  # Koperasi Jelita
OPEN = (OrderStatus.CONFIRMED, OrderStatus.PAID)


def share_of(amount: int, percent: Decimal) -> int:
    """The cooperative's share of an amount, rounded to the rupiah (half up)."""
    value = (Decimal(amount) * Decimal(percent) / Decimal(100)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return int(value)


@dataclass(frozen=True)
class OrderMoney:
    total: int
    received: int
    outstanding: int
    share_total: int  # the cooperative's share of the whole order
    share_on_received: int
    producer_due: int  # what the producer gets of the whole order
    producer_on_received: int
    paid_out: int  # approved payouts
    proposed: int  # payouts waiting for the checker
    available: int  # what may still be proposed now


def order_money(order: Order) -> OrderMoney:
    received = Payment.objects.filter(order=order).aggregate(s=Sum("amount", default=0))["s"]
    payouts = Payout.objects.filter(order=order)
    paid_out = payouts.filter(status=PayoutStatus.APPROVED).aggregate(s=Sum("amount", default=0))[
        "s"
    ]
    proposed = payouts.filter(status=PayoutStatus.PROPOSED).aggregate(s=Sum("amount", default=0))[
        "s"
    ]
    share_total = share_of(order.total, order.share_percent)
    share_received = share_of(received, order.share_percent)
    return OrderMoney(
        total=order.total,
        received=received,
        outstanding=order.total - received,
        share_total=share_total,
        share_on_received=share_received,
        producer_due=order.total - share_total,
        producer_on_received=received - share_received,
        paid_out=paid_out,
        proposed=proposed,
        available=max(0, received - share_received - paid_out - proposed),
    )


def _require_cooperative(actor: Any) -> None:
    require(
        is_cooperative(actor),
        _("Hanya koperasi mitra yang mencatat pesanan, pembayaran dan pencairan."),
        "cooperative_only",
    )


def _reload(order: Order) -> Order:
    return Order.objects.select_for_update().select_related("unit", "unit__owner").get(pk=order.pk)


def _require_status(order: Order, allowed: tuple[str, ...]) -> None:
    if order.status not in allowed:
        raise ValidationError(
            _("Pesanan berstatus %(status)s; tindakan ini tidak dapat dilakukan."),
            code="order_status",
            params={"status": order.get_status_display()},
        )


def _cooperative_users() -> list[User]:
    return list(users_holding(Capability.HANDLE_MONEY).order_by("pk"))


# --- agreements ----------------------------------------------------------------------------


def agreement_active(*, unit: Unit, on: date) -> Agreement | None:
    return (
        Agreement.objects.filter(unit=unit, valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("-valid_from", "-id")
        .first()
    )


def agreement_record(
    *,
    actor: Any,
    unit: Unit,
    number: str,
    share_percent: Decimal,
    valid_from: date,
    valid_until: date | None = None,
) -> Agreement:
    """Record a bagi hasil agreement. An earlier open-ended agreement ends the day before the
    new one starts; any other overlap is refused."""
    require(
        can_record_agreement(actor),
        _("Hanya koperasi mitra dan admin yang mencatat perjanjian bagi hasil."),
        "agreement_refused",
    )
    number = number.strip()
    reject_html({"number": number}, {"number": _("Nomor perjanjian")})
    errors: dict[str, ValidationError] = {}
    if not number:
        errors["number"] = ValidationError(_("Nomor perjanjian wajib diisi."), code="required")
    if not Decimal(0) <= share_percent <= Decimal(100):
        errors["share_percent"] = ValidationError(
            _("Bagian koperasi harus antara 0 dan 100 persen."), code="share_range"
        )
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = ValidationError(
            _("Tanggal berakhir tidak boleh sebelum tanggal mulai."), code="dates_order"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        earlier = Agreement.objects.select_for_update().filter(
            unit=unit, valid_from__lt=valid_from, valid_until__isnull=True
        )
        for previous in earlier:
            previous.valid_until = valid_from - timedelta(days=1)
            previous.save(update_fields=["valid_until", "updated_at"])
            audit_record(
                actor=actor,
                action="market.agreement_end",
                obj=previous,
                after={"valid_until": previous.valid_until},
            )
        overlap = Agreement.objects.filter(unit=unit).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from)
        )
        if valid_until is not None:
            overlap = overlap.filter(valid_from__lte=valid_until)
        if overlap.exists():
            raise ValidationError(
                _("Sudah ada perjanjian lain yang berlaku pada rentang tanggal itu."),
                code="agreement_overlap",
            )
        agreement = Agreement.objects.create(
            unit=unit,
            number=number,
            share_percent=share_percent,
            valid_from=valid_from,
            valid_until=valid_until,
            recorded_by=user_or_none(actor),
        )
        audit_record(
            actor=actor,
            action="market.agreement_record",
            obj=agreement,
            summary=f"unit {unit.pk} {number}"[:255],
            after={
                "share_percent": share_percent,
                "valid_from": valid_from,
                "valid_until": valid_until,
            },
        )
    return agreement


# --- orders --------------------------------------------------------------------------------


def _next_number(year: int) -> str:
    prefix = f"{NUMBER_PREFIX}-{year}-"
    numbers = Order.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    last = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def order_open(*, actor: Any, inquiry: Inquiry, on: date) -> Order:
    """The cooperative's draft order for an inquiry that reached "pesanan", with the product
    asked for as its first line (the cooperative corrects quantities and prices)."""
    existing = Order.objects.filter(inquiry=inquiry).first()
    if existing is not None:
        return existing
    product: Product = inquiry.product
    for _attempt in range(3):
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    number=_next_number(on.year),
                    inquiry=inquiry,
                    unit_id=inquiry.unit_id,
                    buyer_name=inquiry.name,
                    buyer_organisation=inquiry.organisation,
                    buyer_country=inquiry.country,
                    buyer_email=inquiry.email,
                    ordered_on=on,
                    created_by=user_or_none(actor),
                )
                break
        except IntegrityError:  # another order took the number meanwhile
            continue
    else:
        raise ValidationError(_("Nomor pesanan tidak dapat dibuat; coba lagi."), code="number")
    OrderItem.objects.create(
        order=order,
        product=product,
        description=product.name[:150],
        quantity=inquiry.quantity,
        unit_price=product.price_min,
    )
    _total_refresh(order)
    audit_record(
        actor=actor,
        action="market.order_open",
        obj=order,
        summary=f"{order.number} from inquiry {inquiry.pk}",
        after={"unit": order.unit_id, "country": order.buyer_country, "total": order.total},
    )
    notify(
        recipients=_cooperative_users(),
        text=_("Pesanan baru %(number)s menunggu dicatat koperasi.") % {"number": order.number},
        link=_order_link(order),
    )
    return order


def _order_link(order: Order) -> str:
    from django.urls import reverse

    return reverse("market:order_detail", args=[order.pk])


def _total_refresh(order: Order) -> int:
    total = sum(
        q * p
        for q, p in OrderItem.objects.filter(order=order).values_list("quantity", "unit_price")
    )
    Order.objects.filter(pk=order.pk).update(total=total, updated_at=timezone.now())
    order.total = total
    return total


def order_item_add(
    *,
    actor: Any,
    order: Order,
    description: str,
    quantity: int,
    unit_price: int,
    product: Product | None = None,
) -> OrderItem:
    _require_cooperative(actor)
    description = description.strip()
    reject_html({"description": description}, {"description": _("Uraian")})
    errors: dict[str, ValidationError] = {}
    if not description:
        errors["description"] = ValidationError(_("Uraian wajib diisi."), code="required")
    if quantity < 1:
        errors["quantity"] = ValidationError(_("Jumlah paling sedikit 1."), code="quantity")
    if unit_price < 0:
        errors["unit_price"] = ValidationError(_("Harga tidak boleh negatif."), code="negative")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = _reload(order)
        _require_status(current, (OrderStatus.DRAFT,))
        item = OrderItem.objects.create(
            order=current,
            product=product,
            description=description,
            quantity=quantity,
            unit_price=unit_price,
        )
        _total_refresh(current)
        audit_record(
            actor=actor,
            action="market.order_item_add",
            obj=current,
            summary=f"{current.number}: {description}"[:255],
            after={"quantity": quantity, "unit_price": unit_price, "total": current.total},
        )
    order.total = current.total
    return item


def order_item_remove(*, actor: Any, item: OrderItem) -> None:
    _require_cooperative(actor)
    with transaction.atomic():
        current = _reload(item.order)
        _require_status(current, (OrderStatus.DRAFT,))
        OrderItem.objects.filter(pk=item.pk).delete()
        _total_refresh(current)
        audit_record(
            actor=actor,
            action="market.order_item_remove",
            obj=current,
            summary=f"{current.number}: {item.description}"[:255],
            before={"quantity": item.quantity, "unit_price": item.unit_price},
            after={"total": current.total},
        )


def order_details_set(*, actor: Any, order: Order, ordered_on: date, value_usd: int) -> Order:
    """The order date and, for a foreign buyer, the value invoiced in USD."""
    _require_cooperative(actor)
    if value_usd < 0:
        raise ValidationError(
            {"value_usd": ValidationError(_("Nilai tidak boleh negatif."), code="negative")}
        )
    with transaction.atomic():
        current = _reload(order)
        _require_status(current, (OrderStatus.DRAFT,))
        before = {"ordered_on": current.ordered_on, "value_usd": current.value_usd}
        current.ordered_on = ordered_on
        current.value_usd = value_usd
        current.save(update_fields=["ordered_on", "value_usd", "updated_at"])
        audit_record(
            actor=actor,
            action="market.order_details",
            obj=current,
            before=before,
            after={"ordered_on": ordered_on, "value_usd": value_usd},
        )
    return current


def order_confirm(*, actor: Any, order: Order) -> Order:
    """The buyer agreed items and prices: the order becomes a sale, under the agreement in
    force on its date."""
    _require_cooperative(actor)
    from sentra.market.services.exports import export_proposal_refresh

    with transaction.atomic():
        current = _reload(order)
        _require_status(current, (OrderStatus.DRAFT,))
        if not OrderItem.objects.filter(order=current).exists() or current.total <= 0:
            raise ValidationError(
                _("Pesanan belum berisi barang dengan harga."), code="order_empty"
            )
        agreement = agreement_active(unit=current.unit, on=current.ordered_on)
        if agreement is None:
            raise ValidationError(
                _(
                    "Belum ada perjanjian bagi hasil yang berlaku untuk unit ini pada tanggal "
                    "pesanan (%(date)s); catat perjanjian dulu."
                ),
                code="no_agreement",
                params={"date": current.ordered_on.isoformat()},
            )
        if current.is_foreign and current.value_usd <= 0:
            raise ValidationError(
                {
                    "value_usd": ValidationError(
                        _("Pembeli luar negeri: isi nilai ekspor dalam USD."),
                        code="value_usd_required",
                    )
                }
            )
        current.status = OrderStatus.CONFIRMED
        current.agreement = agreement
        current.share_percent = agreement.share_percent
        current.confirmed_at = timezone.now()
        current.save(
            update_fields=["status", "agreement", "share_percent", "confirmed_at", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="market.order_confirm",
            obj=current,
            summary=current.number,
            before={"status": OrderStatus.DRAFT.value},
            after={
                "status": current.status,
                "total": current.total,
                "value_usd": current.value_usd,
                "share_percent": current.share_percent,
            },
        )
        if current.is_foreign:
            export_proposal_refresh(actor=actor, unit=current.unit, year=current.ordered_on.year)
        notify_unit_staff(
            unit=current.unit,
            text=_("Pesanan %(number)s dikonfirmasi: Rp %(total)s")
            % {"number": current.number, "total": f"{current.total:,}".replace(",", ".")},
            link_name="market:order_detail",
            link_args=(current.pk,),
            exclude=user_or_none(actor),
        )
    return current


def payment_record(
    *, actor: Any, order: Order, amount: int, received_on: date, reference: str = ""
) -> Payment:
    """Money received from the buyer (never more than is still owed)."""
    _require_cooperative(actor)
    reference = reference.strip()
    reject_html({"reference": reference}, {"reference": _("Referensi")})
    with transaction.atomic():
        current = _reload(order)
        _require_status(current, (OrderStatus.CONFIRMED,))
        money = order_money(current)
        if amount <= 0 or amount > money.outstanding:
            raise ValidationError(
                {
                    "amount": ValidationError(
                        _("Jumlah harus antara 1 dan sisa tagihan Rp %(rest)s."),
                        code="payment_amount",
                        params={"rest": f"{money.outstanding:,}".replace(",", ".")},
                    )
                }
            )
        if received_on < current.ordered_on:
            raise ValidationError(
                {
                    "received_on": ValidationError(
                        _("Tanggal pembayaran tidak boleh sebelum tanggal pesanan."),
                        code="dates_order",
                    )
                }
            )
        payment = Payment.objects.create(
            order=current,
            amount=amount,
            received_on=received_on,
            reference=reference,
            recorded_by=user_or_none(actor),
        )
        paid_in_full = money.received + amount == current.total
        if paid_in_full:
            current.status = OrderStatus.PAID
            current.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="market.payment_record",
            obj=payment,
            summary=f"{current.number}: Rp {amount}",
            after={"amount": amount, "received_on": received_on, "paid_in_full": paid_in_full},
        )
    return payment


def payout_propose(*, actor: Any, order: Order, amount: int, note: str = "") -> Payout:
    """The maker's step: propose paying the producer their part of what was received."""
    _require_cooperative(actor)
    note = note.strip()
    reject_html({"note": note}, {"note": _("Catatan")})
    with transaction.atomic():
        current = _reload(order)
        _require_status(current, OPEN)
        money = order_money(current)
        if amount <= 0 or amount > money.available:
            raise ValidationError(
                {
                    "amount": ValidationError(
                        _(
                            "Jumlah harus antara 1 dan Rp %(available)s (bagian produsen dari "
                            "pembayaran yang sudah diterima, dikurangi pencairan sebelumnya)."
                        ),
                        code="payout_amount",
                        params={"available": f"{money.available:,}".replace(",", ".")},
                    )
                }
            )
        payout = Payout.objects.create(
            order=current,
            amount=amount,
            proposed_by=user_or_none(actor),
            proposed_at=timezone.now(),
            note=note[:255],
        )
        audit_record(
            actor=actor,
            action="market.payout_propose",
            obj=payout,
            summary=f"{current.number}: Rp {amount}",
            after={"amount": amount, "status": payout.status},
        )
        others = [u for u in _cooperative_users() if u.pk != getattr(actor, "pk", None)]
        notify(
            recipients=others,
            text=_("Pencairan Rp %(amount)s untuk %(number)s menunggu persetujuan.")
            % {"amount": f"{amount:,}".replace(",", "."), "number": current.number},
            link=_order_link(current),
        )
    return payout


def payout_decide(
    *,
    actor: Any,
    payout: Payout,
    approve: bool,
    paid_on: date | None = None,
    note: str = "",
) -> Payout:
    """The checker's step: another cooperative member approves (paid out) or rejects."""
    _require_cooperative(actor)
    note = note.strip()
    reject_html({"note": note}, {"note": _("Catatan")})
    if not approve and not note:
        raise ValidationError(
            {"note": ValidationError(_("Tuliskan alasan penolakan."), code="required")}
        )
    with transaction.atomic():
        current = Payout.objects.select_for_update().get(pk=payout.pk)
        if is_user(actor):
            require(
                current.proposed_by_id != actor.pk,
                _("Pencairan harus disetujui anggota koperasi lain, bukan pengusulnya."),
                "maker_checker",
            )
        if current.status != PayoutStatus.PROPOSED:
            raise ValidationError(
                _("Pencairan ini sudah diputuskan (%(status)s)."),
                code="payout_decided",
                params={"status": current.get_status_display()},
            )
        order = _reload(current.order)
        current.status = PayoutStatus.APPROVED if approve else PayoutStatus.REJECTED
        current.decided_by = user_or_none(actor)
        current.decided_at = timezone.now()
        current.paid_on = (paid_on or timezone.localdate()) if approve else None
        if note:
            current.note = note[:255]
        current.save()
        audit_record(
            actor=actor,
            action="market.payout_" + ("approve" if approve else "reject"),
            obj=current,
            summary=f"{order.number}: Rp {current.amount}",
            before={"status": PayoutStatus.PROPOSED.value},
            after={"status": current.status, "paid_on": current.paid_on},
        )
        if approve:
            _complete_if_settled(actor, order)
            notify_unit_staff(
                unit=order.unit,
                text=_("Pencairan Rp %(amount)s untuk pesanan %(number)s telah dibayarkan.")
                % {"amount": f"{current.amount:,}".replace(",", "."), "number": order.number},
                link_name="market:order_detail",
                link_args=(order.pk,),
                staff=False,
            )
    return current


def _complete_if_settled(actor: Any, order: Order) -> None:
    money = order_money(order)
    if order.status != OrderStatus.PAID or money.paid_out < money.producer_due:
        return
    order.status = OrderStatus.DONE
    order.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="market.order_done",
        obj=order,
        summary=order.number,
        before={"status": OrderStatus.PAID.value},
        after={"status": OrderStatus.DONE.value},
    )
    if order.inquiry is not None:
        inquiry_stage_follow_order(actor=actor, inquiry=order.inquiry, stage=InquiryStage.DONE)


def order_cancel(*, actor: Any, order: Order, note: str = "") -> Order:
    """Cancel an order no money has moved for."""
    _require_cooperative(actor)
    note = note.strip()
    reject_html({"note": note}, {"note": _("Catatan")})
    with transaction.atomic():
        current = _reload(order)
        _cancel(actor, current, note)
        if current.inquiry is not None:
            inquiry_stage_follow_order(
                actor=actor, inquiry=current.inquiry, stage=InquiryStage.CANCELLED
            )
    return current


def _cancel(actor: Any, order: Order, note: str) -> None:
    from sentra.market.services.exports import export_proposal_refresh

    _require_status(order, (OrderStatus.DRAFT, OrderStatus.CONFIRMED))
    if Payment.objects.filter(order=order).exists():
        raise ValidationError(
            _("Pesanan ini sudah menerima pembayaran; tidak dapat dibatalkan."),
            code="order_has_payments",
        )
    before = order.status
    order.status = OrderStatus.CANCELLED
    order.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="market.order_cancel",
        obj=order,
        summary=f"{order.number}" + (f": {note}" if note else ""),
        before={"status": before},
        after={"status": OrderStatus.CANCELLED.value},
    )
    if before == OrderStatus.CONFIRMED and order.is_foreign:
        export_proposal_refresh(actor=actor, unit=order.unit, year=order.ordered_on.year)


def order_cancel_for_inquiry(*, actor: Any, inquiry: Inquiry) -> None:
    """The office cancelled the inquiry: its order (if any, and unpaid) is cancelled too.
    Runs in the inquiry service's transaction."""
    order = Order.objects.filter(inquiry=inquiry).select_related("unit").first()
    if order is None or order.status == OrderStatus.CANCELLED:
        return
    _cancel(actor, order, "permintaan dibatalkan")


def inquiry_stage_follow_order(*, actor: Any, inquiry: Inquiry, stage: str) -> None:
    """The order decided the inquiry's end (paid out: selesai; cancelled: batal). Runs in the
    order service's transaction; no scope check (the cooperative acted on the order)."""
    if inquiry.stage == stage or stage not in NEXT_STAGES[inquiry.stage]:
        return
    before = inquiry.stage
    Inquiry.objects.filter(pk=inquiry.pk).update(
        stage=stage, stage_changed_at=timezone.now(), updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="market.inquiry_stage",
        obj=inquiry,
        summary=f"{before} → {stage} (pesanan)",
        before={"stage": before},
        after={"stage": stage},
    )
