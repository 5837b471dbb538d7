"""Sentra and groups (clusters of units), and removing the units of one data source."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from sentra.core.audit import audit_record
from sentra.registry.models import (
    Certificate,
    Cluster,
    ExportDestination,
    Person,
    Unit,
    YearlyReport,
)


@dataclass(frozen=True)
class ClusterData:
    name: str
    kind: str
    commodity_id: int | None
    kecamatan_code: str


def clusters_register(*, actor: Any, clusters: list[ClusterData]) -> list[Cluster]:
    """Create clusters in one go (the demo's sentra); one audit row each."""
    with transaction.atomic():
        created = Cluster.objects.bulk_create(
            [
                Cluster(
                    name=c.name,
                    kind=c.kind,
                    commodity_id=c.commodity_id,
                    kecamatan_id=c.kecamatan_code,
                )
                for c in clusters
            ]
        )
        for cluster in created:
            audit_record(
                actor=actor,
                action="cluster.register",
                obj=cluster,
                after={"name": cluster.name, "kind": cluster.kind},
            )
    return created


def units_remove_by_source(
    *, actor: Any, source: str, cluster_names: list[str] | None = None
) -> dict[str, int]:
    """Delete every unit (with its records and certificates) and every owner whose data
    source is `source`, and the named clusters left without units. Used to reset the
    synthetic demo; real data (other sources) is never touched."""
    with transaction.atomic():
        counts = {
            "export_destinations": ExportDestination.objects.filter(
                report__unit__data_source=source
            ).delete()[0],
            "certificates": Certificate.objects.filter(unit__data_source=source).delete()[0],
            "reports": YearlyReport.objects.filter(unit__data_source=source).delete()[0],
            "units": Unit.objects.filter(data_source=source).delete()[0],
            "persons": Person.objects.filter(data_source=source, units__isnull=True).delete()[0],
            "clusters": Cluster.objects.filter(
                name__in=cluster_names or [], units__isnull=True
            ).delete()[0],
        }
        audit_record(
            actor=actor,
            action="registry.remove_source",
            object_type="registry.unit",
            summary=f"{source}: {json.dumps(counts)}",
            before=counts,
        )
    return counts
