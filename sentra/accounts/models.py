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
