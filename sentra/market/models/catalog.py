"""The public catalog: producers' profiles, publication consent, products and their photos."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from sentra.core.models import TimeStampedModel


class ProducerProfile(TimeStampedModel):
    """What a unit shows about itself in the catalog. Owned by the market app; the unit's
    registry record is never changed from here."""

    unit = models.OneToOneField(
        "registry.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="market_profile",
    )
    story = models.TextField(_("cerita usaha"), max_length=2000, blank=True)
    show_owner_name = models.BooleanField(_("tampilkan nama pemilik"), default=False)
    home_industry = models.BooleanField(_("industri rumahan"), default=False)
    export_ready = models.BooleanField(_("siap ekspor"), default=False)

    class Meta:
        verbose_name = _("profil produsen")
        verbose_name_plural = _("profil produsen")

    def __str__(self) -> str:
        return str(self.unit)


class PublicationConsent(models.Model):
    """The owner's consent to show the unit and its products in the public catalog. One row
    per grant; withdrawing fills `withdrawn_at`, so the history stays."""

    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="publication_consents",
    )
    given_at = models.DateTimeField(_("diberikan"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by_label = models.CharField(_("dicatat oleh (nama)"), max_length=150)
    withdrawn_at = models.DateTimeField(_("ditarik"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditarik oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_by_label = models.CharField(_("ditarik oleh (nama)"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("persetujuan publikasi")
        verbose_name_plural = _("persetujuan publikasi")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(withdrawn_at__isnull=True),
                name="market_consent_one_active_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.given_at:%Y-%m-%d}"


class ProductStatus(models.TextChoices):
    PENDING = "menunggu", _("Menunggu moderasi")
    PUBLISHED = "tayang", _("Tayang")
    REJECTED = "ditolak", _("Ditolak")
    ARCHIVED = "diarsipkan", _("Diarsipkan")


class Product(TimeStampedModel):
    """A product in the catalog. A published product's edits wait in `pending_changes` until a
    moderator accepts them; buyers keep seeing the approved text meanwhile."""

    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="products"
    )
    commodity = models.ForeignKey(
        "registry.Commodity",
        verbose_name=_("komoditas"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("nama produk"), max_length=120)
    description = models.TextField(_("deskripsi"), max_length=2000, blank=True)
    price_min = models.BigIntegerField(_("harga (Rp)"))
    price_max = models.BigIntegerField(_("harga tertinggi (Rp)"), null=True, blank=True)
    unit_of_sale = models.CharField(_("satuan"), max_length=32, default="buah")
    min_order = models.PositiveIntegerField(_("pesanan minimum"), default=1)
    monthly_capacity = models.PositiveIntegerField(_("kapasitas per bulan"), null=True, blank=True)
    in_stock = models.BooleanField(_("stok tersedia"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProductStatus.choices, default=ProductStatus.PENDING
    )
    pending_changes = models.JSONField(_("perubahan menunggu moderasi"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("dimoderasi"), null=True, blank=True)
    moderation_note = models.CharField(_("catatan moderasi"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["status", "commodity"], name="market_product_status_idx"),
            models.Index(fields=["unit", "status"], name="market_product_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_min__gte=0), name="market_product_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(price_max__isnull=True) | Q(price_max__gte=F("price_min")),
                name="market_product_price_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(min_order__gte=1), name="market_product_min_order_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ProductStatus]),
                name="market_product_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def slug(self) -> str:
        return slugify(self.name)[:60].strip("-") or "produk"


class ProductPhoto(models.Model):
    """A photo resized to web sizes, EXIF removed. Stored in the database so that several app
    hosts serve the same picture without shared file storage (docs/decisions.md)."""

    product = models.ForeignKey(
        Product, verbose_name=_("produk"), on_delete=models.CASCADE, related_name="photos"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    large = models.BinaryField(_("gambar besar"))
    thumb = models.BinaryField(_("gambar kecil"))
    width = models.PositiveIntegerField(_("lebar"))
    height = models.PositiveIntegerField(_("tinggi"))
    digest = models.CharField(_("sidik"), max_length=64)
    approved = models.BooleanField(_("disetujui"), default=False)
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("foto produk")
        verbose_name_plural = _("foto produk")
        ordering = ["product", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "digest"], name="market_photo_once_per_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product_id}#{self.position}"
