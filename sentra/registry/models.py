"""The IKM registry: owners, units, yearly reports, certificates and reference lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Right, Substr
from django.utils.translation import gettext_lazy as _

from sentra.core.models import TimeStampedModel


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class UnitStatus(models.TextChoices):
    ACTIVE = "aktif", _("Aktif")
    INACTIVE = "tidak_aktif", _("Tidak aktif")
    CLOSED = "tutup", _("Tutup")
    MOVED = "pindah", _("Pindah")


class MarketReach(models.TextChoices):
    LOCAL = "lokal", _("Lokal")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "nasional", _("Nasional")
    EXPORT = "ekspor", _("Ekspor")


class DataSource(models.TextChoices):
    SURVEY = "survei", _("Pendataan petugas")
    IMPORT = "impor", _("Impor berkas")
    OWNER = "pemilik", _("Diisi pemilik")
    DEMO = "demo", _("Data demo (sintetis)")


class Verification(models.TextChoices):
    UNVERIFIED = "belum", _("Belum diverifikasi")
    VERIFIED = "terverifikasi", _("Terverifikasi")
    # An officer sent the data back to the owner with a reason; the owner's next edit puts the
    # unit back in the queue.
    RETURNED = "dikembalikan", _("Dikembalikan ke pemilik")


class ClusterKind(models.TextChoices):
    SENTRA = "sentra", _("Sentra IKM")
    KUBE = "kube", _("KUBE")
    COOPERATIVE = "koperasi", _("Koperasi")


# The commodity of product names no synonym, KBLI or match resolved yet: a real category, so
# that every figure's parts still add up to its total. Officers map its names once.
UNCLASSIFIED = "belum-diklasifikasi"


class Commodity(models.Model):
    """A product category (editable reference data), e.g. "Batik Lebak"."""

    code = models.SlugField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama"), max_length=100, unique=True)
    synonyms = models.JSONField(_("sinonim"), default=list, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("komoditas")
        verbose_name_plural = _("komoditas")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class KbliCode(models.Model):
    """A KBLI code with its title, per KBLI edition (2020 by default)."""

    code = models.CharField(_("kode"), max_length=5)
    version = models.CharField(_("versi"), max_length=8, default="2020")
    title = models.CharField(_("judul"), max_length=255)

    class Meta:
        verbose_name = _("kode KBLI")
        verbose_name_plural = _("kode KBLI")
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="kbli_version_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class KbliCommodity(models.Model):
    """Which commodity a KBLI code's products belong to (reference data): the longest prefix
    of a code that is listed here wins ("10722" before "1072" before "10")."""

    prefix = models.CharField(_("awalan KBLI"), max_length=5, unique=True)
    commodity = models.ForeignKey(
        Commodity, verbose_name=_("komoditas"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("KBLI ke komoditas")
        verbose_name_plural = _("KBLI ke komoditas")
        ordering = ["prefix"]
        constraints = [
            models.CheckConstraint(
                condition=Q(prefix__regex=r"^[0-9]{1,5}$"), name="kbli_commodity_prefix_digits"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix} → {self.commodity_id}"


class LegalForm(models.Model):
    code = models.SlugField(_("kode"), max_length=16, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("bentuk badan usaha")
        verbose_name_plural = _("bentuk badan usaha")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class CertificateKind(models.Model):
    code = models.SlugField(_("kode"), max_length=16, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("jenis sertifikat")
        verbose_name_plural = _("jenis sertifikat")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """An owner (pelaku usaha). The NIK is stored encrypted, found by a keyed digest and
    shown masked; only services read it in clear.

    The NIK may be unknown (OSS exports and SIINas sheets carry none): then the three NIK
    columns are empty (the digest NULL, so any number of such owners coexist), the owner is
    shown as "NIK belum tercatat" and waits in the officers' worklist. The name may be empty
    too (a sheet that names no owner) and the sex unknown ("")."""

    name = models.CharField(_("nama"), max_length=150, blank=True)
    # NULL, not "", when unknown: a unique column holds many NULLs but only one "".
    nik_digest = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False
    )
    nik_encrypted = models.TextField(blank=True, editable=False)
    nik_masked = models.CharField(_("NIK (tersamar)"), max_length=16, blank=True, editable=False)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    phone_encrypted = models.TextField(blank=True, editable=False)
    phone_masked = models.CharField(_("telepon (tersamar)"), max_length=20, blank=True)
    consent = models.BooleanField(_("persetujuan pemrosesan data"), default=False)
    consent_at = models.DateTimeField(_("waktu persetujuan"), null=True, blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    data_source = models.CharField(
        _("sumber data"), max_length=16, choices=DataSource.choices, default=DataSource.SURVEY
    )
    # Optimistic locking of corrections, like units: the second of two editors gets a conflict.
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    # Set when the person's data was erased (UU PDP): the row stays as a tombstone so that
    # units and statistics keep their owner; name, NIK and phone are gone.
    erased_at = models.DateTimeField(_("dihapus pada"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("pelaku usaha")
        verbose_name_plural = _("pelaku usaha")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(sex__in=["L", "P", ""]), name="person_sex_valid"),
            models.CheckConstraint(
                # No NIK, a whole NIK, or an erased person's tombstone (a digest that matches
                # no NIK, so the owner is never "to complete" and no file revives it).
                condition=Q(nik_digest__isnull=True, nik_encrypted="", nik_masked="")
                | Q(nik_digest__isnull=False) & ~Q(nik_encrypted="") & ~Q(nik_masked="")
                | Q(
                    erased_at__isnull=False,
                    nik_digest__startswith="erased:",
                    nik_encrypted="",
                    nik_masked="",
                ),
                name="person_nik_all_or_none",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(_("(pemilik belum diketahui)"))

    @property
    def nik_recorded(self) -> bool:
        return self.nik_digest is not None


class Cluster(TimeStampedModel):
    """A sentra (≥5 units, same product) or a KUBE/cooperative."""

    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=16, choices=ClusterKind.choices)
    commodity = models.ForeignKey(
        Commodity, verbose_name=_("komoditas"), on_delete=models.PROTECT, null=True, blank=True
    )
    kecamatan = models.ForeignKey(
        "regions.Region", verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sentra/kelompok")
        verbose_name_plural = _("sentra/kelompok")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitCodeSequence(models.Model):
    """The last unit-code number given out in a regency. It only ever grows, so a unit code is
    never reused, even after its unit was deleted."""

    regency = models.CharField(_("kabupaten/kota"), max_length=5, primary_key=True)
    last = models.PositiveBigIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("urutan kode unit")
        verbose_name_plural = _("urutan kode unit")

    def __str__(self) -> str:
        return f"{self.regency} {self.last}"


class Unit(TimeStampedModel):
    """A unit IKM. `kecamatan` is kept equal to the desa's parent by the services, so that
    scope filters and statistics use one indexed column. `code` is the public identity every
    export carries and every import matches first (`IKM-3602-0001234`); it never changes."""

    code = models.CharField(_("kode unit"), max_length=20, unique=True, editable=False)
    business_name = models.CharField(_("nama usaha"), max_length=200)
    # Indexed below with the id (the list's order) and, on PostgreSQL, by trigrams (search).
    match_name = models.CharField(max_length=200, editable=False)
    owner = models.ForeignKey(
        Person, verbose_name=_("pemilik"), on_delete=models.PROTECT, related_name="units"
    )
    nib = models.CharField(_("NIB"), max_length=13, blank=True)
    legal_form = models.ForeignKey(
        LegalForm, verbose_name=_("bentuk usaha"), on_delete=models.PROTECT, null=True, blank=True
    )
    kbli = models.CharField(_("KBLI"), max_length=5, blank=True)
    kbli_version = models.CharField(_("versi KBLI"), max_length=8, default="2020")
    commodity = models.ForeignKey(
        Commodity, verbose_name=_("komoditas"), on_delete=models.PROTECT, related_name="units"
    )
    desa = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # indexed below without PostgreSQL's extra pattern index
    )
    kecamatan = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # indexed below, with the name (pages of a kecamatan)
    )
    kampung = models.CharField(_("kampung"), max_length=100, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    year_established = models.PositiveSmallIntegerField(_("tahun berdiri"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.ACTIVE
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("sentra/kelompok"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
    )
    data_source = models.CharField(
        _("sumber data"), max_length=16, choices=DataSource.choices, default=DataSource.SURVEY
    )
    verification = models.CharField(
        _("status verifikasi"),
        max_length=16,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("unit IKM")
        verbose_name_plural = _("unit IKM")
        ordering = ["business_name", "id"]
        # The list pages walk an index in their order (name, then id) inside the reader's
        # area: everything, a province or regency (the first 2 or 5 characters of the
        # kecamatan code), or a kecamatan. Plain B-trees: PostgreSQL's extra pattern-ops
        # indexes for LIKE are not needed (prefix searches use the region expressions).
        indexes = [
            models.Index(fields=["kecamatan", "commodity"], name="unit_kec_commodity_idx"),
            models.Index(fields=["match_name", "id"], name="unit_name_idx"),
            models.Index(fields=["kecamatan", "match_name", "id"], name="unit_kec_name_idx"),
            models.Index(
                Substr("kecamatan", 1, 5), F("match_name"), F("id"), name="unit_regency_name_idx"
            ),
            models.Index(
                Substr("kecamatan", 1, 2), F("match_name"), F("id"), name="unit_province_name_idx"
            ),
            models.Index(fields=["desa"], name="unit_desa_idx"),
            models.Index(fields=["nib"], name="unit_nib_idx"),
            models.Index(fields=["kbli"], name="unit_kbli_idx"),
            # The number of a unit code ("1234" finds IKM-3602-0001234 and its namesakes).
            models.Index(Right("code", 7), name="unit_code_number_idx"),
            models.Index(fields=["updated_at", "id"], name="unit_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nib="") | Q(nib__regex=r"^[0-9]{13}$"), name="unit_nib_format"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in UnitStatus]), name="unit_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.business_name


class YearlyReport(TimeStampedModel):
    """One record per unit per year (laporan tahunan). History is never overwritten:
    a new year gets a new row."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    is_active = models.BooleanField(_("aktif pada tahun ini"), default=True)
    workers_male = models.PositiveIntegerField(_("tenaga kerja laki-laki"), default=0)
    workers_female = models.PositiveIntegerField(_("tenaga kerja perempuan"), default=0)
    # Foreign workers (OSS reports them apart, without their sex); not in `workers`, which
    # counts the Indonesian workforce by sex as the office's figures do.
    workers_foreign = models.PositiveIntegerField(_("tenaga kerja asing"), default=0)
    investment = models.BigIntegerField(_("nilai investasi (Rp)"), default=0)
    production_value = models.BigIntegerField(_("nilai produksi (Rp)"), default=0)
    capacity = models.PositiveIntegerField(_("kapasitas produksi"), null=True, blank=True)
    capacity_unit = models.CharField(_("satuan kapasitas"), max_length=32, blank=True)
    raw_materials = models.CharField(_("bahan baku"), max_length=255, blank=True)
    market_reach = models.CharField(
        _("jangkauan pasar"),
        max_length=16,
        choices=MarketReach.choices,
        default=MarketReach.LOCAL,
    )
    export_value_usd = models.BigIntegerField(_("nilai ekspor (USD)"), default=0)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("laporan tahunan")
        verbose_name_plural = _("laporan tahunan")
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="report_unit_year_unique"),
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=2100), name="report_year_range"
            ),
            models.CheckConstraint(
                condition=Q(investment__gte=0)
                & Q(production_value__gte=0)
                & Q(export_value_usd__gte=0),
                name="report_money_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["year", "is_active"], name="report_year_active_idx")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    @property
    def workers(self) -> int:
        return self.workers_male + self.workers_female


class ExportDestination(models.Model):
    """A country a unit exported to in a year (ISO 3166 alpha-2), with its value."""

    report = models.ForeignKey(
        YearlyReport, on_delete=models.CASCADE, related_name="export_destinations"
    )
    country = models.CharField(_("negara"), max_length=2)
    value_usd = models.BigIntegerField(_("nilai (USD)"), default=0)

    class Meta:
        verbose_name = _("tujuan ekspor")
        verbose_name_plural = _("tujuan ekspor")
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(fields=["report", "country"], name="export_report_country"),
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="export_country_iso2"
            ),
        ]

    def __str__(self) -> str:
        return self.country


