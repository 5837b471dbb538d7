"""Users and their roles; officers are assigned to kecamatan."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin dinas")
    ANALYST = "analyst", _("Analis")
    OFFICER = "officer", _("Petugas lapangan")
    OWNER = "owner", _("Pemilik IKM")
    # The market (issue 11): the partner cooperative that handles buyers' money, and the
    # province's women's-empowerment office that follows women's home industries.
    KOPERASI = "koperasi", _("Koperasi mitra")
    PARTNER = "partner", _("Mitra pemberdayaan perempuan")
    # Provincial or national staff who read the figures and records of some provinces or
    # regencies (a provincial or national deployment, issue 14).
    REGIONAL_ANALYST = "regional_analyst", _("Analis wilayah")


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=16, choices=Role.choices, default=Role.OWNER)
    kecamatan = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("kecamatan tugas"),
        blank=True,
        related_name="officers",
        limit_choices_to={"level": 3},
    )
    regions = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("wilayah tugas"),
        blank=True,
        related_name="analysts",
        limit_choices_to={"level__in": [1, 2]},
        help_text=_("Provinsi atau kabupaten/kota yang dibaca analis wilayah."),
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="user_role_valid"
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class LoginAttempt(models.Model):
    """A failed login for one username from one client address: the log behind the
    throttle (pruned by `sentra privacy retention`)."""

    username = models.CharField(_("nama pengguna"), max_length=150)
    ip = models.CharField(_("alamat IP"), max_length=45)
    at = models.DateTimeField(_("waktu"), db_index=True)

    class Meta:
        verbose_name = _("percobaan masuk gagal")
        verbose_name_plural = _("percobaan masuk gagal")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["username", "ip", "at"], name="login_attempt_key_idx")]

    def __str__(self) -> str:
        return f"{self.username} {self.ip} {self.at:%Y-%m-%d %H:%M}"


class LoginThrottle(models.Model):
    """The throttle state of one (username, client address) pair, in the database so every
    process sees it. `failures` is counted before the password is checked, so concurrent
    guesses cannot slip past the limit; a success resets it."""

    username = models.CharField(_("nama pengguna"), max_length=150)
    client = models.CharField(_("alamat klien"), max_length=45)
    failures = models.PositiveIntegerField(_("kegagalan berturut-turut"), default=0)
    last_failure_at = models.DateTimeField(_("kegagalan terakhir"), null=True, blank=True)
    locked_until = models.DateTimeField(_("dikunci sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("pembatasan masuk")
        verbose_name_plural = _("pembatasan masuk")
        constraints = [
            models.UniqueConstraint(fields=["username", "client"], name="login_throttle_key")
        ]
        indexes = [models.Index(fields=["client", "last_failure_at"], name="login_throttle_client")]

    def __str__(self) -> str:
        return f"{self.username} {self.client} {self.failures}"
