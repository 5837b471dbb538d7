"""Did the program pay off? Recipients against comparable non-recipients, before and after.

For a program of year Y:
- recipients: units that attended or received it (a group's member units count too);
- comparison units: same commodity and kecamatan as some recipient, never granted any
  program up to the follow-up year;
- before: year Y−1 (or the baseline year Y when Y−1 has no reports); after: year Y+1 (or the
  latest year with reports, when Y+1 has none);
- means per unit over the units active in both years (workers, production value); survival
  as the share of the units active before that are still active after;
- difference in differences = (recipients after − before) − (comparison after − before),
  computed from the rounded means shown, so that a reader can redo the sum.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from sentra.programs.models import GRANTED_STAGES, REACHED_STAGES, Participation, Program
from sentra.registry.models import Unit, YearlyReport
from sentra.registry.selectors import report_years

SMALL_GROUP = 10
OUTCOMES = ("workers", "production_value", "survival")
DECIMALS = {"workers": 2, "production_value": 0, "survival": 4}


@dataclass
class Outcome:
    recipients_before: float | int | None
    recipients_after: float | int | None
    comparison_before: float | int | None
    comparison_after: float | int | None
    difference_in_differences: float | int | None
    # The 95% confidence interval of the difference in differences (Welch), None when a group
    # has fewer than two units to measure.
    ci_low: float | int | None = None
    ci_high: float | int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "recipients_before": self.recipients_before,
            "recipients_after": self.recipients_after,
            "comparison_before": self.comparison_before,
            "comparison_after": self.comparison_after,
            "difference_in_differences": self.difference_in_differences,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
        }


@dataclass
class ProgramImpact:
    program: Program
    before_year: int | None
    after_year: int | None
    recipients: int
    comparison_units: int
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    # Units active in both years (the means of workers and production value use these).
    recipients_compared: int = 0
    comparison_compared: int = 0
    # Recipients not active before the program but active after it: businesses it started.
    new_units: int = 0

    @property
    def caution(self) -> str:
        if self.recipients >= SMALL_GROUP and self.comparison_units >= SMALL_GROUP:
            return ""
        return _(
            "Hati-hati: kelompok penerima (%(r)s unit) atau pembanding (%(c)s unit) kurang dari "
            "%(n)s unit. Selisih sekecil ini bisa terjadi karena kebetulan, jadi belum dapat "
            "dianggap bukti dampak program."
        ) % {"r": self.recipients, "c": self.comparison_units, "n": SMALL_GROUP}

    def as_dict(self) -> dict[str, Any]:
        """The contract of `sentra program-impact --format json` (survival is an extra)."""
        return {
            "code": self.program.code,
            "name": self.program.name,
            "kind": self.program.kind,
            "year": self.program.fiscal_year,
            "recipients": self.recipients,
            "comparison_units": self.comparison_units,
            "outcomes": {key: value.as_dict() for key, value in self.outcomes.items()},
        }


def _round(value: float | None, key: str) -> float | int | None:
    if value is None:
        return None
    digits = DECIMALS[key]
    return round(value) if digits == 0 else round(value, digits)


def _did(o: tuple[Any, Any, Any, Any], key: str) -> float | int | None:
    rb, ra, cb, ca = o
    if None in o:
        return None
    return _round((ra - rb) - (ca - cb), key)


def recipient_unit_ids(program: Program) -> set[int]:
    reached = Participation.objects.filter(program=program, stage__in=REACHED_STAGES)
    ids = set(reached.filter(unit__isnull=False).values_list("unit_id", flat=True))
    clusters = reached.filter(cluster__isnull=False).values("cluster_id")
    ids |= set(Unit.objects.filter(cluster_id__in=clusters).values_list("pk", flat=True))
    return ids


def aided_unit_ids(up_to_year: int) -> set[int]:
    """Units granted any program (directly or through their group) up to a year."""
    granted = Participation.objects.filter(
        stage__in=GRANTED_STAGES, program__fiscal_year__lte=up_to_year
    )
    ids = set(granted.filter(unit__isnull=False).values_list("unit_id", flat=True))
    clusters = granted.filter(cluster__isnull=False).values("cluster_id")
    ids |= set(Unit.objects.filter(cluster_id__in=clusters).values_list("pk", flat=True))
    return ids


def impact_years(
    program_year: int, years_with_data: Iterable[int]
) -> tuple[int | None, int | None]:
    years = set(years_with_data)
    if not years:
        return None, None
    before = program_year - 1 if program_year - 1 in years else program_year
    later = [y for y in years if y > program_year]
    if program_year + 1 in years:
        after: int | None = program_year + 1
    elif later:
        after = max(later)
    else:
        after = max(years) if max(years) >= program_year else None
    return before, after


# Two-sided 97.5% quantiles of Student's t for 1–30 degrees of freedom (1.96 beyond).
T_975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def _variance(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def confidence_interval(
    recipients: list[float], comparison: list[float], centre: float | int | None, key: str
) -> tuple[float | int | None, float | int | None]:
    """95% interval of the difference between the two groups' mean changes (Welch's t),
    around the difference in differences shown."""
    if centre is None or len(recipients) < 2 or len(comparison) < 2:
        return None, None
    vr = _variance(recipients) / len(recipients)
    vc = _variance(comparison) / len(comparison)
    se = (vr + vc) ** 0.5
    if se == 0:
        return _round(float(centre), key), _round(float(centre), key)
    df = (vr + vc) ** 2 / (vr**2 / (len(recipients) - 1) + vc**2 / (len(comparison) - 1) or 1e-12)
    t = T_975[int(df) - 1] if 1 <= df < len(T_975) + 1 else 1.96
    return _round(centre - t * se, key), _round(centre + t * se, key)


def _changes(
    unit_ids: set[int], before: int, after: int, facts: dict[tuple[int, int], tuple[int, int]]
) -> list[list[float]]:
    """Per-unit changes (after − before) for workers, production value and survival."""
    both = [u for u in unit_ids if (u, before) in facts and (u, after) in facts]
    cohort = [u for u in unit_ids if (u, before) in facts]
    return [
        [float(facts[(u, after)][0] - facts[(u, before)][0]) for u in both],
        [float(facts[(u, after)][1] - facts[(u, before)][1]) for u in both],
        [(1.0 if (u, after) in facts else 0.0) - 1.0 for u in cohort],
    ]


def _means(
    unit_ids: set[int], before: int, after: int, facts: dict[tuple[int, int], tuple[int, int]]
) -> tuple[list[float | None], list[float | None], int]:
    """(before means, after means, units compared) for workers, production value, survival.

    Workers and production value: over the units active in both years, so that units that
    open or close do not shift the mean. Survival: of the units active before, the share
    still active after (1.0 before by definition).
    """
    both = [u for u in unit_ids if (u, before) in facts and (u, after) in facts]
    cohort = [u for u in unit_ids if (u, before) in facts]
    out_before: list[float | None] = [None, None, None]
    out_after: list[float | None] = [None, None, None]
    if both:
        for index in (0, 1):
            out_before[index] = sum(facts[(u, before)][index] for u in both) / len(both)
            out_after[index] = sum(facts[(u, after)][index] for u in both) / len(both)
    if cohort:
        out_before[2] = 1.0
        out_after[2] = sum(1 for u in cohort if (u, after) in facts) / len(cohort)
    return out_before, out_after, len(both)


def program_impact(
    *, program: Program, years_with_data: Iterable[int] | None = None
) -> ProgramImpact:
    if years_with_data is None:
        years_with_data = report_years()
    before, after = impact_years(program.fiscal_year, years_with_data)
    recipients = recipient_unit_ids(program)
    pairs = set(Unit.objects.filter(pk__in=recipients).values_list("commodity_id", "kecamatan_id"))
    comparison: set[int] = set()
    q = Q(pk__in=[])
    if pairs and after is not None:
        for commodity_id, kecamatan_id in pairs:
            q |= Q(commodity_id=commodity_id, kecamatan_id=kecamatan_id)
        excluded = aided_unit_ids(after) | recipients
        comparison = {
            pk for pk in Unit.objects.filter(q).values_list("pk", flat=True) if pk not in excluded
        }
    impact = ProgramImpact(
        program=program,
        before_year=before,
        after_year=after,
        recipients=len(recipients),
        comparison_units=len(comparison),
    )
    if before is None or after is None:
        impact.outcomes = {k: Outcome(None, None, None, None, None) for k in OUTCOMES}
        return impact
    facts: dict[tuple[int, int], tuple[int, int]] = {}
    for unit_id, year, male, female, value in YearlyReport.objects.filter(
        Q(unit_id__in=recipients) | Q(unit__in=Unit.objects.filter(q).values("pk")),
        year__in={before, after},
        is_active=True,
    ).values_list("unit_id", "year", "workers_male", "workers_female", "production_value"):
        facts[(unit_id, year)] = (male + female, value)
    r_before, r_after, impact.recipients_compared = _means(recipients, before, after, facts)
    c_before, c_after, impact.comparison_compared = _means(comparison, before, after, facts)
    impact.new_units = sum(
        1 for u in recipients if (u, before) not in facts and (u, after) in facts
    )
    r_changes = _changes(recipients, before, after, facts)
    c_changes = _changes(comparison, before, after, facts)
    for index, key in enumerate(OUTCOMES):
        shown = (
            _round(r_before[index], key),
            _round(r_after[index], key),
            _round(c_before[index], key),
            _round(c_after[index], key),
        )
        did = _did(shown, key)
        low, high = confidence_interval(r_changes[index], c_changes[index], did, key)
        impact.outcomes[key] = Outcome(
            *shown, difference_in_differences=did, ci_low=low, ci_high=high
        )
    return impact


def program_impacts(*, year: int, program_ids: Iterable[int] | None = None) -> list[ProgramImpact]:
    """Every program of a fiscal year (cancelled ones left out), by code; only those of
    `program_ids` when given."""
    years = report_years()
    programs = Program.objects.filter(fiscal_year=year).exclude(status="batal").order_by("code")
    if program_ids is not None:
        programs = programs.filter(pk__in=list(program_ids))
    return [program_impact(program=p, years_with_data=years) for p in programs]
