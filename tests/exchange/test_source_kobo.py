"""A KoboToolbox/ODK survey export imports as it comes: group paths, select names or codes,
Kemendagri codes without dots, GPS as the unit's coordinates, `_submission_time` as the year,
a resubmitted `_uuid` skipped, and the sex checked against the NIK."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.exchange.importer import import_file
from sentra.registry.models import Unit, YearlyReport
from tests.exchange.files import csv_file
from tests.exchange.sources import KOBO_HEADER, kobo_file, kobo_rows

pytestmark = pytest.mark.django_db


def _import(path: Path, **kwargs: Any) -> dict[str, Any]:
    return import_file(actor=SystemActor("cli"), path=path, file_name=path.name, **kwargs).report


@pytest.mark.parametrize("codes", [False, True], ids=["select-names", "undotted-codes"])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_kobo_export_imports_with_group_paths_select_names_and_undotted_codes(
    reference: None, tmp_path: Path, codes: bool, suffix: str
) -> None:
    report = _import(kobo_file(tmp_path / f"pendataan{suffix}", codes=codes, seed=3))
    assert report["profile"] == "kobo"
    assert report["unknown_columns"] == []
    assert [r["status"] for r in report["rows"]] == ["created"] * 3 + ["skipped"]
    names = {
        u.business_name: (u.kecamatan.name, u.desa.name)
        for u in Unit.objects.select_related("kecamatan", "desa")
    }
    assert names == {
        "Anyaman Bu Iis": ("Rangkasbitung", "Rangkasbitung Timur"),
        "Gula Aren Pa Odo": ("Rangkasbitung", "Muara Ciujung Timur"),
        "Emping Bi Acih": ("Rangkasbitung", "Cijoro Lebak"),
    }
    fields = {c["header"]: (c["field"], c["how"]) for c in report["columns"]}
    assert fields["identitas/nama_usaha"] == ("business_name", "exact")
    assert fields["_gps_latitude"] == ("latitude", "exact")
    assert fields["meta/instanceID"] == (None, "ignored")


def test_a_resubmitted_uuid_is_the_same_submission_skipped_and_reported(
    reference: None, tmp_path: Path
) -> None:
    report = _import(kobo_file(tmp_path / "pendataan.xlsx", codes=False))
    resent = report["rows"][-1]
    assert resent["status"] == "skipped"
    (issue,) = resent["issues"]
    assert (issue["code"], issue["column"]) == ("resubmitted", "_uuid")
    assert "sudah ada di baris 2; dilewati." in issue["message"]
    assert Unit.objects.filter(business_name="Anyaman Bu Iis").count() == 1


def test_gps_becomes_the_units_coordinates(reference: None, tmp_path: Path) -> None:
    rows = kobo_rows(codes=False, seed=5)
    _import(kobo_file(tmp_path / "pendataan.xlsx", codes=False, seed=5))
    unit = Unit.objects.get(business_name="Anyaman Bu Iis")
    lat, lon = (
        rows[1][KOBO_HEADER.index("_gps_latitude")],
        rows[1][KOBO_HEADER.index("_gps_longitude")],
    )
    assert (unit.latitude, unit.longitude) == (
        Decimal(str(lat)).quantize(Decimal("0.000001")),
        Decimal(str(lon)).quantize(Decimal("0.000001")),
    )


def test_the_submission_time_gives_the_year_when_no_year_is_given(
    reference: None, tmp_path: Path
) -> None:
    rows = kobo_rows(codes=True)
    rows[2][KOBO_HEADER.index("_submission_time")] = "2019-01-03T02:00:00"
    report = _import(csv_file(tmp_path / "pendataan.csv", rows))
    assert report["years"] == [2018, 2019]
    assert YearlyReport.objects.get(unit__business_name="Gula Aren Pa Odo").year == 2019
    given = _import(kobo_file(tmp_path / "lagi.xlsx", codes=True), year=2020, dry_run=True)
    assert given["years"] == [2020]  # --year wins over the submission time


def test_a_sex_that_contradicts_the_nik_is_reported_and_the_column_recorded(
    reference: None, tmp_path: Path
) -> None:
    report = _import(kobo_file(tmp_path / "pendataan.xlsx", codes=False))
    acih = report["rows"][2]
    assert [i["code"] for i in acih["issues"] if i["field"] == "sex"] == ["sex_nik_differs"]
    assert Unit.objects.get(business_name="Emping Bi Acih").owner.sex == "L"
    assert Unit.objects.get(business_name="Anyaman Bu Iis").owner.sex == "P"  # perempuan


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [("-96.1", "106.2", "coordinate_invalid"), ("-6.3", "", "coordinate_pair")],
)
def test_impossible_coordinates_reject_their_row_with_their_own_reason(
    reference: None, tmp_path: Path, lat: str, lon: str, code: str
) -> None:
    rows = kobo_rows(codes=False)[:2]
    rows[1][KOBO_HEADER.index("_gps_latitude")] = lat
    rows[1][KOBO_HEADER.index("_gps_longitude")] = lon
    report = _import(csv_file(tmp_path / "pendataan.csv", rows))
    assert report["rows"][0]["status"] == "rejected"
    assert [i["code"] for i in report["rows"][0]["issues"] if i["severity"] == "error"] == [code]


def test_a_region_code_outside_the_home_region_is_rejected_naming_it(
    reference: None, tmp_path: Path
) -> None:
    rows = kobo_rows(codes=True)[:2]
    rows[1][KOBO_HEADER.index("lokasi/kecamatan")] = "360104"  # Pandeglang
    rows[1][KOBO_HEADER.index("lokasi/desa")] = "3601042001"
    report = _import(csv_file(tmp_path / "pendataan.csv", rows))
    (issue,) = [i for i in report["rows"][0]["issues"] if i["severity"] == "error"]
    assert issue["code"] == "region_outside_home"
    assert issue["message"] == "Kode wilayah 36.01.04 berada di luar Kabupaten Lebak."


def test_units_with_gps_appear_as_points_on_the_staff_map_and_their_page_shows_them(
    reference: None, tmp_path: Path, rudi_officer_rangkasbitung: Any, bayu_officer_bayah: Any
) -> None:
    from django.test import Client

    _import(kobo_file(tmp_path / "pendataan.xlsx", codes=False))
    unit = Unit.objects.get(business_name="Anyaman Bu Iis")
    rudi, bayu = Client(), Client()
    rudi.force_login(rudi_officer_rangkasbitung)
    bayu.force_login(bayu_officer_bayah)
    points = rudi.get("/dashboard/").context["points"]
    assert sorted(p[2] for p in points) == ["Anyaman Bu Iis", "Emping Bi Acih", "Gula Aren Pa Odo"]
    assert [float(unit.latitude), float(unit.longitude)] in [p[:2] for p in points]
    assert bayu.get("/dashboard/").context["points"] == []  # another kecamatan's units
    page = rudi.get(f"/units/{unit.pk}/").content.decode()
    assert f"{unit.latitude}, {unit.longitude}" in page
    assert "Besek Bambu" in page  # the unit's product line
