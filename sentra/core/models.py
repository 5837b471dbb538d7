"""Shared model pieces: the append-only audit log and reference-data provenance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


# The hash chain's writer (`sentra.core.audit.audit_rows_append`), plugged in by
# `CoreConfig.ready()`: the service imports this model, so the model does not import it back.
CHAIN_WRITER: list[Callable[[list[AuditLog]], None]] = []


def _chain_append(rows: list[AuditLog]) -> None:
    if not CHAIN_WRITER:
        raise RuntimeError("The audit chain's writer is not installed (sentra.core not ready).")
    CHAIN_WRITER[0](rows)


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    """Bulk updates and deletes are refused too: the log is append-only (and database
    triggers refuse them below the ORM, see `sentra.core.appendonly`). A bulk insert goes
    through the hash chain like every other insert."""

    def update(self, **kwargs: Any) -> int:
        raise ValueError("Audit log rows are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit log rows are append-only.")

    def bulk_create(  # type: ignore[override]  # the chain decides batching and conflicts
        self, objs: Any, *args: Any, **kwargs: Any
    ) -> list[AuditLog]:
        rows = list(objs)
        _chain_append(rows)
        return rows


class AuditLog(models.Model):
    """One row per state change. Rows are only ever inserted (see `audit_record` and
    `audit_bulk`); each carries the hash of the previous row and its own (`row_hash`), so
    `sentra audit verify` finds any row changed, removed or inserted out of order."""

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    # No database constraint and no action on delete: a deleted account must not rewrite
    # the log (the triggers would refuse it); `actor_label` keeps the name.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("nama pelaku"), max_length=150, blank=True)
    action = models.CharField(_("tindakan"), max_length=64, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=64)
    object_id = models.CharField(_("id objek"), max_length=64, blank=True)
    summary = models.CharField(_("ringkasan"), max_length=255, blank=True)
    before = models.JSONField(_("sebelum"), default=dict, blank=True)
    after = models.JSONField(_("sesudah"), default=dict, blank=True)
    prev_hash = models.CharField(_("hash sebelumnya"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("hash baris"), max_length=64, blank=True, editable=False)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an existing audit row is never rewritten; a new one joins the chain.
        if self.pk is not None and not self._state.adding:
            raise ValueError("Audit log rows are append-only.")
        _chain_append([self])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit log rows are append-only.")


class ReferenceDataset(models.Model):
    """Where a loaded reference list came from: source, version, row count."""

    name = models.CharField(_("nama"), max_length=64, unique=True)
    source = models.CharField(_("sumber"), max_length=255)
    version = models.CharField(_("versi"), max_length=64)
    licence = models.CharField(_("lisensi"), max_length=128, blank=True)
    rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    loaded_at = models.DateTimeField(_("dimuat"), auto_now=True)

    class Meta:
        verbose_name = _("data rujukan")
        verbose_name_plural = _("data rujukan")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"
