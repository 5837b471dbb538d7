"""Raw-material suppliers, producers' raw-material requests, their matches and the in-app
notifications that tell both sides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sentra.core.models import TimeStampedModel


class Material(models.TextChoices):
    BAMBOO = "bambu", _("Bambu")
    PALM_SAP = "nira", _("Nira / gula aren")
    WOOD = "kayu", _("Kayu")
    YARN = "benang", _("Benang / kain")
    STONE = "batu", _("Batu")


class Supplier(TimeStampedModel):
    """A raw-material supplier (often a farmer group). Its contact is encrypted at rest and
    shown only inside Sentra; the public directory lists suppliers who agreed to it."""

    name = models.CharField(_("nama pemasok"), max_length=150)
    material = models.CharField(_("bahan baku"), max_length=16, choices=Material.choices)
    description = models.TextField(_("keterangan"), max_length=1000, blank=True)
    kecamatan = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    desa = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    capacity = models.CharField(_("kapasitas"), max_length=100)
    season = models.CharField(_("musim"), max_length=100, default="Sepanjang tahun")
    contact_encrypted = models.TextField(blank=True, editable=False)
    contact_masked = models.CharField(_("kontak (tersamar)"), max_length=40, blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pemasok"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="market_suppliers",
    )
    listed_publicly = models.BooleanField(_("tampil di direktori publik"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("pemasok bahan baku")
        verbose_name_plural = _("pemasok bahan baku")
        ordering = ["material", "name", "id"]
        indexes = [models.Index(fields=["material", "kecamatan"], name="market_supplier_mat_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(material__in=[m.value for m in Material]),
                name="market_supplier_material_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name


class RequestStatus(models.TextChoices):
    OPEN = "terbuka", _("Terbuka")
    CLOSED = "ditutup", _("Ditutup")


class MaterialRequest(TimeStampedModel):
    """A producer's need for a raw material, matched against suppliers nearby."""

    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="material_requests",
    )
    material = models.CharField(_("bahan baku"), max_length=16, choices=Material.choices)
    quantity = models.CharField(_("jumlah"), max_length=100)
    needed_by = models.DateField(_("dibutuhkan sebelum"), null=True, blank=True)
    note = models.TextField(_("catatan"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("permintaan bahan baku")
        verbose_name_plural = _("permintaan bahan baku")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(material__in=[m.value for m in Material]),
                name="market_request_material_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.material}"


class MatchBasis(models.TextChoices):
    SAME_KECAMATAN = "kecamatan_sama", _("Kecamatan yang sama")
    NEIGHBOUR = "kecamatan_tetangga", _("Kecamatan bertetangga")
    DISTANCE = "jarak", _("Jarak dari koordinat")


class MaterialMatch(models.Model):
    """A supplier that fits a request: the same material, close enough."""

    request = models.ForeignKey(
        MaterialRequest,
        verbose_name=_("permintaan"),
        on_delete=models.CASCADE,
        related_name="matches",
    )
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("pemasok"), on_delete=models.CASCADE, related_name="matches"
    )
    basis = models.CharField(_("dasar kecocokan"), max_length=24, choices=MatchBasis.choices)
    distance_km = models.DecimalField(
        _("jarak (km)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kecocokan bahan baku")
        verbose_name_plural = _("kecocokan bahan baku")
        ordering = ["request", "distance_km", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "supplier"], name="market_match_once_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} ↔ {self.supplier_id}"


class Notification(models.Model):
    """An in-app message to one user (a match found, an inquiry received, a payout)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="market_notifications",
    )
    text = models.CharField(_("pesan"), max_length=255)
    link = models.CharField(_("tautan"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="market_notice_recipient_idx")
        ]

    def __str__(self) -> str:
        return self.text
