"""Cooperative orders: agreements (bagi hasil), orders with items, payments received,
payouts to producers with maker-checker, and export figures proposed to the officer.

Sentra records; it never moves money. Amounts are integers of rupiah; `value_usd` of an
order is the value invoiced to a foreign buyer, in whole US dollars.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sentra.core.models import TimeStampedModel


class Agreement(TimeStampedModel):
    """A producer's agreement with the cooperative: its share of each sale (bagi hasil)."""

    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="market_agreements",
    )
    number = models.CharField(_("nomor perjanjian"), max_length=64)
    share_percent = models.DecimalField(_("bagian koperasi (%)"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("perjanjian bagi hasil")
        verbose_name_plural = _("perjanjian bagi hasil")
        ordering = ["unit", "-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share_percent__gte=0) & Q(share_percent__lte=100),
                name="market_agreement_share_range",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="market_agreement_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class OrderStatus(models.TextChoices):
    DRAFT = "draf", _("Draf")
    CONFIRMED = "dikonfirmasi", _("Dikonfirmasi")
    PAID = "lunas", _("Lunas")
    DONE = "selesai", _("Selesai")
    CANCELLED = "batal", _("Batal")


# Orders in these states are confirmed sales (the buyer agreed items and prices).
SALE_STATUSES = (OrderStatus.CONFIRMED, OrderStatus.PAID, OrderStatus.DONE)


class Order(TimeStampedModel):
    """An order handled by the cooperative, usually born from an inquiry."""

    number = models.CharField(_("nomor pesanan"), max_length=32, unique=True)
    inquiry = models.OneToOneField(
        "market.Inquiry",
        verbose_name=_("permintaan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order",
    )
    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="market_orders",
    )
    buyer_name = models.CharField(_("nama pembeli"), max_length=120)
    buyer_organisation = models.CharField(_("organisasi pembeli"), max_length=150, blank=True)
    buyer_country = models.CharField(_("negara pembeli"), max_length=2)
    buyer_email = models.EmailField(_("surel pembeli"), max_length=254, blank=True)
    ordered_on = models.DateField(_("tanggal pesanan"))
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("perjanjian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    share_percent = models.DecimalField(
        _("bagian koperasi (%)"), max_digits=5, decimal_places=2, default=0
    )
    total = models.BigIntegerField(_("nilai pesanan (Rp)"), default=0)
    value_usd = models.BigIntegerField(_("nilai ekspor (USD)"), default=0)
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pesanan")
        verbose_name_plural = _("pesanan")
        ordering = ["-ordered_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="market_order_unit_status_idx"),
            models.Index(fields=["ordered_on"], name="market_order_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(buyer_country__regex=r"^[A-Z]{2}$"),
                name="market_order_country_iso2",
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(value_usd__gte=0),
                name="market_order_money_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in OrderStatus]),
                name="market_order_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_foreign(self) -> bool:
        return self.buyer_country != "ID"


class OrderItem(models.Model):
    order = models.ForeignKey(
        Order, verbose_name=_("pesanan"), on_delete=models.CASCADE, related_name="items"
    )
    product = models.ForeignKey(
        "market.Product",
        verbose_name=_("produk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.CharField(_("uraian"), max_length=150)
    quantity = models.PositiveIntegerField(_("jumlah"))
    unit_price = models.BigIntegerField(_("harga satuan (Rp)"))

    class Meta:
        verbose_name = _("barang pesanan")
        verbose_name_plural = _("barang pesanan")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(unit_price__gte=0),
                name="market_item_values_valid",
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price


class Payment(models.Model):
    """Money the cooperative received from the buyer."""

    order = models.ForeignKey(
        Order, verbose_name=_("pesanan"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    received_on = models.DateField(_("tanggal diterima"))
    reference = models.CharField(_("referensi"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("pembayaran diterima")
        verbose_name_plural = _("pembayaran diterima")
        ordering = ["order", "received_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="market_payment_positive")
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.amount}"


class PayoutStatus(models.TextChoices):
    PROPOSED = "diajukan", _("Diajukan")
    APPROVED = "disetujui", _("Disetujui")
    REJECTED = "ditolak", _("Ditolak")


class Payout(models.Model):
    """A payout to the producer: proposed by one cooperative member (maker), approved or
    rejected by another (checker). Approved means paid out on `paid_on`."""

    order = models.ForeignKey(
        Order, verbose_name=_("pesanan"), on_delete=models.PROTECT, related_name="payouts"
    )
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    status = models.CharField(
        _("status"), max_length=16, choices=PayoutStatus.choices, default=PayoutStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("diajukan"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    paid_on = models.DateField(_("tanggal dibayarkan"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("pencairan ke produsen")
        verbose_name_plural = _("pencairan ke produsen")
        ordering = ["order", "proposed_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="market_payout_positive"),
            # Maker-checker, in the database too: nobody decides their own payout.
            models.CheckConstraint(
                condition=~Q(decided_by=F("proposed_by")), name="market_payout_maker_checker"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.amount} {self.status}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "diusulkan", _("Diusulkan")
    ACCEPTED = "diterima", _("Diterima")
    REJECTED = "ditolak", _("Ditolak")


class ExportProposal(TimeStampedModel):
    """Confirmed sales to foreign buyers in a year, proposed to the officer as the unit's
    export value and destinations. Accepting writes the yearly report (registry services)."""

    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="export_proposals",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    value_usd = models.BigIntegerField(_("nilai ekspor (USD)"))
    countries = models.JSONField(_("negara tujuan"), default=list)
    orders = models.JSONField(_("pesanan"), default=list)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("usulan angka ekspor")
        verbose_name_plural = _("usulan angka ekspor")
        ordering = ["-year", "unit", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(status="diusulkan"),
                name="market_export_one_open_per_unit_year",
            ),
            models.CheckConstraint(
                condition=Q(value_usd__gte=0), name="market_export_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} USD {self.value_usd}"
