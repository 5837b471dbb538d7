"""The programs part of `sentra demo`: Lebak programs 2016–2018 run through the real
services, and their effect produced by a mechanic applied to recipients' later reports.

Recipients are chosen by the eligibility rules (a seeded sample of the eligible units);
the effect is drawn, never typed in: production value grows by a lognormal factor with a
positive mean, and a worker joins with some probability (capped so that 2018's workforce
stays near the reported 33,000). Which units are active in a year never changes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import timedelta
from random import Random
from typing import Any

from django.db import transaction
from django.db.models import Q

from sentra.accounts.models import Role, User
from sentra.core.audit import audit_record
from sentra.demo.program_plans import EFFECT_SPREAD, EFFECTS, PLANS, WORKER_CAP_2018, ProgramPlan
from sentra.programs.eligibility import unit_candidates
from sentra.programs.models import (
    REACHED_STAGES,
    Participation,
    Program,
    ProgramStatus,
)
from sentra.programs.services import workflow
from sentra.programs.services.aid import AidData, aid_item_add, certificate_facilitate
from sentra.programs.services.programs import (
    ProgramData,
    program_create,
    program_data_of,
    program_update,
)
from sentra.registry.models import (
    Certificate,
    CertificateKind,
    Cluster,
    DataSource,
    Unit,
    YearlyReport,
)
from sentra.registry.services import ReportItem, UnitItem, units_upsert

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class _Actors:
    """Demo accounts when they exist (officers propose in their kecamatan, the admin
    approves), otherwise the system actor for every step."""

    def __init__(self, system: Any) -> None:
        self.system = system
        self.admin = User.objects.filter(username="admin", is_active=True).first()
        self.officers: dict[str, User] = {}
        for user in User.objects.filter(role=Role.OFFICER, is_active=True).order_by("pk"):
            for code in user.kecamatan.values_list("code", flat=True):
                self.officers.setdefault(code, user)

    def field(self, kecamatan: str) -> Any:
        return self.officers.get(kecamatan, self.system)

    def checker(self) -> Any:
        return self.admin or self.system


def demo_reset(*, actor: Any) -> None:
    """Remove the demo programs, their participations, aid and facilitated certificates."""
    with transaction.atomic():
        programs = Program.objects.filter(is_demo=True)
        certificates = Certificate.objects.filter(facilitation__participation__program__in=programs)
        counts = {"certificates": certificates.count(), "programs": programs.count()}
        certificates.delete()
        programs.delete()
        audit_record(
            actor=actor, action="programs.demo_reset", object_type="programs.program", after=counts
        )


def demo_load(*, actor: Any, seed: int) -> dict[str, int]:
    """Create the demo programs once (idempotent); returns what was created."""
    if Program.objects.filter(is_demo=True).exists():
        return {"programs": 0}
    if not Unit.objects.filter(data_source=DataSource.DEMO).exists():
        return {"programs": 0}
    rng = Random(seed * 7919 + 5)
    actors = _Actors(actor)
    counts: dict[str, int] = defaultdict(int)
    with transaction.atomic():
        bast = iter(range(1, 100_000))
        for plan in PLANS:
            program = _program(actor, plan)
            counts["programs"] += 1
            targets = _choose(rng, program, plan)
            for index, target in enumerate(targets):
                _run(rng, actors, program, plan, target, index, len(targets), bast, counts)
            closed = ProgramStatus.RUNNING if plan.open_selection else ProgramStatus.DONE
            data = program_data_of(program)
            data.status = closed
            data.realised_spending = int(round(plan.budget * rng.uniform(0.86, 0.98), -5))
            program_update(actor=actor, program=program, data=data)
        effect = _apply_effects(rng, actor)
        counts.update(effect)
        audit_record(
            actor=actor,
            action="programs.demo_load",
            object_type="programs.program",
            summary=f"seed {seed}",
            after=dict(counts),
        )
    return dict(counts)


def _program(actor: Any, plan: ProgramPlan) -> Program:
    return program_create(
        actor=actor,
        is_demo=True,
        data=ProgramData(
            kind=plan.kind,
            name=plan.name,
            code=plan.code,
            fiscal_year=plan.year,
            funding_source=plan.funding,
            budget_ceiling=plan.budget,
            quota=plan.recipients + plan.new_businesses
            if not plan.clusters
            else len(plan.clusters),
            starts_on=plan.starts,
            ends_on=plan.starts + timedelta(days=plan.days - 1),
            place=plan.place,
            partners=plan.partners,
            target_kind=plan.target_kind,
            criteria=plan.criteria,
            status=ProgramStatus.SELECTION,
            description=plan.description,
        ),
    )


def _choose(rng: Random, program: Program, plan: ProgramPlan) -> list[Unit | Cluster]:
    if plan.clusters:
        return list(Cluster.objects.filter(name__in=plan.clusters).order_by("name"))
    pool = Unit.objects.filter(data_source=DataSource.DEMO)
    if "commodities" in plan.criteria:
        pool = pool.filter(commodity__code__in=plan.criteria["commodities"])
    if "kecamatan" in plan.criteria:
        pool = pool.filter(kecamatan_id__in=plan.criteria["kecamatan"])
    # Sorted by id, not by name: name collation differs between SQLite and PostgreSQL.
    eligible = sorted(c.pk for c in unit_candidates(program=program, units=pool) if c.eligible)
    chosen = rng.sample(eligible, min(plan.recipients, len(eligible)))
    if plan.new_businesses:
        # Owners trained before their batik business existed: units opened in 2017–2018.
        new = list(
            pool.filter(year_established__gt=plan.year)
            .exclude(pk__in=chosen)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        chosen += rng.sample(new, min(plan.new_businesses, len(new)))
    units = Unit.objects.in_bulk(chosen)
    return [units[pk] for pk in sorted(chosen)]


def _run(
    rng: Random,
    actors: _Actors,
    program: Program,
    plan: ProgramPlan,
    target: Unit | Cluster,
    index: int,
    total: int,
    bast: Any,
    counts: dict[str, int],
) -> None:
    is_cluster = isinstance(target, Cluster)
    field = actors.field(str(target.kecamatan_id))
    p = workflow.participation_propose(
        actor=field,
        program=program,
        unit=None if is_cluster else target,  # type: ignore[arg-type]
        cluster=target if is_cluster else None,  # type: ignore[arg-type]
    )
    counts["participations"] += 1
    # A selection still open leaves its proposals spread over the early stages.
    if plan.open_selection and index >= total // 2:
        stage = index % 3
        if stage == 0:
            return
        p = workflow.participation_verify(actor=field, participation=p)
        if stage == 2:
            workflow.participation_reject(
                actor=actors.checker(),
                participation=p,
                note="Belum memenuhi syarat kebersihan tempat produksi.",
            )
        return
    p = workflow.participation_verify(actor=field, participation=p)
    p = workflow.participation_approve(actor=actors.checker(), participation=p)
    delivered = plan.starts + timedelta(days=min(plan.days - 1, rng.randint(0, 3)))
    for aid in plan.aid:
        number = next(bast)
        aid_item_add(
            actor=field,
            participation=p,
            data=AidData(
                item=aid.item,
                quantity=aid.quantity,
                unit_of_measure=aid.unit_of_measure,
                value=aid.value * aid.quantity,
                bast_number=f"027/{number:04d}/BAST-DPP/{ROMAN[delivered.month - 1]}/{plan.year}",
                handed_over_on=delivered,
            ),
        )
        counts["aid_items"] += 1
    p = workflow.participation_deliver(actor=field, participation=p, on=delivered)
    if plan.certificate and not is_cluster:
        issued = delivered + timedelta(days=rng.randint(20, 50))
        years = 5 if plan.certificate == "pirt" else 4
        certificate_facilitate(
            actor=field,
            participation=p,
            kind=CertificateKind.objects.get(code=plan.certificate),
            number=_certificate_number(rng, plan.certificate, issued),
            issued_on=issued,
            expires_on=issued.replace(year=issued.year + years),
        )
        counts["certificates"] += 1
    if plan.year < 2018 or rng.random() < 0.5:
        workflow.participation_complete(actor=field, participation=p)


def _certificate_number(rng: Random, kind: str, issued: Any) -> str:
    if kind == "halal":
        return f"36110{rng.randint(1, 99999):06d}{issued.month:02d}{issued.year % 100:02d}"
    return f"2{rng.randint(1, 16):02d}3602{rng.randint(1, 9):02d}{rng.randint(1, 2999):04d}-23"


def _apply_effects(rng: Random, actor: Any) -> dict[str, int]:
    """Grow recipients' follow-up reports (years after the program; the program year itself
    when no later year exists), written through the registry's bulk writer."""
    latest = max(YearlyReport.objects.values_list("year", flat=True).distinct())
    reached = (
        Participation.objects.filter(program__is_demo=True, stage__in=REACHED_STAGES)
        .select_related("program", "cluster")
        .order_by("program__fiscal_year", "program__code", "pk")
    )
    changed: dict[tuple[int, int], dict[str, int]] = {}
    added_2018 = 0
    for p in reached:
        year = p.program.fiscal_year
        years = list(range(year + 1, latest + 1)) or [latest]
        members = (
            [p.unit_id]
            if p.unit_id
            else list(
                Unit.objects.filter(cluster=p.cluster).order_by("pk").values_list("pk", flat=True)
            )
        )
        effect = EFFECTS[p.program.kind]
        mu = math.log(1 + effect.growth) - EFFECT_SPREAD**2 / 2
        reports = {
            (unit_id, y): {"production_value": value, "workers_male": m, "workers_female": f}
            for unit_id, y, value, m, f in YearlyReport.objects.filter(
                Q(unit_id__in=members), year__in=years, is_active=True
            ).values_list("unit_id", "year", "production_value", "workers_male", "workers_female")
        }
        for unit_id in members:
            factor = rng.lognormvariate(mu, EFFECT_SPREAD)
            hires = rng.random() < effect.hire
            for y in years:
                report = changed.get((unit_id, y)) or reports.get((unit_id, y))
                if report is None:
                    continue
                report["production_value"] = int(round(report["production_value"] * factor, -5))
                if hires and (y != 2018 or added_2018 < WORKER_CAP_2018):
                    if rng.random() < 0.5:
                        report["workers_female"] += 1
                    else:
                        report["workers_male"] += 1
                    added_2018 += y == 2018
                changed[(unit_id, y)] = report
    by_unit: dict[int, list[ReportItem]] = defaultdict(list)
    for (unit_id, y), values in sorted(changed.items()):
        by_unit[unit_id].append(ReportItem(year=y, values=values))
    units_upsert(
        actor=actor,
        items=[UnitItem(unit_id=unit_id, reports=items) for unit_id, items in by_unit.items()],
        summary="program effect (demo)",
    )
    return {"effect_reports": len(changed), "workers_added_2018": added_2018}
