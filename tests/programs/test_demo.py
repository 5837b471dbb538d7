"""The programs part of `sentra demo`: every kind with recipients, delivered aid and a
computed impact, without disturbing the registry's reported counts."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F, Q, Sum
from django.test import override_settings

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The whole demo once for the module (committed), flushed afterwards."""
    saved = os.environ.pop("SENTRA_DEMO_PASSWORD", None)
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        with fast:
            call_command("demo", stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)
    if saved is not None:
        os.environ["SENTRA_DEMO_PASSWORD"] = saved


def test_every_program_kind_has_recipients_aid_with_bast_and_an_impact(demo: None) -> None:
    from sentra.programs.impact import program_impact
    from sentra.programs.models import REACHED_STAGES, AidItem, Program, ProgramKind

    for kind in ProgramKind:
        programs = Program.objects.filter(kind=kind, is_demo=True)
        assert programs.exists(), kind
        reached = programs.filter(participations__stage__in=REACHED_STAGES).distinct()
        assert reached.exists(), kind
        aid = AidItem.objects.filter(participation__program__in=programs)
        assert aid.exists() and not aid.filter(bast_number="").exists(), kind
        impact = program_impact(program=reached.first())  # type: ignore[arg-type]
        assert impact.recipients > 0 and impact.comparison_units > 0
        assert impact.outcomes["production_value"].difference_in_differences is not None
    years = set(Program.objects.filter(is_demo=True).values_list("fiscal_year", flat=True))
    assert years == {2016, 2017, 2018}


def test_the_registry_counts_still_hold(demo: None) -> None:
    from sentra.registry.models import YearlyReport

    active = YearlyReport.objects.filter(is_active=True, unit__data_source="demo")
    assert active.filter(year=2017).count() == 15_372
    assert active.filter(year=2018).count() == 16_000
    workers = active.filter(year=2018).aggregate(n=Sum(F("workers_male") + F("workers_female")))[
        "n"
    ]
    assert 32_900 <= workers <= 33_100


def test_batik_training_was_followed_by_new_batik_businesses(demo: None) -> None:
    from sentra.programs.impact import program_impact
    from sentra.programs.models import Program

    training = Program.objects.get(code="PLT-BATIK-2016")
    impact = program_impact(program=training)
    assert impact.new_units > 0
    assert training.participations.filter(unit__year_established__gt=2016).exists()


def test_certificates_obtained_through_programs_are_linked_and_aid_was_approved_by_a_checker(
    demo: None,
) -> None:
    from sentra.programs.models import GRANTED_STAGES, CertificateFacilitation, Participation

    links = CertificateFacilitation.objects.select_related("certificate__kind")
    assert links.count() > 0
    assert {link.certificate.kind.code for link in links} == {"halal", "pirt"}
    assert not links.exclude(certificate__unit=F("participation__unit")).exists()
    granted = Participation.objects.filter(stage__in=GRANTED_STAGES)
    assert granted.exists()
    assert not granted.filter(Q(approved_by=F("proposed_by"))).exists()
    board = Participation.objects.filter(program__code="PLT-KEMASAN-2018")
    assert {"diusulkan", "diverifikasi", "ditolak"} <= set(board.values_list("stage", flat=True))
