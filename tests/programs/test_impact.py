"""The impact report on a crafted registry, checked against sums done by hand."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from sentra.core.actors import SystemActor
from sentra.programs.impact import impact_years, program_impact
from sentra.programs.models import Program
from sentra.programs.selectors import program_impact_list, program_reach
from sentra.programs.services import workflow
from sentra.registry.models import Unit
from tests.programs.conftest import BAYAH_DESA, make_program, make_unit

pytestmark = pytest.mark.django_db
M = 1_000_000


def _deliver(program: Program, unit: Unit) -> None:
    p = workflow.participation_propose(actor=SystemActor("test"), program=program, unit=unit)
    p = workflow.participation_verify(actor=SystemActor("test"), participation=p)
    p = workflow.participation_approve(actor=SystemActor("test"), participation=p)
    workflow.participation_deliver(actor=SystemActor("test"), participation=p)


@pytest.fixture
def crafted(reference: None) -> Program:
    """Batik in Rangkasbitung: four trained in 2017 (one closed by 2018, one opened in 2018),
    two comparable
    units never aided, and three units that must not be compared."""
    program = make_program("PLT-BATIK-2017")
    r1 = make_unit("R1", reports={2016: (2, 10 * M), 2017: (3, 12 * M), 2018: (4, 16 * M)})
    r2 = make_unit("R2", reports={2016: (4, 20 * M), 2017: (4, 21 * M), 2018: (5, 26 * M)})
    r3 = make_unit("R3", reports={2016: (3, 12 * M), 2017: (3, 12 * M), 2018: None})
    r4 = make_unit("R4 new", reports={2018: (1, 3 * M)})  # opened after the training
    make_unit("C1", reports={2016: (2, 10 * M), 2018: (2, 11 * M)})
    make_unit("C2", reports={2016: (3, 15 * M), 2018: (3, 15_500_000)})
    aided_later = make_unit("Aided 2018", reports={2016: (9, 90 * M), 2018: (1, 1 * M)})
    make_unit("Bayah batik", desa=BAYAH_DESA, reports={2016: (9, 90 * M), 2018: (1, M)})
    make_unit("Anyaman", commodity="anyaman", reports={2016: (9, 90 * M), 2018: (1, M)})
    for unit in (r1, r2, r3, r4):
        _deliver(program, unit)
    # Granted a program in 2018 (up to the follow-up year): not a clean comparison unit.
    later = make_program("SB-2018", kind="studi_banding", year=2018)
    p = workflow.participation_propose(actor=SystemActor("test"), program=later, unit=aided_later)
    p = workflow.participation_verify(actor=SystemActor("test"), participation=p)
    workflow.participation_approve(actor=SystemActor("test"), participation=p)
    return program


def test_difference_in_differences_matches_the_hand_computation(crafted: Program) -> None:
    impact = program_impact(program=crafted)
    assert (impact.before_year, impact.after_year) == (2016, 2018)
    assert impact.recipients == 4  # R1, R2, R3, R4
    assert impact.comparison_units == 2  # C1, C2
    # Workers and production value: units active in both 2016 and 2018 (R1, R2; C1, C2).
    assert (impact.recipients_compared, impact.comparison_compared) == (2, 2)
    assert impact.new_units == 1  # R4
    workers = impact.outcomes["workers"]
    # recipients 2016: (2 + 4) / 2 = 3.0;  2018: (4 + 5) / 2 = 4.5
    # comparison 2016: (2 + 3) / 2 = 2.5;  2018: (2 + 3) / 2 = 2.5
    # DiD = (4.5 − 3.0) − (2.5 − 2.5) = 1.5
    assert workers.as_dict() == {
        "recipients_before": 3.0,
        "recipients_after": 4.5,
        "comparison_before": 2.5,
        "comparison_after": 2.5,
        "difference_in_differences": 1.5,
        # changes R1 +2, R2 +1 (variance 0.5); C1, C2 0: se 0.5, Welch df 1, t 12.706
        "ci_low": -4.85,
        "ci_high": 7.85,
    }
    value = impact.outcomes["production_value"]
    # recipients 2016: (10 + 20) / 2 = 15 M;   2018: (16 + 26) / 2 = 21 M
    # comparison 2016: (10 + 15) / 2 = 12.5 M; 2018: (11 + 15.5) / 2 = 13.25 M
    # DiD = (21 − 15) − (13.25 − 12.5) = 6 − 0.75 = 5.25 M
    assert value.as_dict() == {
        "recipients_before": 15_000_000,
        "recipients_after": 21_000_000,
        "comparison_before": 12_500_000,
        "comparison_after": 13_250_000,
        "difference_in_differences": 5_250_000,
        # R +6 M, +6 M; C +1 M, +0.5 M: se 250,000, df 1 → ± 3,176,500
        "ci_low": 2_073_500,
        "ci_high": 8_426_500,
    }
    survival = impact.outcomes["survival"]
    # of the recipients active in 2016 (R1, R2, R3) 2 are active in 2018: 2/3 = 0.6667;
    # comparison 2/2 = 1.0. DiD = (0.6667 − 1.0) − (1.0 − 1.0) = −0.3333
    assert survival.as_dict() == {
        "recipients_before": 1.0,
        "recipients_after": 0.6667,
        "comparison_before": 1.0,
        "comparison_after": 1.0,
        "difference_in_differences": -0.3333,
        # R 0, 0, −1 (variance 1/3, se 1/3); C 0, 0: df 2, t 4.303 → ± 1.4343
        "ci_low": -1.7676,
        "ci_high": 1.101,
    }
    assert "kurang dari 10 unit" in impact.caution


def test_the_command_prints_the_contract_as_json(crafted: Program) -> None:
    out = StringIO()
    call_command("program_impact", year=2017, format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert data == program_impact_list(year=2017)
    (item,) = data
    assert set(item) == {
        "code", "name", "kind", "year", "recipients", "comparison_units", "outcomes"
    }  # fmt: skip
    assert item["code"] == "PLT-BATIK-2017" and item["kind"] == "pelatihan"
    assert item["year"] == 2017 and item["recipients"] == 4 and item["comparison_units"] == 2
    for key in ("workers", "production_value"):
        o = item["outcomes"][key]
        assert set(o) == {
            "recipients_before",
            "recipients_after",
            "comparison_before",
            "comparison_after",
            "difference_in_differences",
            "ci_low",  # extras beyond the contract: the 95% interval of the estimate
            "ci_high",
        }
        assert o["difference_in_differences"] == pytest.approx(
            (o["recipients_after"] - o["recipients_before"])
            - (o["comparison_after"] - o["comparison_before"])
        )


def test_the_table_format_shows_group_sizes_and_the_caution(crafted: Program) -> None:
    out = StringIO()
    call_command("program_impact", year=2017, format="table", stdout=out)
    text = out.getvalue()
    assert "penerima 4 unit, pembanding 2 unit" in text
    assert "Hati-hati" in text


def test_reach_counts_units_that_attended_or_received(crafted: Program) -> None:
    reach = program_reach(year=2017)
    assert reach["programs"] == 1 and reach["participants"] == 4
    by_kind = {row["kind"]: row for row in reach["by_kind"]}
    assert by_kind["pelatihan"] == {
        "kind": "pelatihan", "label": "Pelatihan", "programs": 1, "units": 4
    }  # fmt: skip
    assert program_reach(year=2017, region_code="36.02.03")["participants"] == 0
    # Approved but not yet attended does not count as reached.
    assert program_reach(year=2018)["participants"] == 0


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2017, (2016, 2018)), (2016, (2016, 2017)), (2018, (2017, 2018)), (2019, (2018, None))],
)
def test_before_and_after_years(year: int, expected: Any) -> None:
    assert impact_years(year, [2016, 2017, 2018]) == expected
