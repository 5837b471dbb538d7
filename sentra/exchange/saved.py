"""Column mappings saved under a name from the import preview, reused for the same headers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core.actors import Actor, actor_user_id
from sentra.core.audit import audit_record
from sentra.exchange.layout import SavedMapping
from sentra.exchange.mapping import IGNORE
from sentra.exchange.models import ColumnProfile
from sentra.exchange.profiles import FIELDS, profile_get


def saved_mapping_find(header_set: str) -> SavedMapping | None:
    """The mapping saved last for this header set, if any."""
    found = (
        ColumnProfile.objects.filter(header_set=header_set)
        .order_by("-updated_at", "-pk")
        .values_list("name", "base", "columns")
        .first()
    )
    if found is None:
        return None
    name, base, columns = found
    return SavedMapping(name=name, base=base, columns=dict(columns))


def column_profile_save(
    *, actor: Actor, name: str, base: str, header_set: str, columns: dict[str, str | None]
) -> ColumnProfile:
    """Save (or replace, by name) a mapping; audited."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError(
            {"name": ValidationError(_("Nama profil wajib diisi."), code="required")}
        )
    if profile_get(base) is None:
        raise ValidationError({"base": ValidationError(_("Profil dasar tidak dikenal."))})
    clean: dict[str, str] = {}
    for header, target in columns.items():
        if target and target not in FIELDS:
            raise ValidationError(
                {
                    "columns": ValidationError(
                        _("Isian %(field)s tidak dikenal."), params={"field": target}
                    )
                }
            )
        clean[str(header)] = target or IGNORE
    with transaction.atomic():
        profile, created = ColumnProfile.objects.update_or_create(
            name=name,
            defaults={
                "base": base,
                "header_set": header_set,
                "columns": clean,
                "created_by_id": actor_user_id(actor),
            },
        )
        audit_record(
            actor=actor,
            action="import.profile_save",
            obj=profile,
            summary=f"{'created' if created else 'replaced'} {name}: {len(clean)} columns",
        )
    return profile
