"""Every column shows what Sentra understood — exact, fuzzy with its score, or unknown — and a
user re-maps or ignores columns (the preview's mapping step, `--mapping FILE.json`), saves the
result under a name and gets it back by itself for the same headers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from sentra.core.actors import SystemActor
from sentra.exchange.importer import import_file
from sentra.exchange.limits import ImportRefused
from sentra.exchange.mapping import fuzzy_field
from sentra.exchange.profiles import profiles
from sentra.exchange.saved import column_profile_save
from sentra.registry.models import ExportDestination, ProductLine, Unit, YearlyReport
from tests.exchange.files import csv_file, xlsx

pytestmark = pytest.mark.django_db

HANDMADE = [
    "No.", "Nama Usaha", "Nama Pemilik", "No. KTP (NIK)", "Kecamatan", "Desa",
    "Jenis Produk / Komoditi", "Negara Tujuan", "Nilai Ekspor (US$)", "Catatan Petugas",
]  # fmt: skip
ROWS = [
    [1, "Anyaman Pasir Ona", "Ujang Sukma", "3602140101800001", "Rangkasbitung",
     "Rangkasbitung Timur", "Besek bambu", "Inggris, Belanda", "4.500", "kirim lewat Jakarta"],
    [2, "Batik Sekar", "Siti", "3602144202850002", "Rangkasbitung", "Cijoro Lebak",
     "Batik Tulis", None, None, ""],
]  # fmt: skip


def _import(path: Path, **kwargs: Any) -> dict[str, Any]:
    return import_file(actor=SystemActor("cli"), path=path, file_name=path.name, **kwargs).report


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("No. KTP (NIK)", "nik"),
        ("Jenis Produk / Komoditi", "product"),
        ("NAMA USAHA ANDA", "business_name"),
        ("Kapasitas Produksi/Bulan", "capacity"),
        ("Nama Lengkap Pemilik", "owner_name"),
        ("Nomor Induk Kependudukan (KTP)", "nik"),
    ],
)
def test_fuzzy_header_matching_is_token_based_and_ignores_case_accents_and_punctuation(
    header: str, field: str
) -> None:
    found = fuzzy_field(header, profiles()["sentra"])
    assert found is not None and found[0] == field
    assert 85 <= found[1] <= 100


@pytest.mark.parametrize("header", ["Nama", "Keterangan", "Kode Pos", "Alamat Rumah", "Tgl Lahir"])
def test_a_header_that_is_close_to_nothing_or_to_two_fields_stays_unknown(header: str) -> None:
    assert fuzzy_field(header, profiles()["sentra"]) is None


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_hand_made_sheet_reports_every_column_as_exact_fuzzy_or_unknown(
    reference: None, tmp_path: Path, suffix: str
) -> None:
    rows = [HANDMADE, *ROWS]
    path = (xlsx if suffix == ".xlsx" else csv_file)(tmp_path / f"data{suffix}", rows)
    report = _import(path, year=2018)
    columns = {c["header"]: (c["field"], c["how"]) for c in report["columns"]}
    assert columns["No. KTP (NIK)"] == ("nik", "fuzzy")
    assert columns["Jenis Produk / Komoditi"] == ("product", "fuzzy")
    assert columns["Negara Tujuan"] == ("export_countries", "exact")
    assert columns["Nilai Ekspor (US$)"] == ("export_value", "exact")
    assert columns["Catatan Petugas"] == (None, "unknown")
    assert report["unknown_columns"] == ["No.", "Catatan Petugas"]
    scores = {c["header"]: c["score"] for c in report["columns"] if c["how"] == "fuzzy"}
    assert all(85 <= s <= 100 for s in scores.values())
    assert report["created"] == 2
    bamboo = YearlyReport.objects.get(unit__business_name="Anyaman Pasir Ona", year=2018)
    assert bamboo.export_value_usd == 4500
    assert sorted(
        ExportDestination.objects.filter(report=bamboo).values_list("country", flat=True)
    ) == ["GB", "NL"]
    assert Unit.objects.get(business_name="Batik Sekar").commodity.code == "batik-lebak"
    assert Unit.objects.get(business_name="Anyaman Pasir Ona").owner.nik_masked == (
        "3602••••••••0001"
    )


def test_a_mapping_re_maps_and_ignores_columns(reference: None, tmp_path: Path) -> None:
    rows = [HANDMADE, *ROWS]
    path = xlsx(tmp_path / "data.xlsx", rows)
    report = _import(
        path,
        year=2018,
        dry_run=True,
        mapping={"Catatan Petugas": "address", "Negara Tujuan": None},
    )
    columns = {c["header"]: (c["field"], c["how"]) for c in report["columns"]}
    assert columns["Catatan Petugas"] == ("address", "manual")
    assert columns["Negara Tujuan"] == (None, "ignored")
    assert report["unknown_columns"] == ["No."]


def test_a_mapping_to_a_field_sentra_does_not_know_is_refused(
    reference: None, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "data.xlsx", [HANDMADE, *ROWS])
    with pytest.raises(ImportRefused) as refused:
        _import(path, year=2018, mapping={"Catatan Petugas": "warna_favorit"})
    assert refused.value.code == "mapping_invalid"


def test_the_command_takes_a_mapping_file_and_a_profile(
    reference: None, tmp_path: Path, capsys: Any
) -> None:
    path = xlsx(tmp_path / "data.xlsx", [HANDMADE, *ROWS])
    mapping = tmp_path / "pemetaan.json"
    mapping.write_text(json.dumps({"columns": {"Catatan Petugas": "address"}}))
    out = tmp_path / "laporan.json"
    call_command(
        "import_units", str(path), "--year", "2018", "--mapping", str(mapping),
        "--profile", "sentra", "--report", str(out),
    )  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["profile"] == "sentra"
    assert Unit.objects.get(business_name="Anyaman Pasir Ona").address == "kirim lewat Jakarta"


def test_the_command_refuses_an_unknown_profile_naming_the_known_ones(
    reference: None, tmp_path: Path, capsys: Any
) -> None:
    path = xlsx(tmp_path / "data.xlsx", [HANDMADE, *ROWS])
    with pytest.raises(SystemExit) as exit_:
        call_command("import_units", str(path), "--year", "2018", "--profile", "sakernas")
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip() == (
        "Profil sakernas tidak dikenal. Profil yang ada: kobo, oss, sentra, siinas."
    )


def test_a_saved_mapping_is_applied_by_itself_when_the_same_headers_come_again(
    reference: None, tmp_path: Path, alice_admin: Any
) -> None:
    first = xlsx(tmp_path / "januari.xlsx", [HANDMADE, *ROWS])
    report = _import(first, year=2018, dry_run=True)
    column_profile_save(
        actor=alice_admin,
        name="Rekap kecamatan",
        base=report["profile"],
        header_set=report["header_set"],
        columns={"Catatan Petugas": "address", "No.": None},
    )
    # Next month: the same headers in another order and case, other rows.
    order = [3, 0, 1, 2, 4, 5, 6, 7, 8, 9]
    header = [HANDMADE[i].upper() for i in order]
    header[header.index("CATATAN PETUGAS")] = "Catatan Petugas"
    rows = [[row[i] for i in order] for row in ROWS]
    second = _import(xlsx(tmp_path / "februari.xlsx", [header, *rows]), year=2018)
    assert second["saved_profile"] == "Rekap kecamatan"
    assert second["unknown_columns"] == []
    assert Unit.objects.get(business_name="Anyaman Pasir Ona").address == "kirim lewat Jakarta"
    assert ProductLine.objects.count() == 2
