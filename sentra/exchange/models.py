"""Import runs: one row per import (preview, CLI run or confirmed upload) with its report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "antre", _("Menunggu giliran")
    PREVIEW = "pratinjau", _("Pratinjau (belum ditulis)")
    RUNNING = "berjalan", _("Sedang berjalan")
    DONE = "selesai", _("Selesai")
    FAILED = "gagal", _("Gagal")
    CANCELLED = "dibatalkan", _("Dibatalkan")
    EXPIRED = "kedaluwarsa", _("Kedaluwarsa")


class RunStage(models.TextChoices):
    """The last checkpoint a background import reached (see `importer.import_file`)."""

    QUEUED = "queued", _("Menunggu pekerja latar")
    READ = "read", _("Berkas terbaca")
    PARSE = "parse", _("Memeriksa baris")
    PLAN = "plan", _("Rencana impor siap")
    WRITE = "write", _("Menulis data")
    WRITTEN = "written", _("Data tertulis")
    DONE = "done", _("Selesai")


class RunSource(models.TextChoices):
    CLI = "cli", _("Perintah sentra")
    WEB = "web", _("Unggah di web")


class ImportRun(models.Model):
    """Recorded in its own transactions before and after the import's writes, so that a crash
    leaves a "berjalan" row that `run_reap_stale` later marks as failed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("pelaku"), max_length=150, blank=True)
    source = models.CharField(_("sumber"), max_length=8, choices=RunSource.choices)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    stored_name = models.CharField(max_length=64, blank=True, editable=False)
    sheet = models.CharField(_("lembar"), max_length=100, blank=True)
    # The data year: given at upload or by --year, else the one the file states (set when the
    # file has been read); empty when every row carries its own year.
    year = models.PositiveSmallIntegerField(_("tahun data"), null=True, blank=True)
    dry_run = models.BooleanField(_("uji coba"), default=False)
    # The source layout the user forced ("" = recognised by the headers) and the columns they
    # re-mapped in the preview (header → field, "" to ignore), used again on confirmation.
    profile = models.CharField(_("profil sumber"), max_length=32, blank=True)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict, blank=True)
    atomic = models.BooleanField(_("semua atau tidak sama sekali"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices)
    pid = models.PositiveIntegerField(null=True, blank=True, editable=False)
    host = models.CharField(max_length=255, blank=True, editable=False)
    started_at = models.DateTimeField(_("mulai"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    created = models.PositiveIntegerField(_("dibuat"), default=0)
    updated = models.PositiveIntegerField(_("diperbarui"), default=0)
    unchanged = models.PositiveIntegerField(_("tidak berubah"), default=0)
    rejected = models.PositiveIntegerField(_("ditolak"), default=0)
    skipped = models.PositiveIntegerField(_("dilewati"), default=0)
    report = models.JSONField(_("laporan"), default=dict, blank=True)
    # Progress of a background (web) import, written outside its write transaction so that
    # the progress page, on any connection, reads it while the import runs.
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    queued_at = models.DateTimeField(_("masuk antrean"), null=True, blank=True)
    stage = models.CharField(_("tahap"), max_length=16, choices=RunStage.choices, blank=True)
    rows_read = models.PositiveIntegerField(_("baris dibaca"), default=0)
    rows_planned = models.PositiveIntegerField(_("baris direncanakan"), default=0)
    rows_written = models.PositiveIntegerField(_("baris ditulis"), default=0)
    cancel_requested = models.BooleanField(_("pembatalan diminta"), default=False)
    error_code = models.CharField(_("kode galat"), max_length=64, blank=True)
    error_message = models.TextField(_("pesan galat"), blank=True)

    class Meta:
        verbose_name = _("impor")
        verbose_name_plural = _("riwayat impor")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in RunStatus]),
                name="importrun_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class ColumnProfile(models.Model):
    """A column mapping a user saved under a name in the import preview: for one set of
    headers (`header_set`, a digest of the header texts compared without case and
    punctuation), a base source layout and header text → field ("" ignores the column). When
    a file with the same headers comes again the mapping is applied by itself."""

    name = models.CharField(_("nama"), max_length=100, unique=True)
    base = models.CharField(_("profil dasar"), max_length=32, default="sentra")
    header_set = models.CharField(max_length=32, db_index=True, editable=False)
    columns = models.JSONField(_("pemetaan kolom"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("profil kolom")
        verbose_name_plural = _("profil kolom")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
