"""The programs' part of a person's data export (UU PDP access right)."""

from __future__ import annotations

from typing import Any

from sentra.programs.models import Participation


def person_participations(*, person: Any, units: list[Any]) -> dict[str, Any]:
    rows = (
        Participation.objects.filter(unit__in=units)
        .select_related("program")
        .prefetch_related("aid_items")
        .order_by("program__fiscal_year", "program__code")
    )
    return {
        "program_pembinaan": [
            {
                "program": p.program.name,
                "tahun": p.program.fiscal_year,
                "unit": p.unit_id,
                "tahap": p.stage,
                "bantuan": [
                    {"barang": a.item, "jumlah": a.quantity, "nilai": a.value}
                    for a in p.aid_items.all()
                ],
            }
            for p in rows
        ]
    }
