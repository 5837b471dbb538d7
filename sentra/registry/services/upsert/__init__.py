"""The registry's one bulk writer: `units_upsert` creates and updates units with their owners,
yearly records, export destinations and certificates, writes the audit rows and sends the
statistics' change notice, all in one place.

The form services, the importer, the demo and the programs demo call it. It works in two
steps so that a large import holds the database's write lock only briefly:

- `units_prepare` reads what the items touch, compares it with what they ask for and builds
  every row to write (encryption, names, audit entries). It only reads, so it runs outside any
  write transaction; its outcomes (created / updated / unchanged, with the changed fields) are
  what an import preview shows.
- `units_commit` runs inside the caller's write transaction: it checks that nothing it relied
  on changed since (versions, and no unit or owner created meanwhile with the same keys),
  reserves ids and unit codes, and writes with batched statements. When something did change
  it raises `StalePlan`, and the caller prepares again inside the transaction.

What an item leaves out is kept: a blank never erases. Values an item gives that equal what
is stored change nothing, so an unchanged unit keeps its version, time stamp and source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from sentra.registry.codes import unit_code_format
from sentra.registry.services.upsert.commit import units_commit
from sentra.registry.services.upsert.items import (
    CertificateItem,
    NewPerson,
    Prepared,
    ProductItem,
    ReportItem,
    StalePlan,
    UnitItem,
    UnitOutcome,
    VersionConflict,
)
from sentra.registry.services.upsert.prepare import units_prepare

__all__ = [
    "CertificateItem",
    "NewPerson",
    "Prepared",
    "ProductItem",
    "ReportItem",
    "StalePlan",
    "UnitItem",
    "UnitOutcome",
    "VersionConflict",
    "unit_code_format",
    "units_commit",
    "units_prepare",
    "units_upsert",
]


def units_upsert(
    *, actor: Any, items: Sequence[UnitItem], source: str = "", summary: str = ""
) -> list[UnitOutcome]:
    """Prepare and commit in one transaction (forms, the demo, small writers). When another
    writer changed what the plan read in between (possible on PostgreSQL, where reading takes
    no lock), plan again: the rows are locked by then, so the second plan holds. An item's
    expected version then raises VersionConflict, as the form's conflict page expects."""
    with transaction.atomic():
        for _attempt in range(3):
            prepared = units_prepare(items=items, source=source)
            try:
                return units_commit(actor=actor, prepared=prepared, summary=summary)
            except StalePlan:
                continue
        raise StalePlan("the registry kept changing while this write was planned")
