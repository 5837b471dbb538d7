"""The year is never silent; a blank cell never erases while `(hapus)` clears; status and
owner sex travel both ways; a closed unit is never revived by a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from sentra.core.actors import SystemActor
from sentra.exchange.importer import import_file
from sentra.exchange.limits import ImportRefused
from sentra.registry.models import Commodity, Person, Unit, YearlyReport
from sentra.registry.services import NewPerson, ReportItem, UnitItem, units_upsert
from tests.exchange.files import TEMPLATE_HEADERS, csv_file, xlsx

pytestmark = pytest.mark.django_db

UJANG = "3602140101800001"


def _row(**values: Any) -> list[Any]:
    base = dict.fromkeys(TEMPLATE_HEADERS, "")
    base.update({
        "Nama Usaha": "Bambu Ujang", "Nama Pemilik": "Ujang", "NIK Pemilik": UJANG,
        "Desa/Kelurahan": "Rangkasbitung Timur", "Kecamatan": "Rangkasbitung",
        "Komoditas": "Anyam-anyaman",
    })  # fmt: skip
    base.update(values)
    return [base.get(h, "") for h in TEMPLATE_HEADERS]


def _csv(tmp_path: Path, *rows: list[Any], title: str | None = None) -> Path:
    lines: list[list[Any]] = [[title]] if title else []
    return csv_file(tmp_path / "f.csv", [*lines, TEMPLATE_HEADERS, *rows])


@pytest.fixture
def unit(reference: None) -> Unit:
    (outcome,) = units_upsert(
        actor=SystemActor("test"),
        items=[
            UnitItem(
                new_owner=NewPerson(nik=UJANG, name="Ujang", sex="L", phone="081234567890"),
                fields={
                    "business_name": "Bambu Ujang",
                    "nib": "8120000000001",
                    "kbli": "16291",
                    "address": "Kp. Pasir Ona",
                    "year_established": 2010,
                    "commodity": Commodity.objects.get(code="anyaman").pk,
                    "desa": "36.02.14.2017",
                },
                reports=[
                    ReportItem(
                        year=2018,
                        values={
                            "workers_male": 3,
                            "production_value": 5_000_000,
                            "market_reach": "ekspor",
                        },
                        countries={"DE": 1000},
                    )
                ],
            )
        ],
    )
    return Unit.objects.get(pk=outcome.unit_id)


def test_a_file_without_any_year_is_refused_with_a_clear_message(
    reference: None, tmp_path: Path
) -> None:
    with pytest.raises(ImportRefused) as refused:
        path = _csv(tmp_path, _row(**{"Tenaga Kerja Laki-laki": 2}))
        import_file(actor=SystemActor("cli"), path=path, file_name="f.csv")
    assert refused.value.code == "year_missing"
    assert "Tahun data tidak disebutkan" in refused.value.message
    assert not Unit.objects.exists()


def test_a_row_without_yearly_figures_needs_no_year_and_creates_no_record(
    reference: None, tmp_path: Path
) -> None:
    report = import_file(
        actor=SystemActor("cli"), path=_csv(tmp_path, _row()), file_name="f.csv"
    ).report
    assert (report["created"], report["year"], report["years"]) == (1, None, [])
    assert not YearlyReport.objects.exists()


def test_the_title_states_the_year_and_a_different_year_option_stops_the_import(
    reference: None, tmp_path: Path
) -> None:
    path = _csv(tmp_path, _row(**{"Tenaga Kerja Laki-laki": 2}), title="DATA IKM TAHUN 2017")
    report = import_file(actor=SystemActor("cli"), path=path, file_name="f.csv").report
    assert (report["year"], report["created"]) == (2017, 1)
    assert YearlyReport.objects.get().year == 2017
    with pytest.raises(ImportRefused) as refused:
        import_file(actor=SystemActor("cli"), path=path, file_name="f.csv", year=2018)
    assert refused.value.code == "year_conflict"
    assert "2018" in refused.value.message and "2017" in refused.value.message


def test_a_year_column_that_disagrees_with_the_year_option_names_the_row_and_both_years(
    reference: None, tmp_path: Path
) -> None:
    header = ["Tahun Data", *TEMPLATE_HEADERS]
    path = csv_file(tmp_path / "y.csv", [header, [2017, *_row(**{"Tenaga Kerja Laki-laki": 2})]])
    with pytest.raises(ImportRefused) as refused:
        import_file(actor=SystemActor("cli"), path=path, file_name="y.csv", year=2018)
    assert refused.value.message == (
        "Baris 2 menyebut tahun 2017, berbeda dengan tahun impor 2018. Impor per tahun, atau "
        "kosongkan isian tahun."
    )


def test_the_command_needs_a_year_unless_the_file_states_it(
    reference: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, _row(**{"Tenaga Kerja Laki-laki": 2}))
    with pytest.raises(SystemExit) as exit:
        call_command("import_units", str(path))
    assert exit.value.code == 2
    assert "Tahun data tidak disebutkan" in capsys.readouterr().err
    call_command("import_units", str(path), "--year", "2018")
    assert YearlyReport.objects.get().year == 2018


def test_a_blank_cell_never_erases(unit: Unit, tmp_path: Path) -> None:
    before = Unit.objects.values().get(pk=unit.pk)
    path = _csv(
        tmp_path,
        _row(**{"NIK Pemilik": UJANG, "NIB": "", "Alamat": "", "KBLI": "", "No. Telepon": ""}),
    )
    report = import_file(actor=SystemActor("cli"), path=path, file_name="f.csv", year=2018).report
    assert report["unchanged"] == 1
    assert Unit.objects.values().get(pk=unit.pk) == before
    assert YearlyReport.objects.get().workers_male == 3


def test_the_clearing_marker_clears_only_the_columns_that_may_be_cleared(
    unit: Unit, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path,
        _row(**{
            "NIB": "(hapus)", "Alamat": "(HAPUS)", "KBLI": "( hapus )", "No. Telepon": "(hapus)",
            "Negara Tujuan Ekspor": "(hapus)", "Tenaga Kerja Laki-laki": "(hapus)",
            "Tahun Berdiri": "(hapus)",
        }),
    )  # fmt: skip
    report = import_file(actor=SystemActor("cli"), path=path, file_name="f.csv", year=2018).report
    assert report["updated"] == 1, report["rows"]
    unit.refresh_from_db()
    assert (unit.nib, unit.address, unit.kbli, unit.year_established) == ("", "", "", None)
    assert unit.owner.phone_encrypted == ""
    record = YearlyReport.objects.get()
    assert (record.workers_male, record.export_destinations.count()) == (0, 0)
    refused = import_file(
        actor=SystemActor("cli"),
        path=_csv(tmp_path, _row(**{"Nama Usaha": "(hapus)"})),
        file_name="f.csv",
        year=2018,
    ).report
    assert [i["code"] for i in refused["rows"][0]["issues"]] == ["clear_not_allowed"]


def test_a_dash_keeps_meaning_no_and_never_clears(unit: Unit, tmp_path: Path) -> None:
    path = _csv(tmp_path, _row(**{"P-IRT": "-", "Halal": "-"}))
    report = import_file(actor=SystemActor("cli"), path=path, file_name="f.csv", year=2018).report
    assert report["unchanged"] == 1
    assert Unit.objects.get(pk=unit.pk).nib == "8120000000001"


def test_status_and_owner_sex_are_imported(unit: Unit, tmp_path: Path) -> None:
    header = [*TEMPLATE_HEADERS, "Status Usaha", "Jenis Kelamin Pemilik"]
    path = csv_file(tmp_path / "s.csv", [header, [*_row(), "Tutup", "Perempuan"]])
    report = import_file(actor=SystemActor("cli"), path=path, file_name="s.csv", year=2018).report
    assert report["updated"] == 1
    assert [i["code"] for i in report["rows"][0]["issues"]] == ["sex_nik_differs"]
    unit.refresh_from_db()
    assert (unit.status, unit.owner.sex) == ("tutup", "P")
    assert YearlyReport.objects.get(year=2018).is_active is False


def test_a_file_of_an_older_year_never_revives_a_closed_unit(unit: Unit, tmp_path: Path) -> None:
    units_upsert(
        actor=SystemActor("test"), items=[UnitItem(unit_id=unit.pk, fields={"status": "tutup"})]
    )
    header = [*TEMPLATE_HEADERS, "Status Usaha"]
    path = csv_file(tmp_path / "s.csv", [header, [*_row(**{"Tenaga Kerja Laki-laki": 2}), "Aktif"]])
    import_file(actor=SystemActor("cli"), path=path, file_name="s.csv", year=2017)
    unit.refresh_from_db()
    assert unit.status == "tutup"
    assert YearlyReport.objects.get(year=2017).is_active is True


def test_a_row_of_a_closed_unit_never_creates_an_active_record(unit: Unit, tmp_path: Path) -> None:
    units_upsert(
        actor=SystemActor("test"), items=[UnitItem(unit_id=unit.pk, fields={"status": "tutup"})]
    )
    path = _csv(tmp_path, _row(**{"Tenaga Kerja Laki-laki": 2}))
    import_file(actor=SystemActor("cli"), path=path, file_name="f.csv", year=2016)
    assert YearlyReport.objects.get(year=2016).is_active is False


def test_an_unchanged_row_leaves_the_unit_its_version_time_stamp_and_source(
    unit: Unit, tmp_path: Path
) -> None:
    out = tmp_path / "e.json"
    call_command("export_units", "--format", "json", "--out", str(out), "--year", "2018")
    before = Unit.objects.values("version", "updated_at", "data_source", "verification").get()
    report = import_file(actor=SystemActor("cli"), path=out, file_name="e.json").report
    assert (report["unchanged"], report["year"]) == (1, 2018), report["rows"]
    after = Unit.objects.values("version", "updated_at", "data_source", "verification").get()
    assert after == before


def test_a_changed_row_bumps_the_version_and_waits_for_verification(
    unit: Unit, tmp_path: Path
) -> None:
    Unit.objects.filter(pk=unit.pk).update(verification="terverifikasi")
    out = tmp_path / "e.json"
    call_command("export_units", "--format", "json", "--out", str(out), "--year", "2018")
    data = json.loads(out.read_text())
    data[0]["address"] = "Kp. Pasir Ona RT 02"
    out.write_text(json.dumps(data))
    report = import_file(actor=SystemActor("cli"), path=out, file_name="e.json").report
    assert report["updated"] == 1
    unit.refresh_from_db()
    assert (unit.address, unit.version, unit.verification, unit.data_source) == (
        "Kp. Pasir Ona RT 02",
        2,
        "belum",
        "survei",
    )


def test_a_json_file_that_is_not_a_list_of_units_is_refused(
    reference: None, tmp_path: Path
) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"units": 3}')
    with pytest.raises(ImportRefused) as refused:
        import_file(actor=SystemActor("cli"), path=path, file_name="x.json")
    assert refused.value.code == "file_mismatch"
    path.write_text("[" * 100_000)
    with pytest.raises(ImportRefused):
        import_file(actor=SystemActor("cli"), path=path, file_name="x.json")


def test_the_owners_phone_and_name_follow_the_file_for_a_unit_in_scope(
    unit: Unit, tmp_path: Path
) -> None:
    path = _csv(tmp_path, _row(**{"Nama Pemilik": "Ujang Sukma", "No. Telepon": "0819 1111 2222"}))
    report = import_file(actor=SystemActor("cli"), path=path, file_name="f.csv", year=2018).report
    assert report["updated"] == 1
    owner = Person.objects.get()
    assert (owner.name, owner.phone_masked) == ("Ujang Sukma", "0819••••••22")
    assert all("Ujang" not in i["message"] for r in report["rows"] for i in r["issues"])


def test_an_xlsx_title_year_is_read_above_a_two_row_header(reference: None, tmp_path: Path) -> None:
    rows = [["REKAP IKM KAB. LEBAK", None], ["Tahun 2018"], TEMPLATE_HEADERS]
    path = xlsx(tmp_path / "t.xlsx", [*rows, _row(**{"Tenaga Kerja Laki-laki": 1})])
    report = import_file(actor=SystemActor("cli"), path=path, file_name="t.xlsx").report
    assert (report["year"], report["created"]) == (2018, 1)
