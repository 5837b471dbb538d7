"""Development programs (pembinaan): programs, participations, aid items, certificates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sentra.core.models import TimeStampedModel


class ProgramKind(models.TextChoices):
    TRAINING = "pelatihan", _("Pelatihan")
    STUDY_TRIP = "studi_banding", _("Studi banding")
    PRODUCTION_AID = "bantuan_produksi", _("Bantuan produksi")
    CERTIFICATION = "fasilitasi_sertifikasi", _("Fasilitasi sertifikasi")
    EXHIBITION = "pameran_kurasi", _("Pameran/kurasi")
    MENTORING = "pendampingan", _("Pendampingan")


# Kinds whose delivery is a handover (diterima) rather than attendance (hadir).
HANDOVER_KINDS = frozenset({ProgramKind.PRODUCTION_AID, ProgramKind.CERTIFICATION})


class FundingSource(models.TextChoices):
    APBD_KABUPATEN = "apbd_kab", _("APBD kabupaten")
    APBD_PROVINSI = "apbd_prov", _("APBD provinsi")
    DAK = "dak", _("DAK")
    APBN = "apbn", _("APBN")
    CSR = "csr", _("CSR")


class TargetKind(models.TextChoices):
    UNIT = "unit", _("Unit IKM")
    GROUP = "kelompok", _("Kelompok/KUBE")
    SENTRA = "sentra", _("Sentra")


class ProgramStatus(models.TextChoices):
    PLANNED = "rencana", _("Rencana")
    SELECTION = "seleksi", _("Seleksi")
    RUNNING = "berjalan", _("Berjalan")
    DONE = "selesai", _("Selesai")
    CANCELLED = "batal", _("Batal")


class Stage(models.TextChoices):
    PROPOSED = "diusulkan", _("Diusulkan")
    VERIFIED = "diverifikasi", _("Diverifikasi")
    APPROVED = "disetujui", _("Disetujui")
    REJECTED = "ditolak", _("Ditolak")
    ATTENDED = "hadir", _("Hadir")
    RECEIVED = "diterima", _("Diterima")
    COMPLETED = "selesai", _("Selesai")


# A participation in one of these stages has been granted the program (counts as "aided").
GRANTED_STAGES = (Stage.APPROVED, Stage.ATTENDED, Stage.RECEIVED, Stage.COMPLETED)
# ... and in one of these it was actually delivered (counts as reached / recipient).
REACHED_STAGES = (Stage.ATTENDED, Stage.RECEIVED, Stage.COMPLETED)


class Program(TimeStampedModel):
    kind = models.CharField(_("jenis"), max_length=24, choices=ProgramKind.choices)
    name = models.CharField(_("nama program"), max_length=200)
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    funding_source = models.CharField(
        _("sumber dana"), max_length=16, choices=FundingSource.choices
    )
    budget_ceiling = models.BigIntegerField(_("pagu anggaran (Rp)"), default=0)
    realised_spending = models.BigIntegerField(_("realisasi anggaran (Rp)"), default=0)
    quota = models.PositiveIntegerField(_("kuota peserta"), default=0)
    starts_on = models.DateField(_("tanggal mulai"), null=True, blank=True)
    ends_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    place = models.CharField(_("tempat/tujuan"), max_length=200, blank=True)
    partners = models.CharField(_("narasumber/mitra"), max_length=255, blank=True)
    target_kind = models.CharField(
        _("sasaran"), max_length=16, choices=TargetKind.choices, default=TargetKind.UNIT
    )
    criteria = models.JSONField(_("kriteria sasaran"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProgramStatus.choices, default=ProgramStatus.PLANNED
    )
    description = models.TextField(_("keterangan"), blank=True)
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)

    class Meta:
        verbose_name = _("program pembinaan")
        verbose_name_plural = _("program pembinaan")
        ordering = ["-fiscal_year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ProgramKind]), name="program_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ProgramStatus]),
                name="program_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(budget_ceiling__gte=0) & Q(realised_spending__gte=0),
                name="program_money_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="program_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def delivered_stage(self) -> str:
        return Stage.RECEIVED if self.kind in HANDOVER_KINDS else Stage.ATTENDED

    @property
    def realisation_percent(self) -> float | None:
        if not self.budget_ceiling:
            return None
        return round(100 * self.realised_spending / self.budget_ceiling, 1)


class Participation(TimeStampedModel):
    """A unit (or a group) in a program, moving through the stages."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="participations"
    )
    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
    )
    cluster = models.ForeignKey(
        "registry.Cluster",
        verbose_name=_("sentra/kelompok"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
    )
    stage = models.CharField(
        _("tahap"), max_length=16, choices=Stage.choices, default=Stage.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diusulkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diverifikasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disetujui/ditolak oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("waktu usul"), null=True, blank=True)
    decided_at = models.DateTimeField(_("waktu keputusan"), null=True, blank=True)
    delivered_on = models.DateField(_("tanggal hadir/terima"), null=True, blank=True)
    eligibility = models.JSONField(_("hasil pemeriksaan kriteria"), default=dict, blank=True)
    baseline = models.JSONField(_("data awal (dibekukan)"), default=dict, blank=True)
    override_reason = models.TextField(_("alasan pengecualian"), blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)

    class Meta:
        verbose_name = _("peserta program")
        verbose_name_plural = _("peserta program")
        ordering = ["program", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(cluster__isnull=True))
                | (Q(unit__isnull=True) & Q(cluster__isnull=False)),
                name="participation_unit_xor_cluster",
            ),
            models.UniqueConstraint(
                fields=["program", "unit"], name="participation_program_unit_unique"
            ),
            models.UniqueConstraint(
                fields=["program", "cluster"], name="participation_program_cluster_unique"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=[s.value for s in Stage]), name="participation_stage_valid"
            ),
        ]
        indexes = [models.Index(fields=["stage"], name="participation_stage_idx")]

    def __str__(self) -> str:
        return f"{self.program.code} · {self.target_name}"

    @property
    def target_name(self) -> str:
        if self.unit_id is not None and self.unit is not None:
            return self.unit.business_name
        return self.cluster.name if self.cluster is not None else ""


class AidItem(TimeStampedModel):
    """Something handed over to a participant, with its handover record (BAST)."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("peserta"),
        on_delete=models.CASCADE,
        related_name="aid_items",
    )
    item = models.CharField(_("barang/jasa"), max_length=200)
    quantity = models.PositiveIntegerField(_("jumlah"), default=1)
    unit_of_measure = models.CharField(_("satuan"), max_length=32, blank=True)
    value = models.BigIntegerField(_("nilai (Rp)"), default=0)
    bast_number = models.CharField(_("nomor BAST"), max_length=64)
    handed_over_on = models.DateField(_("tanggal serah terima"))

    class Meta:
        verbose_name = _("barang bantuan")
        verbose_name_plural = _("barang bantuan")
        ordering = ["participation", "handed_over_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="aid_value_not_negative"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="aid_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.bast_number})"


class CertificateFacilitation(TimeStampedModel):
    """A registry certificate obtained through a program."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("peserta"),
        on_delete=models.CASCADE,
        related_name="certificate_links",
    )
    certificate = models.OneToOneField(
        "registry.Certificate",
        verbose_name=_("sertifikat"),
        on_delete=models.CASCADE,
        related_name="facilitation",
    )

    class Meta:
        verbose_name = _("sertifikat hasil fasilitasi")
        verbose_name_plural = _("sertifikat hasil fasilitasi")
        ordering = ["participation", "id"]

    def __str__(self) -> str:
        return str(self.certificate)
