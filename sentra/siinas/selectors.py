"""Reads of the SIINas app, always inside the reader's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from sentra.accounts.scope import scope
from sentra.registry.models import Unit, YearlyReport
from sentra.registry.selectors import unit_list_for_user
from sentra.siinas.models import SiinasStatus, SiinasTarget

STATUS_FILTERS = ("sudah", "belum")


def siinas_units(*, user: Any, year: int, status: str = "") -> QuerySet[Unit]:
    """Units the user may see that are IKM in `year` (an active yearly report), each with
    `siinas_reported`, `siinas_receipt` and `siinas_date` of that year."""
    statuses = SiinasStatus.objects.filter(unit=OuterRef("pk"), year=year).order_by()
    active = YearlyReport.objects.filter(year=year, is_active=True).values("unit_id")
    units = (
        unit_list_for_user(user=user)
        .filter(pk__in=active)
        .select_related("kecamatan", "desa", "commodity")
        .annotate(
            siinas_reported=Exists(statuses),
            siinas_receipt=Subquery(statuses.values("receipt_number")[:1]),
            siinas_date=Subquery(statuses.values("reported_on")[:1]),
        )
    )
    if status == "sudah":
        units = units.filter(siinas_reported=True)
    elif status == "belum":
        units = units.filter(siinas_reported=False)
    return units


def siinas_target(*, year: int) -> int | None:
    target = SiinasTarget.objects.filter(year=year).values_list("units", flat=True).first()
    return target


def siinas_progress(*, user: Any, year: int, units_in_year: int | None = None) -> dict[str, Any]:
    """Units of `year` in the user's scope, how many reported to SIINas, and the office's
    target (only for readers who see the whole office, as the target is office-wide).
    `units_in_year`: the number of those units when the caller knows it already (the
    dashboard, from the pre-aggregated statistics), instead of counting millions of rows."""
    units = siinas_units(user=user, year=year)
    total = units.count() if units_in_year is None else units_in_year
    reported = units.filter(siinas_reported=True).count()  # type: ignore[misc]
    target = siinas_target(year=year) if scope(user).everything else None  # office-wide only
    return {
        "year": year,
        "units": total,
        "reported": reported,
        "not_reported": total - reported,
        "target": target,
        "target_percent": round(100 * reported / target, 1) if target else None,
    }


def siinas_unit_history(*, unit: Unit) -> QuerySet[SiinasStatus]:
    """A unit's SIINas statuses, newest year first (the caller checked scope)."""
    return SiinasStatus.objects.filter(unit=unit).order_by("-year")
