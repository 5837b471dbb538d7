"""Optimistic locking: a save with a stale version gets the conflict page, never a silent
lost update."""

from __future__ import annotations

import pytest

from sentra.core.actors import SystemActor
from sentra.registry.models import Unit, YearlyReport
from sentra.registry.services import (
    ConflictError,
    ReportData,
    report_record,
    report_update,
)
from tests.access.spec import World
from tests.registry_edit.conftest import client_for
from tests.registry_edit.forms_data import unit_edit_post

pytestmark = pytest.mark.django_db


def test_a_stale_unit_version_gets_the_conflict_page_with_both_versions(world: World) -> None:
    unit = world.unit_a_rangkasbitung
    first = client_for(world.users["officer_rangkasbitung"])
    second = client_for(world.users["admin"])
    stale = unit_edit_post(unit, business_name="Anyaman Omar Kedua", kampung="Cibeureum")
    assert (
        first.post(
            f"/units/{unit.pk}/edit/", unit_edit_post(unit, business_name="Anyaman Omar Pertama")
        ).status_code
        == 302
    )

    response = second.post(f"/units/{unit.pk}/edit/", stale)
    assert response.status_code == 409
    assert response.templates[0].name == "registry/unit_conflict.html"
    html = response.content.decode()
    assert "Anyaman Omar Kedua" in html and "Anyaman Omar Pertama" in html
    assert "Terapkan ulang perubahan saya" in html
    assert "Buang perubahan saya" in html
    rows = {r["label"]: r for r in response.context["rows"]}
    assert rows["Nama usaha"]["differs"] is True
    assert rows["Status"]["differs"] is False
    unit.refresh_from_db()
    assert (unit.business_name, unit.kampung, unit.version) == ("Anyaman Omar Pertama", "", 2)


def test_reapplying_from_the_conflict_page_saves_over_the_version_seen(world: World) -> None:
    unit = world.unit_a_rangkasbitung
    client = client_for(world.users["admin"])
    stale = unit_edit_post(unit, business_name="Anyaman Omar Kedua")
    client.post(f"/units/{unit.pk}/edit/", unit_edit_post(unit, kampung="Pasir Ona"))
    response = client.post(f"/units/{unit.pk}/edit/", stale)
    assert response.status_code == 409
    repost = dict(response.context["repost"])
    repost["version"] = response.context["saved_version"]
    assert client.post(f"/units/{unit.pk}/edit/", repost).status_code == 302
    unit.refresh_from_db()
    # Re-applying means "my version wins": the kampung goes back to what this editor saw.
    assert (unit.business_name, unit.kampung, unit.version) == ("Anyaman Omar Kedua", "", 3)


def test_a_post_without_a_version_is_treated_as_stale(world: World) -> None:
    unit = world.unit_a_rangkasbitung
    data = unit_edit_post(unit, business_name="Tanpa Versi")
    data.pop("version")
    response = client_for(world.users["admin"]).post(f"/units/{unit.pk}/edit/", data)
    assert response.status_code == 409
    assert Unit.objects.get(pk=unit.pk).business_name == "Anyaman Omar"


def _report(world: World) -> YearlyReport:
    return report_record(
        actor=SystemActor("test"),
        unit=world.unit_a_rangkasbitung,
        data=ReportData(year=2018, workers_male=2, workers_female=3),
    )


def _report_post(report: YearlyReport, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "is_active": "on",
        "workers_male": report.workers_male,
        "workers_female": report.workers_female,
        "investment": report.investment,
        "production_value": report.production_value,
        "capacity": "",
        "capacity_unit": "",
        "raw_materials": "",
        "market_reach": report.market_reach,
        "export_value_usd": report.export_value_usd,
        "export_countries": "",
        "version": report.version,
    }
    data.update(overrides)
    return data


def test_a_stale_yearly_record_gets_the_conflict_page(world: World) -> None:
    report = _report(world)
    url = f"/units/{world.unit_a_rangkasbitung.pk}/reports/2018/edit/"
    client = client_for(world.users["officer_rangkasbitung"])
    stale = _report_post(report, workers_male=9)
    assert client.post(url, _report_post(report, workers_female=7)).status_code == 302
    response = client.post(url, stale)
    assert response.status_code == 409
    report.refresh_from_db()
    assert (report.workers_male, report.workers_female, report.version) == (2, 7, 2)


def test_report_update_checks_the_version_and_never_changes_the_year(world: World) -> None:
    report = _report(world)
    report_update(
        actor=SystemActor("test"),
        report=report,
        expected_version=1,
        data=ReportData(year=2018, workers_male=4),
    )
    with pytest.raises(ConflictError) as raised:
        report_update(
            actor=SystemActor("test"),
            report=report,
            expected_version=1,
            data=ReportData(year=2018, workers_male=5),
        )
    assert raised.value.current.workers_male == 4
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as invalid:
        report_update(
            actor=SystemActor("test"), report=report, expected_version=2, data=ReportData(year=2017)
        )
    assert invalid.value.error_dict["year"][0].code == "year_fixed"


def test_a_new_yearly_record_for_an_existing_year_is_refused_on_the_year_field(
    world: World,
) -> None:
    _report(world)
    client = client_for(world.users["officer_rangkasbitung"])
    data = _report_post(_report(world), year=2018)
    response = client.post(f"/units/{world.unit_a_rangkasbitung.pk}/reports/new/", data)
    assert response.context["form"].errors["year"] == [
        "Laporan tahun 2018 sudah ada; ubah laporan tersebut."
    ]


def test_a_new_yearly_record_with_export_countries_but_local_reach_names_the_field(
    world: World,
) -> None:
    client = client_for(world.users["officer_rangkasbitung"])
    data = _report_post(_report(world), year=2017, export_countries="gb, de")
    response = client.post(f"/units/{world.unit_a_rangkasbitung.pk}/reports/new/", data)
    assert response.context["form"].errors["market_reach"] == [
        "Unit dengan tujuan ekspor harus berjangkauan pasar ekspor."
    ]
    ok = client.post(
        f"/units/{world.unit_a_rangkasbitung.pk}/reports/new/",
        {**data, "market_reach": "ekspor"},
    )
    assert ok.status_code == 302
    report = YearlyReport.objects.get(unit=world.unit_a_rangkasbitung, year=2017)
    assert sorted(report.export_destinations.values_list("country", flat=True)) == ["DE", "GB"]
