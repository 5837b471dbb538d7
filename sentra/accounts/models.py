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


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=16, choices=Role.choices, default=Role.OWNER)
    kecamatan = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("kecamatan tugas"),
        blank=True,
        related_name="officers",
        limit_choices_to={"level": 3},
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
    """A failed login for one username from one IP address. Kept in the database (not a
    cache) so that every process of a deployment sees the same count; cleared on success."""

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
