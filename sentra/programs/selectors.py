"""Reads of the programs app; other apps (insights, api) call `program_reach` and
`program_impact_list` and nothing else of ours."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sentra.accounts.scope import scope
from sentra.programs.impact import program_impacts
from sentra.programs.models import REACHED_STAGES, Participation, Program, ProgramKind
from sentra.programs.rules import is_staff
from sentra.regions.codes import COUNTRY
from sentra.registry.models import Unit
from sentra.registry.selectors import scope_filter_units


def program_list_for_user(*, user: Any) -> QuerySet[Program]:
    """Programs are the office's own plans: staff see them all, others none."""
    if not is_staff(user):
        return Program.objects.none()
    return Program.objects.all()


def program_get_for_user(*, user: Any, pk: int) -> Program:
    program = program_list_for_user(user=user).filter(pk=pk).first()
    if program is None:
        raise Http404
    return program


def participation_list_for_user(*, user: Any) -> QuerySet[Participation]:
    """Participations whose unit (or group's kecamatan) the user may see."""
    s = scope(user)
    if s.everything:
        return Participation.objects.all()
    units = Unit.objects.filter(scope_filter_units(s)).values("pk")
    q = Q(unit__in=units)
    if s.kecamatan_codes:
        q |= Q(cluster__kecamatan_id__in=sorted(s.kecamatan_codes))
    return Participation.objects.filter(q)


def participation_get_for_user(*, user: Any, pk: int) -> Participation:
    participation = (
        participation_list_for_user(user=user)
        .select_related("program", "unit", "unit__kecamatan", "unit__commodity", "cluster")
        .filter(pk=pk)
        .first()
    )
    if participation is None or not is_staff(user):
        raise Http404
    return participation


def unit_participations(*, unit: Unit) -> QuerySet[Participation]:
    """What a unit took part in, directly or through its group (the caller checked scope)."""
    q = Q(unit=unit)
    if unit.cluster_id is not None:
        q |= Q(cluster_id=unit.cluster_id)
    return (
        Participation.objects.filter(q)
        .select_related("program", "cluster")
        .prefetch_related("aid_items", "certificate_links__certificate__kind")
        .order_by("-program__fiscal_year", "program__code")
    )


def _reached_units(year: int, region_code: str | None) -> QuerySet[Participation]:
    reached = Participation.objects.filter(program__fiscal_year=year, stage__in=REACHED_STAGES)
    if region_code:
        region_q = Q(unit__kecamatan_id=region_code) | Q(unit__desa_id=region_code)
        region_q |= Q(unit__kecamatan__code__startswith=region_code + ".")
        reached = reached.filter(region_q)
    return reached


def program_reach(*, year: int, region_code: str | None = None) -> dict[str, Any]:
    """Programs of a year and the units they reached (attended, received or completed).

    {"programs": int, "participants": int, "by_kind": [{"kind", "label", "programs", "units"}]}
    A group's participation counts its member units. With a region, units of that region.
    """
    programs = Program.objects.filter(fiscal_year=year).exclude(status="batal")
    reached = _reached_units(year, region_code).filter(program__in=programs)
    by_kind_units: dict[str, set[int]] = {k.value: set() for k in ProgramKind}
    for kind, unit_id in reached.filter(unit__isnull=False).values_list("program__kind", "unit_id"):
        by_kind_units[kind].add(unit_id)
    group_rows = Participation.objects.filter(
        program__in=programs, stage__in=REACHED_STAGES, cluster__isnull=False
    ).values_list("program__kind", "cluster_id")
    for kind, cluster_id in group_rows:
        members = Unit.objects.filter(cluster_id=cluster_id)
        if region_code:
            members = members.filter(
                Q(kecamatan_id=region_code)
                | Q(desa_id=region_code)
                | Q(kecamatan__code__startswith=region_code + ".")
            )
        by_kind_units[kind].update(members.values_list("pk", flat=True))
    counts = dict(programs.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    everyone: set[int] = set().union(*by_kind_units.values())
    return {
        "programs": programs.count(),
        "participants": len(everyone),
        "by_kind": [
            {
                "kind": kind.value,
                "label": str(kind.label),
                "programs": counts.get(kind.value, 0),
                "units": len(by_kind_units[kind.value]),
            }
            for kind in ProgramKind
        ],
    }


def program_impact_list(*, year: int, region_code: str | None = None) -> list[dict[str, Any]]:
    """The per-program dicts of `sentra program-impact --format json` for a fiscal year;
    with a region, only the programs that reached units there (each estimate compares its
    recipients with the whole registry: a national registry's programs are not all
    estimated for one regency's dashboard)."""
    program_ids = None
    if region_code and region_code != COUNTRY:
        reached = _reached_units(year, region_code)
        program_ids = set(reached.values_list("program_id", flat=True).distinct())
        members = Unit.objects.filter(_region_q(region_code), cluster__isnull=False)
        program_ids |= set(
            Participation.objects.filter(
                program__fiscal_year=year,
                stage__in=REACHED_STAGES,
                cluster_id__in=members.values("cluster_id"),
            ).values_list("program_id", flat=True)
        )
    return [impact.as_dict() for impact in program_impacts(year=year, program_ids=program_ids)]


def _region_q(region_code: str) -> Q:
    return (
        Q(kecamatan_id=region_code)
        | Q(desa_id=region_code)
        | Q(kecamatan__code__startswith=region_code + ".")
    )