class ProductLine(models.Model):
    """One product a unit makes: the name as the source wrote it ("GULA AREN CETAK"), its KBLI,
    capacity and commodity. OSS and SIINas give one row per product; a unit keeps them all.
    Imports add and update lines by name and never remove one (a blank never erases)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="product_lines"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    name = models.CharField(_("nama produk"), max_length=200)
    match_name = models.CharField(max_length=200, db_index=True, editable=False)
    kbli = models.CharField(_("KBLI"), max_length=5, blank=True)
    capacity = models.DecimalField(
        _("kapasitas"), max_digits=18, decimal_places=3, null=True, blank=True
    )
    capacity_unit = models.CharField(_("satuan kapasitas"), max_length=32, blank=True)
    commodity = models.ForeignKey(
        Commodity, verbose_name=_("komoditas"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("produk unit")
        verbose_name_plural = _("produk unit")
        ordering = ["unit", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "match_name"], name="product_unit_name"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="product_capacity_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CertificateStatus(models.TextChoices):
    ACTIVE = "berlaku", _("Berlaku")
    EXPIRED = "kedaluwarsa", _("Kedaluwarsa")
    IN_PROCESS = "proses", _("Dalam proses")
    REVOKED = "dicabut", _("Dicabut")


class Certificate(TimeStampedModel):
    """A legality or certificate held by a unit (P-IRT, Halal, HKI/merek, SNI, ...)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.ForeignKey(CertificateKind, verbose_name=_("jenis"), on_delete=models.PROTECT)
    number = models.CharField(_("nomor"), max_length=64, blank=True)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.ACTIVE,
    )

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        ordering = ["unit", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                name="certificate_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


class NoticeKind(models.TextChoices):
    VERIFIED = "terverifikasi", _("Data diverifikasi")
    RETURNED = "dikembalikan", _("Data dikembalikan")


class OwnerNotice(models.Model):
    """A message to an owner about one of their units (an officer verified or returned their
    changes), shown on the owner's own page. Email is not configured, so this is the channel."""

    person = models.ForeignKey(
        Person, verbose_name=_("pemilik"), on_delete=models.CASCADE, related_name="notices"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("jenis"), max_length=16, choices=NoticeKind.choices)
    reason = models.CharField(_("alasan"), max_length=500, blank=True)
    sent_by = models.CharField(_("dikirim oleh"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan pemilik")
        verbose_name_plural = _("pemberitahuan pemilik")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "read_at"], name="notice_person_read_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind}"


class RequestStatus(models.TextChoices):
    OPEN = "menunggu", _("Menunggu")
    DONE = "selesai", _("Selesai")
    REJECTED = "ditolak", _("Ditolak")


class UnitRequest(TimeStampedModel):
    """A unit an officer entered for an owner they may not see: the NIK belongs to a person
    whose units all lie outside the officer's kecamatan. An admin confirms it (the unit is
    registered then) or rejects it; until then the officer learns nothing about that person."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("pelaku usaha"), on_delete=models.CASCADE, related_name="+"
    )
    kecamatan = models.ForeignKey(
        "regions.Region", verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    unit_data = models.JSONField(_("data unit"))
    owner_name_given = models.CharField(_("nama pemilik menurut petugas"), max_length=150)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("permintaan konfirmasi unit")
        verbose_name_plural = _("permintaan konfirmasi unit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="unit_request_status_idx")]

    def __str__(self) -> str:
        return f"{self.unit_data.get('business_name', '')} ({self.get_status_display()})"


class DataRequestKind(models.TextChoices):
    CORRECTION = "perbaikan", _("Perbaikan data")
    ERASURE = "penghapusan", _("Penghapusan data")


class DataRequest(TimeStampedModel):
    """A data subject's request under UU PDP 27/2022: a correction (filed by the owner,
    handled by staff within the legal deadline) or an erasure (asked by one admin and carried
    out only when another admin approves it: maker-checker)."""

    kind = models.CharField(_("jenis"), max_length=16, choices=DataRequestKind.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("pelaku usaha"), on_delete=models.CASCADE, related_name="requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    details = models.TextField(_("uraian"), max_length=2000)
    deadline = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")
        ordering = ["deadline", "created_at", "id"]
        indexes = [models.Index(fields=["status", "kind"], name="data_request_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person_id} ({self.get_status_display()})"


class RevealLog(models.Model):
    """Who saw a person's NIK or phone in clear, and from where. The audit log records the
    same event without the client address; this table keeps the address for the retention
    period (see `sentra privacy retention`) and shows owners who looked at their data."""

    at = models.DateTimeField(_("waktu"), db_index=True)
    person = models.ForeignKey(
        Person, verbose_name=_("pelaku usaha"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    user_label = models.CharField(_("nama pengguna"), max_length=150)
    field = models.CharField(_("data"), max_length=8)
    client = models.CharField(_("alamat klien"), max_length=45, blank=True)

    class Meta:
        verbose_name = _("catatan tampil data pribadi")
        verbose_name_plural = _("catatan tampil data pribadi")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.field}"
