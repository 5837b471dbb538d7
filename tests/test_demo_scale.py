"""`sentra demo --scale N`: a seeded registry of about N units across real regencies, written
through the COPY loader (batched INSERTs on SQLite), audited per batch, with statistics that
agree with the registry. Small sizes here; the large runs are benchmarks."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.db.models.functions import Substr

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.demo.scale import demo_scale_finish, demo_scale_load, scale_plan, scale_region
from sentra.insights.selectors import headline_stats
from sentra.regions.models import Region
from sentra.registry.models import Person, Unit, YearlyReport

pytestmark = pytest.mark.django_db
ACTOR = SystemActor("test")


def test_the_scale_goes_around_a_regency_deployment_and_inside_a_province() -> None:
    assert scale_region("36.02") == "ID"
    assert scale_region("36") == "36"
    assert scale_region("ID") == "ID"


def test_a_province_grows_to_n_units_across_its_regencies_in_proportion(settings: object) -> None:
    result = demo_scale_load(actor=ACTOR, total=600, region="36", seed=7)
    assert (result.units_before, result.units_after) == (0, 600)
    assert Unit.objects.count() == 600
    by_regency = dict(
        Unit.objects.annotate(r=Substr("kecamatan_id", 1, 5))
        .values("r")
        .annotate(n=Count("id"))
        .values_list("r", "n")
    )
    assert len(by_regency) == result.regencies >= 6
    assert all(code.startswith("36.") for code in by_regency)
    # Each unit's code carries its regency; every owner's NIK is their own.
    for code, kecamatan in Unit.objects.values_list("code", "kecamatan_id")[:200]:
        assert code.startswith("IKM-" + kecamatan[:5].replace(".", ""))
    digests = list(Person.objects.values_list("nik_digest", flat=True))
    assert len(digests) == len(set(digests))
    assert YearlyReport.objects.filter(unit__in=Unit.objects.all()).count() > 1000
    # One summarising audit row per batch, naming the units it created.
    rows = AuditLog.objects.filter(action="unit.bulk_load")
    assert rows.count() == 1
    assert rows.get().after["units"] == 600


def test_a_larger_scale_only_adds_and_a_smaller_one_adds_nothing() -> None:
    demo_scale_load(actor=ACTOR, total=300, region="36", seed=7)
    first = list(Unit.objects.order_by("pk").values_list("pk", "business_name", "code"))
    again = demo_scale_load(actor=ACTOR, total=200, region="36", seed=7)
    assert again.units_after == again.units_before == 300
    assert scale_plan(total=300, region="36") == []
    demo_scale_load(actor=ACTOR, total=500, region="36", seed=7)
    assert Unit.objects.count() == 500
    assert (
        list(Unit.objects.order_by("pk").values_list("pk", "business_name", "code"))[:300] == first
    )


def test_the_statistics_after_a_scale_load_agree_with_the_registry(settings: object) -> None:
    settings.SENTRA_HOME_REGION = "36"  # type: ignore[attr-defined]
    demo_scale_load(actor=ACTOR, total=400, region="36", seed=3)
    demo_scale_finish(actor=ACTOR, seed=3)
    active = YearlyReport.objects.filter(year=2018, is_active=True).count()
    stats = headline_stats(year=2018, region_code="36")
    assert stats["units"] == active
    assert sum(row["units"] for row in stats["by_region"]) == active
    assert {row["code"][:2] for row in stats["by_region"]} == {"36"}
    assert Region.objects.filter(code="36").exists()


def test_the_command_refuses_a_scale_that_is_not_a_positive_number() -> None:
    with pytest.raises(CommandError, match="--scale"):
        call_command("demo", "--scale", "0")
