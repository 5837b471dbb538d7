"""API tokens (only a digest is stored) and the shared per-token request counters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    READ = "read", _("Baca")
    WRITE = "write", _("Baca dan ubah")


class ApiToken(models.Model):
    """A personal token for scripts. The token itself is shown once and never stored: only
    its SHA-256 digest (tokens are long random strings, so no key stretching is needed)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(_("awalan"), max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(
        _("cakupan"), max_length=8, choices=TokenScope.choices, default=TokenScope.READ
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["read", "write"]), name="api_token_scope_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ApiRateWindow(models.Model):
    """Requests counted per caller (a token, or an address for anonymous calls) per
    one-minute window. A table, not a process-local cache, so that every process of a
    deployment shares the count."""

    key = models.CharField(max_length=64)
    window = models.BigIntegerField()  # minutes since the Unix epoch
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("jendela batas permintaan API")
        verbose_name_plural = _("jendela batas permintaan API")
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="api_rate_key_window_unique")
        ]
        indexes = [models.Index(fields=["window"], name="api_rate_window_idx")]

    def __str__(self) -> str:
        return f"{self.key} {self.window} {self.count}"
