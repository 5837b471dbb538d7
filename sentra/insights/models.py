"""Insights tables: pre-aggregated statistics, exchange rates and kecamatan boundaries.

The Stats* tables are derived data: `sentra.insights.refresh` rebuilds them from the registry
and keeps them in step after each registry write. Nobody edits them by hand.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatsState(models.Model):
    """One row (pk=1) saying the Stats* tables are complete and kept in step. Without it,
    readers fall back to raw queries over the registry."""

    refreshed_at = models.DateTimeField(_("terakhir dihitung ulang"))
    cells = models.PositiveIntegerField(_("jumlah sel"), default=0)

    class Meta:
        verbose_name = _("status agregat statistik")
        verbose_name_plural = _("status agregat statistik")

    def __str__(self) -> str:
        return f"{self.refreshed_at:%Y-%m-%d %H:%M} {self.cells}"


class CellKey(models.Model):
    """The key every statistics cell shares: year × kecamatan × commodity."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    kecamatan = models.ForeignKey(
        "regions.Region", verbose_name=_("kecamatan"), on_delete=models.CASCADE, related_name="+"
    )
    commodity = models.ForeignKey(
        "registry.Commodity",
        verbose_name=_("komoditas"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        abstract = True


class Measures(models.Model):
    """The figures of a cell: units with an active yearly report and what they add up to."""

    units = models.PositiveIntegerField(_("unit"), default=0)
    units_new = models.PositiveIntegerField(_("unit baru"), default=0)
    units_closed = models.PositiveIntegerField(_("unit berhenti"), default=0)
    workers_male = models.PositiveIntegerField(_("tenaga kerja laki-laki"), default=0)
    workers_female = models.PositiveIntegerField(_("tenaga kerja perempuan"), default=0)
    women_owned = models.PositiveIntegerField(_("unit milik perempuan"), default=0)
    exporting = models.PositiveIntegerField(_("unit pengekspor"), default=0)
    reach_local = models.PositiveIntegerField(_("unit pasar lokal"), default=0)
    reach_regional = models.PositiveIntegerField(_("unit pasar regional"), default=0)
    reach_national = models.PositiveIntegerField(_("unit pasar nasional"), default=0)
    export_value_usd = models.BigIntegerField(_("nilai ekspor (USD)"), default=0)
    production_value = models.BigIntegerField(_("nilai produksi (Rp)"), default=0)
    investment = models.BigIntegerField(_("nilai investasi (Rp)"), default=0)
    without_nib = models.PositiveIntegerField(_("unit tanpa NIB"), default=0)
    unverified = models.PositiveIntegerField(_("unit belum diverifikasi"), default=0)

    class Meta:
        abstract = True


class StatsCell(CellKey, Measures):
    """Figures of one year × kecamatan × commodity (units with an active yearly report)."""

    class Meta:
        verbose_name = _("sel statistik")
        verbose_name_plural = _("sel statistik")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kecamatan", "commodity"], name="statscell_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.kecamatan_id} {self.commodity_id}"


class StatsCertCell(CellKey):
    """Units of a cell holding an active certificate of one kind."""

    kind_code = models.CharField(_("jenis sertifikat"), max_length=16)
    units = models.PositiveIntegerField(_("unit"), default=0)

    class Meta:
        verbose_name = _("sel sertifikat")
        verbose_name_plural = _("sel sertifikat")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kecamatan", "commodity", "kind_code"],
                name="statscertcell_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.kecamatan_id} {self.commodity_id} {self.kind_code}"


class StatsExportCell(CellKey):
    """Exporting units of a cell and their export value to one country."""

    country = models.CharField(_("negara"), max_length=2)
    units = models.PositiveIntegerField(_("unit"), default=0)
    value_usd = models.BigIntegerField(_("nilai (USD)"), default=0)

    class Meta:
        verbose_name = _("sel ekspor")
        verbose_name_plural = _("sel ekspor")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kecamatan", "commodity", "country"],
                name="statsexportcell_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.kecamatan_id} {self.commodity_id} {self.country}"


class AreaKey(models.Model):
    """The key of a roll-up: year × region (a province or a regency) × commodity. The sums
    of the kecamatan cells inside the region, kept in step with them, so that a provincial or
    national page reads a few hundred rows instead of every kecamatan's."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    area = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), on_delete=models.CASCADE, related_name="+"
    )
    commodity = models.ForeignKey(
        "registry.Commodity",
        verbose_name=_("komoditas"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        abstract = True


class StatsAreaCell(AreaKey, Measures):
    """Figures of one year × province or regency × commodity (sums of StatsCell)."""

    class Meta:
        verbose_name = _("sel statistik wilayah")
        verbose_name_plural = _("sel statistik wilayah")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "area", "commodity"], name="statsareacell_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.area_id} {self.commodity_id}"


class StatsAreaCertCell(AreaKey):
    """Units of a roll-up holding an active certificate of one kind."""

    kind_code = models.CharField(_("jenis sertifikat"), max_length=16)
    units = models.PositiveIntegerField(_("unit"), default=0)

    class Meta:
        verbose_name = _("sel sertifikat wilayah")
        verbose_name_plural = _("sel sertifikat wilayah")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "area", "commodity", "kind_code"],
                name="statsareacertcell_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.area_id} {self.commodity_id} {self.kind_code}"


class StatsAreaExportCell(AreaKey):
    """Exporting units of a roll-up and their export value to one country."""

    country = models.CharField(_("negara"), max_length=2)
    units = models.PositiveIntegerField(_("unit"), default=0)
    value_usd = models.BigIntegerField(_("nilai (USD)"), default=0)

    class Meta:
        verbose_name = _("sel ekspor wilayah")
        verbose_name_plural = _("sel ekspor wilayah")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "area", "commodity", "country"],
                name="statsareaexportcell_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.area_id} {self.commodity_id} {self.country}"


class StatsUnitKey(models.Model):
    """The cell key each unit was last counted under, so that an update that moves a unit
    to another kecamatan or commodity also recomputes the cell it left."""

    unit_id = models.BigIntegerField(primary_key=True)
    kecamatan_id = models.CharField(max_length=13)
    commodity_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("kunci sel unit")
        verbose_name_plural = _("kunci sel unit")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kecamatan_id} {self.commodity_id}"


class ExchangeRate(models.Model):
    """IDR per USD for a month (the first day of the month stands for the month)."""

    month = models.DateField(_("bulan"), unique=True)
    idr_per_usd = models.DecimalField(_("Rp per USD"), max_digits=12, decimal_places=2)
    source = models.CharField(_("sumber"), max_length=255)
    loaded_at = models.DateTimeField(_("dimuat"), auto_now=True)

    class Meta:
        verbose_name = _("kurs rupiah")
        verbose_name_plural = _("kurs rupiah")
        ordering = ["month"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(idr_per_usd__gt=0), name="exchangerate_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.idr_per_usd}"


class KecamatanBoundary(models.Model):
    """A kecamatan's boundary (GeoJSON geometry, WGS 84) loaded by `sentra load-boundaries`."""

    kecamatan = models.OneToOneField(
        "regions.Region",
        verbose_name=_("kecamatan"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    geometry = models.JSONField(_("geometri"))
    source = models.CharField(_("sumber"), max_length=255)
    loaded_at = models.DateTimeField(_("dimuat"), auto_now=True)

    class Meta:
        verbose_name = _("batas kecamatan")
        verbose_name_plural = _("batas kecamatan")
        ordering = ["kecamatan"]

    def __str__(self) -> str:
        return str(self.kecamatan_id)
