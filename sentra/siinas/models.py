"""Each unit's SIINas reporting status per year, and the office's yearly target."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sentra.core.models import TimeStampedModel


class StatusSource(models.TextChoices):
    MANUAL = "manual", _("Dicatat petugas")
    IMPORT = "impor", _("Impor daftar")


class SiinasStatus(TimeStampedModel):
    """A unit has reported its year to SIINas (sudah lapor) when this row exists with a
    receipt number (nomor bukti) or a date; no row means "belum lapor"."""

    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="siinas_statuses",
    )
    year = models.PositiveSmallIntegerField(_("tahun data"))
    receipt_number = models.CharField(_("nomor bukti"), max_length=64, blank=True)
    reported_on = models.DateField(_("tanggal lapor"), null=True, blank=True)
    source = models.CharField(
        _("sumber"), max_length=16, choices=StatusSource.choices, default=StatusSource.MANUAL
    )

    class Meta:
        verbose_name = _("status SIINas")
        verbose_name_plural = _("status SIINas")
        ordering = ["-year", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="siinas_unit_year_unique"),
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=2100), name="siinas_year_range"
            ),
            models.CheckConstraint(
                condition=~Q(receipt_number="") | Q(reported_on__isnull=False),
                name="siinas_status_has_proof",
            ),
        ]
        indexes = [models.Index(fields=["year", "unit"], name="siinas_year_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.receipt_number}"


class SiinasTarget(TimeStampedModel):
    """How many units the office aims to have reported to SIINas for a year."""

    year = models.PositiveSmallIntegerField(_("tahun data"), unique=True)
    units = models.PositiveIntegerField(_("target unit"))

    class Meta:
        verbose_name = _("target SIINas")
        verbose_name_plural = _("target SIINas")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=2100), name="siinas_target_year_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.units}"
