"""Kemendagri administrative regions: province, regency, kecamatan, desa/kelurahan."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    # The whole country ("ID"): the home region of a national deployment.
    COUNTRY = 0, _("Negara")
    PROVINCE = 1, _("Provinsi")
    REGENCY = 2, _("Kabupaten/Kota")
    DISTRICT = 3, _("Kecamatan")
    VILLAGE = 4, _("Desa/Kelurahan")


class Region(models.Model):
    """A region keyed by its Kemendagri code (`36.02.14.2017`), with dots and leading zeros.
    The country itself is the row "ID" (level 0), the home region of a national deployment;
    provinces keep no parent, so every code's parent is its prefix."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    match_name = models.CharField(_("nama untuk pencocokan"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"], name="region_level_code_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_kelurahan(self) -> bool:
        """Kemendagri numbers kelurahan 1xxx and desa 2xxx."""
        return self.level == RegionLevel.VILLAGE and self.code[-4] == "1"

    @property
    def label(self) -> str:
        if self.level == RegionLevel.COUNTRY:
            return self.name
        if self.level == RegionLevel.VILLAGE:
            return f"{'Kelurahan' if self.is_kelurahan else 'Desa'} {self.name}"
        if self.level == RegionLevel.DISTRICT:
            return f"Kecamatan {self.name}"
        return self.name
