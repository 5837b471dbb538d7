"""Product names nobody classified yet: an officer maps a name to a commodity once; it becomes
the commodity's synonym and every unit with that product moves out of "Belum diklasifikasi"
(through the bulk writer, so audit rows and statistics follow)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sentra.core.audit import audit_record
from sentra.registry.models import UNCLASSIFIED, Commodity, ProductLine, Unit
from sentra.registry.names import product_match_name
from sentra.registry.services.upsert import ProductItem, UnitItem, units_upsert


def product_name_classify(*, actor: Any, name: str, commodity: Commodity) -> int:
    """Map a product name (as written, compared without case and punctuation) to a commodity.
    Returns the number of units reclassified."""
    key = product_match_name(name)
    if not key or commodity.code == UNCLASSIFIED:
        return 0
    with transaction.atomic():
        commodity = Commodity.objects.select_for_update().get(pk=commodity.pk)
        synonyms = [str(s) for s in commodity.synonyms or []]
        if key not in {product_match_name(s) for s in synonyms}:
            commodity.synonyms = [*synonyms, name.strip().lower()]
            commodity.save(update_fields=["synonyms"])
            audit_record(
                actor=actor,
                action="commodity.synonym_add",
                obj=commodity,
                before={"synonyms": synonyms},
                after={"synonyms": commodity.synonyms},
            )
        lines = ProductLine.objects.filter(match_name=key, commodity__code=UNCLASSIFIED)
        by_unit: dict[int, str] = dict(lines.values_list("unit_id", "name"))
        unclassified = set(
            Unit.objects.filter(pk__in=list(by_unit), commodity__code=UNCLASSIFIED).values_list(
                "pk", flat=True
            )
        )
        items = [
            UnitItem(
                key=unit_id,
                unit_id=unit_id,
                products=[ProductItem(name=written, commodity=commodity.pk)],
                fields={"commodity": commodity.pk} if unit_id in unclassified else {},
            )
            for unit_id, written in sorted(by_unit.items())
        ]
        outcomes = units_upsert(
            actor=actor, items=items, summary=f"product {key} → {commodity.code}"
        )
    return sum(1 for o in outcomes if o.status == "updated")
