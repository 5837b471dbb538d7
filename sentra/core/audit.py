"""Writing audit rows; every service calls `audit_record` inside its own transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from sentra.core.models import AuditLog

# Fields whose values never reach the audit log in clear text.
PERSONAL_FIELDS = frozenset({"nik", "nik_encrypted", "nik_digest", "phone", "password"})


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def mask_value(field: str, value: Any) -> Any:
    if field not in PERSONAL_FIELDS or value in (None, ""):
        return _plain(value)
    text = str(value)
    if field == "nik" and len(text) == 16:
        return f"{text[:4]}{'•' * 8}{text[-4:]}"
    return "•" * min(len(text), 8)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of an instance as JSON-safe values, personal fields masked."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = mask_value(name, getattr(instance, attname))
    return out


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditLog:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = getattr(actor, "username", "") if user is not None else (str(actor or "system"))
    changed_before = {k: mask_value(k, v) for k, v in (before or {}).items()}
    changed_after = {k: mask_value(k, v) for k, v in (after or {}).items()}
    return AuditLog.objects.create(
        actor=user,
        actor_label=label[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:255],
        before=changed_before,
        after=changed_after,
    )


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
