"""An OSS RBA "Data NIB" export imports as it comes: recognised by its headers, the rows of one
NIB one unit with all its products and summed figures, products resolved by the row's KBLI,
owners without a NIK allowed and completed by a later file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.exchange.importer import import_file
from sentra.registry.models import Person, ProductLine, Unit, YearlyReport
from tests.exchange.files import csv_file
from tests.exchange.sources import OSS_HEADER, oss_file, oss_rows, oss_units

pytestmark = pytest.mark.django_db


def _import(path: Path, **kwargs: Any) -> dict[str, Any]:
    return import_file(actor=SystemActor("cli"), path=path, file_name=path.name, **kwargs).report


@pytest.mark.parametrize(("seed", "suffix"), [(1, ".xlsx"), (2, ".csv"), (3, ".xlsx")])
def test_an_oss_export_is_recognised_by_its_headers_without_any_option(
    reference: None, tmp_path: Path, seed: int, suffix: str
) -> None:
    path = oss_file(tmp_path / f"Data NIB{suffix}", oss_units(seed, 5))
    report = _import(path, year=2021, dry_run=True)
    assert report["profile"] == "oss"
    assert report["rejected"] == 0
    assert report["unknown_columns"] == []
    ignored = {c["header"] for c in report["columns"] if c["how"] == "ignored"}
    assert {"Skala Usaha", "Risiko Usaha", "Email"} <= ignored  # listed, not silently dropped


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_the_rows_of_one_nib_become_one_unit_with_all_its_products_and_summed_figures(
    reference: None, tmp_path: Path, seed: int
) -> None:
    units = oss_units(seed, 4, max_products=4)
    report = _import(oss_file(tmp_path / "oss.xlsx", units), year=2021)
    assert report["rejected"] == 0
    assert Unit.objects.count() == len(units)
    for expected in units:
        unit = Unit.objects.get(nib=expected.nib)
        lines = list(ProductLine.objects.filter(unit=unit).order_by("position"))
        assert [(p.name, p.kbli, p.commodity.code) for p in lines] == expected.products
        assert [p.capacity_unit for p in lines] == ["Kilogram"] * len(lines)
        record = YearlyReport.objects.get(unit=unit, year=2021)
        assert record.workers_male == sum(w[0] for w in expected.workers)
        assert record.workers_female == sum(w[1] for w in expected.workers)
        assert record.workers_foreign == sum(w[2] for w in expected.workers)
        assert record.investment == sum(sum(c) for c in expected.capital)
        assert unit.kbli == expected.products[0][1]  # the NIB's first KBLI is its main one
        assert unit.commodity.code == expected.products[0][2]
        assert unit.business_name == expected.name


def test_the_report_says_which_rows_merged_into_one_unit(reference: None, tmp_path: Path) -> None:
    units = oss_units(7, 1, max_products=3)
    units[0].products = units[0].products[:1] * 0 + [
        ("GULA AREN CETAK", "10722", "gula-aren"),
        ("BESEK BAMBU", "16291", "anyaman"),
    ]
    units[0].workers, units[0].capital = units[0].workers[:2] * 2, units[0].capital[:2] * 2
    units[0].workers, units[0].capital = units[0].workers[:2], units[0].capital[:2]
    report = _import(oss_file(tmp_path / "oss.xlsx", units), year=2021)
    second = report["rows"][1]
    assert [i["code"] for i in second["issues"] if i["code"] == "merged_rows"] == ["merged_rows"]
    message = next(i["message"] for i in second["issues"] if i["code"] == "merged_rows")
    assert message == (
        "Digabung dengan baris 2 menjadi satu unit (NIB sama); angkanya dijumlahkan."
    )
    assert report["rows"][0]["unit"] == second["unit"]


def test_gula_aren_cetak_and_besek_bambu_are_filed_by_the_rows_kbli_never_rejected(
    reference: None, tmp_path: Path
) -> None:
    units = oss_units(8, 2)
    units[0].products = [("GULA AREN CETAK", "10722", "gula-aren")]
    units[1].products = [("BESEK BAMBU", "16291", "anyaman")]
    for unit in units:
        unit.workers, unit.capital = unit.workers[:1], unit.capital[:1]
    report = _import(oss_file(tmp_path / "oss.xlsx", units), year=2021)
    assert [r["status"] for r in report["rows"]] == ["created", "created"]
    messages = [
        i["message"] for r in report["rows"] for i in r["issues"] if i["field"] == "product"
    ]
    assert messages == [
        "GULA AREN CETAK tidak dikenal sebagai komoditas; menurut KBLI baris ini: Gula Aren.",
        "BESEK BAMBU tidak dikenal sebagai komoditas; menurut KBLI baris ini: Anyam-anyaman.",
    ]


def test_a_product_nothing_resolves_is_kept_as_written_under_belum_diklasifikasi(
    reference: None, tmp_path: Path
) -> None:
    units = oss_units(9, 1)
    units[0].products = [("SAPU IJUK GAGANG ROTAN", "", "")]
    units[0].workers, units[0].capital = units[0].workers[:1], units[0].capital[:1]
    report = _import(oss_file(tmp_path / "oss.xlsx", units), year=2021)
    assert report["rows"][0]["status"] == "created"
    line = ProductLine.objects.get()
    assert (line.name, line.commodity.code) == ("SAPU IJUK GAGANG ROTAN", "belum-diklasifikasi")
    assert Unit.objects.get().commodity.code == "belum-diklasifikasi"


def test_an_oss_owner_has_no_nik_a_persons_nib_names_the_owner_a_cvs_does_not(
    reference: None, tmp_path: Path
) -> None:
    units = oss_units(10, 2)  # the first is a person's NIB, the second a CV's
    _import(oss_file(tmp_path / "oss.xlsx", units), year=2021)
    person_unit = Unit.objects.get(nib=units[0].nib)
    cv_unit = Unit.objects.get(nib=units[1].nib)
    assert (person_unit.owner.name, person_unit.owner.nik_digest) == (units[0].name, None)
    assert (person_unit.owner.nik_masked, person_unit.owner.sex) == ("", "")
    assert (cv_unit.owner.name, cv_unit.owner.nik_digest) == ("", None)
    assert Person.objects.count() == 2  # nothing identifies them: one record each


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_importing_the_same_oss_export_again_changes_nothing(
    reference: None, tmp_path: Path, suffix: str
) -> None:
    path = oss_file(tmp_path / f"oss{suffix}", oss_units(11, 4, max_products=3))
    _import(path, year=2021)
    before = (Unit.objects.count(), Person.objects.count(), ProductLine.objects.count())
    again = _import(path, year=2021)
    assert (again["created"], again["updated"], again["rejected"]) == (0, 0, 0)
    assert (Unit.objects.count(), Person.objects.count(), ProductLine.objects.count()) == before


def test_a_later_file_with_the_nik_completes_the_owner_instead_of_creating_another(
    reference: None, tmp_path: Path
) -> None:
    units = oss_units(12, 1, max_products=1)
    _import(oss_file(tmp_path / "oss.xlsx", units), year=2021)
    owner = Unit.objects.get().owner
    later = csv_file(
        tmp_path / "pendataan.csv",
        [
            ["NIB", "Nama Usaha", "Nama Pemilik", "NIK Pemilik", "Kecamatan", "Desa"],
            [units[0].nib, units[0].name, "Siti Aminah", "3602144202850002", "Rangkasbitung",
             "Rangkasbitung Timur"],
        ],
    )  # fmt: skip
    report = _import(later, year=2021)
    assert [r["status"] for r in report["rows"]] == ["updated"]
    assert [i["code"] for i in report["rows"][0]["issues"]] == ["owner_completed"]
    owner.refresh_from_db()
    assert Person.objects.count() == 1
    assert owner.nik_masked == "3602••••••••0002"
    assert (owner.name, owner.sex) == ("Siti Aminah", "P")  # the sex the NIK says


def test_a_nik_another_owner_holds_is_refused_for_a_unit_whose_owner_has_none(
    reference: None, tmp_path: Path
) -> None:
    units = oss_units(13, 1, max_products=1)
    _import(oss_file(tmp_path / "oss.xlsx", units), year=2021)
    other = csv_file(
        tmp_path / "lain.csv",
        [
            ["Nama Usaha", "Nama Pemilik", "NIK Pemilik", "Kecamatan", "Desa", "Komoditas"],
            ["Batik Siti", "Siti", "3602144202850002", "Rangkasbitung", "Cijoro Lebak", "Batik"],
        ],
    )
    _import(other, year=2021)
    claim = csv_file(
        tmp_path / "klaim.csv",
        [["NIB", "Nama Usaha", "NIK Pemilik"], [units[0].nib, units[0].name, "3602144202850002"]],
    )
    report = _import(claim, year=2021)
    assert [i["code"] for i in report["rows"][0]["issues"]] == ["nik_registered_elsewhere"]
    assert Unit.objects.get(nib=units[0].nib).owner.nik_digest is None


@pytest.mark.parametrize(
    ("nib", "code"), [("91200123", "nib_length"), ("9120A00000001", "nib_not_digits")]
)
def test_an_invalid_nib_rejects_only_its_row_with_its_own_reason(
    reference: None, tmp_path: Path, nib: str, code: str
) -> None:
    rows = oss_rows(oss_units(14, 2, max_products=1))
    rows[1][0] = nib
    path = csv_file(tmp_path / "oss.csv", rows, delimiter=",")
    report = _import(path, year=2021)
    assert [r["status"] for r in report["rows"]] == ["rejected", "created"]
    assert [i["code"] for i in report["rows"][0]["issues"] if i["severity"] == "error"] == [code]


def test_a_forced_profile_reads_a_sheet_whose_headers_alone_do_not_say_oss(
    reference: None, tmp_path: Path
) -> None:
    # Without "Skala Usaha" and "Risiko Usaha" the layout is not recognised: "Nama" means
    # nothing to the template and "Produk" would be a product without owner rules.
    keep = [h for h in OSS_HEADER if h not in ("Skala Usaha", "Risiko Usaha")]
    rows = oss_rows(oss_units(15, 2, max_products=1))
    trimmed = [[row[OSS_HEADER.index(h)] for h in keep] for row in rows]
    path = csv_file(tmp_path / "potongan.csv", trimmed, delimiter=",")
    guessed = _import(path, year=2021, dry_run=True)
    assert (guessed["profile"], guessed["rejected"]) == ("sentra", 2)
    assert "Nama" in guessed["unknown_columns"]
    report = _import(path, year=2021, dry_run=True, profile="oss")
    assert (report["profile"], report["created"], report["rejected"]) == ("oss", 2, 0)


def test_units_whose_owner_has_no_nik_count_in_the_statistics_women_owned_only_when_p(
    reference: None, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from sentra.insights.aggregates import stored_cells
    from sentra.insights.refresh import stats_refresh
    from sentra.insights.selectors import headline_stats

    stats_refresh()
    units = oss_units(16, 4, max_products=2)
    with django_capture_on_commit_callbacks(execute=True):
        _import(oss_file(tmp_path / "oss.xlsx", units), year=2021)
    stats = headline_stats(year=2021)
    assert stats["units"] == 4
    assert sum(row["units"] for row in stats["by_commodity"]) == 4
    assert stored_cells().total(2021).women_owned == 0  # the sex of these owners is unknown
    later = csv_file(
        tmp_path / "nik.csv",
        [["NIB", "NIK Pemilik"], [units[0].nib, "3602144202850002"]],  # a woman's NIK
    )
    with django_capture_on_commit_callbacks(execute=True):
        _import(later, year=2021)
    assert stored_cells().total(2021).women_owned == 1
