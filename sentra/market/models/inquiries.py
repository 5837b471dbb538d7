"""Buyers' inquiries about a product, and the shared counters of the flood limit."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sentra.core.models import TimeStampedModel


class InquiryStage(models.TextChoices):
    NEW = "baru", _("Baru")
    CONTACTED = "dihubungi", _("Dihubungi")
    QUOTED = "penawaran", _("Penawaran")
    ORDERED = "pesanan", _("Pesanan")
    DONE = "selesai", _("Selesai")
    CANCELLED = "batal", _("Batal")


# The stages an inquiry may move to from each stage (forward only; "batal" while open).
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    InquiryStage.NEW: (
        InquiryStage.CONTACTED,
        InquiryStage.QUOTED,
        InquiryStage.ORDERED,
        InquiryStage.CANCELLED,
    ),
    InquiryStage.CONTACTED: (InquiryStage.QUOTED, InquiryStage.ORDERED, InquiryStage.CANCELLED),
    InquiryStage.QUOTED: (InquiryStage.ORDERED, InquiryStage.CANCELLED),
    InquiryStage.ORDERED: (InquiryStage.DONE, InquiryStage.CANCELLED),
    InquiryStage.DONE: (),
    InquiryStage.CANCELLED: (),
}


class Inquiry(TimeStampedModel):
    """A buyer's message about a product, sent from the product page without an account.
    The buyer's contact is personal data: shown only inside Sentra, never publicly."""

    product = models.ForeignKey(
        "market.Product",
        verbose_name=_("produk"),
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    # The product's unit, kept here so that scope filters use one indexed column.
    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="inquiries",
        editable=False,
    )
    name = models.CharField(_("nama"), max_length=120)
    organisation = models.CharField(_("organisasi"), max_length=150, blank=True)
    country = models.CharField(_("negara"), max_length=2)
    email = models.EmailField(_("surel"), max_length=254)
    quantity = models.PositiveIntegerField(_("jumlah"))
    message = models.TextField(_("pesan"), max_length=2000)
    stage = models.CharField(
        _("tahap"), max_length=16, choices=InquiryStage.choices, default=InquiryStage.NEW
    )
    stage_changed_at = models.DateTimeField(_("tahap diubah"), null=True, blank=True)
    note = models.CharField(_("catatan tindak lanjut"), max_length=255, blank=True)
    # A keyed digest of product, e-mail and message: the same inquiry twice is not stored.
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False)

    class Meta:
        verbose_name = _("permintaan pembeli")
        verbose_name_plural = _("permintaan pembeli")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "stage"], name="market_inquiry_unit_stage_idx"),
            models.Index(fields=["created_at"], name="market_inquiry_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="market_inquiry_country_iso2"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=[s.value for s in InquiryStage]),
                name="market_inquiry_stage_valid",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="market_inquiry_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.country} {self.created_at:%Y-%m-%d}"

    @property
    def is_foreign(self) -> bool:
        return self.country != "ID"


class RateBucket(models.Model):
    """The recent hits of one client address on one limited action, in a row that requests
    lock while they count, so that every process of a deployment shares the count."""

    key = models.CharField(max_length=96, unique=True)
    hits = models.JSONField(default=list)  # ISO timestamps inside the window, oldest first
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("batas laju")
        verbose_name_plural = _("batas laju")

    def __str__(self) -> str:
        return self.key
