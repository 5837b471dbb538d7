"""CSV files as people save them (`;` or `,`, UTF-8 with BOM, Windows-1252) and who may import
what: officers only for their kecamatan, owners and analysts not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.exchange.importer import import_file
from sentra.exchange.limits import ImportRefused
from sentra.registry.models import Unit
from tests.exchange.files import TEMPLATE_HEADERS, csv_file

pytestmark = pytest.mark.django_db


def row(name: str, nik: str, desa: str, kecamatan: str, **extra: Any) -> list[Any]:
    values = dict.fromkeys(TEMPLATE_HEADERS, "")
    values.update({
        "Nama Usaha": name, "Nama Pemilik": "Siti Aminah", "NIK Pemilik": nik,
        "Desa/Kelurahan": desa, "Kecamatan": kecamatan, "Komoditas": "Gula Aren",
    })  # fmt: skip
    values.update(extra)
    return [values[h] for h in TEMPLATE_HEADERS]


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8-sig"), (",", "utf-8"), (";", "cp1252")],
    ids=["semicolon-bom", "comma-utf8", "semicolon-windows1252"],
)
def test_csv_files_are_read_in_every_common_dialect(
    reference: None, tmp_path: Path, delimiter: str, encoding: str
) -> None:
    path = csv_file(
        tmp_path / "ikm.csv",
        [
            ["Rekap IKM Kecamatan Bayah"],
            TEMPLATE_HEADERS,
            row(
                "Gula Aren Pak Ade",
                "3602031208900005",
                "Bayah Barat",
                "Bayah",
                **{"Nilai Produksi (Rp)": "Rp 1.500.000,00", "Alamat": "Kp. Cimancak, RT 02"},
            ),
        ],
        delimiter=delimiter,
        encoding=encoding,
    )
    result = import_file(actor=SystemActor("cli"), path=path, file_name="ikm.csv", year=2018)
    assert result.report["header_row"] == 2
    assert result.report["sheet"] == ""
    assert [(r["row"], r["status"], r["issues"]) for r in result.report["rows"]] == [
        (3, "created", [])
    ]
    unit = Unit.objects.get()
    assert unit.address == "Kp. Cimancak, RT 02"
    assert unit.reports.get().production_value == 1_500_000


def test_windows_1252_names_keep_their_accents(reference: None, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "ikm.csv",
        [TEMPLATE_HEADERS, row("Café Gula Aren", "3602031208900005", "Bayah Barat", "Bayah")],
        encoding="cp1252",
    )
    import_file(actor=SystemActor("cli"), path=path, file_name="ikm.csv", year=2018)
    assert Unit.objects.get().business_name == "Café Gula Aren"


def test_text_that_looks_like_a_formula_is_stored_literally_with_a_warning(
    reference: None, tmp_path: Path
) -> None:
    formula = '=HYPERLINK("http://contoh.test","klik")'
    path = csv_file(
        tmp_path / "ikm.csv",
        [TEMPLATE_HEADERS, row(formula, "3602031208900005", "Bayah Barat", "Bayah")],
    )
    result = import_file(actor=SystemActor("cli"), path=path, file_name="ikm.csv", year=2018)
    assert result.report["rows"][0]["issues"] == [
        {
            "column": "Nama Usaha",
            "field": "business_name",
            "severity": "warning",
            "code": "formula_text",
            "message": "Teks yang tampak seperti rumus disimpan apa adanya.",
        }
    ]
    assert Unit.objects.get().business_name == formula


def test_csv_rows_are_numbered_by_their_line_even_after_a_multiline_cell(
    reference: None, tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path / "ikm.csv",
        [
            TEMPLATE_HEADERS,
            row("Gula A", "3602031208900005", "Bayah Barat", "Bayah", Alamat="Kp. A\nRT 01"),
            row("Gula B", "3602031208900005", "Sawarna", "Bayah"),
        ],
    )
    result = import_file(
        actor=SystemActor("cli"), path=path, file_name="ikm.csv", year=2018, dry_run=True
    )
    assert [r["row"] for r in result.report["rows"]] == [2, 4]


def test_a_near_miss_desa_gets_a_suggestion(reference: None, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "ikm.csv",
        [TEMPLATE_HEADERS, row("Gula A", "3602031208900005", "Bayah Barta", "Kec. Bayah")],
    )
    result = import_file(
        actor=SystemActor("cli"), path=path, file_name="ikm.csv", year=2018, dry_run=True
    )
    assert result.report["rows"][0]["issues"][0]["code"] == "desa_suggest"
    assert result.report["rows"][0]["issues"][0]["message"] == (
        "Desa/kelurahan Bayah Barta tidak ditemukan. Mungkin maksud Anda Bayah Barat?"
    )


def test_a_kecamatan_outside_the_regency_is_unknown(reference: None, tmp_path: Path) -> None:
    path = csv_file(
        tmp_path / "ikm.csv",
        [TEMPLATE_HEADERS, row("Gula A", "3602031208900005", "Menteng", "Menteng")],
    )
    result = import_file(
        actor=SystemActor("cli"), path=path, file_name="ikm.csv", year=2018, dry_run=True
    )
    assert result.report["rows"][0]["issues"][0]["code"] == "kecamatan_unknown"


def test_an_officer_may_import_only_rows_of_their_kecamatan(
    rudi_officer_rangkasbitung: Any, tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path / "ikm.csv",
        [
            TEMPLATE_HEADERS,
            row("Gula Rangkas", "3602140101800001", "Citeras", "Rangkasbitung"),
            row("Gula Bayah", "3602031208900005", "Bayah Barat", "Bayah"),
        ],
    )
    result = import_file(
        actor=rudi_officer_rangkasbitung, path=path, file_name="ikm.csv", year=2018
    )
    statuses = [(r["row"], r["status"]) for r in result.report["rows"]]
    assert statuses == [(2, "created"), (3, "rejected")]
    assert result.report["rows"][1]["issues"][0]["code"] == "outside_scope"
    assert result.report["rows"][1]["issues"][0]["message"] == (
        "Anda tidak berwenang mengimpor data untuk Kecamatan Bayah."
    )
    assert list(Unit.objects.values_list("kecamatan_id", flat=True)) == ["36.02.14"]


def test_an_officer_cannot_move_another_kecamatans_unit_by_matching_it(
    rudi_officer_rangkasbitung: Any, tmp_path: Path
) -> None:
    bayah = csv_file(
        tmp_path / "a.csv",
        [TEMPLATE_HEADERS, row("Gula A", "3602031208900005", "Bayah Barat", "Bayah",
                               NIB="1234567890123")],
    )  # fmt: skip
    import_file(actor=SystemActor("cli"), path=bayah, file_name="a.csv", year=2018)
    moved = csv_file(
        tmp_path / "b.csv",
        [TEMPLATE_HEADERS, row("Gula A", "3602031208900005", "Citeras", "Rangkasbitung",
                               NIB="1234567890123")],
    )  # fmt: skip
    result = import_file(actor=rudi_officer_rangkasbitung, path=moved, file_name="b.csv")
    assert result.report["rows"][0]["status"] == "rejected"
    assert result.report["rows"][0]["issues"][0]["code"] == "outside_scope"
    assert Unit.objects.get().kecamatan_id == "36.02.03"


@pytest.mark.parametrize("persona", ["omar_owner", "ana_analyst"])
def test_owners_and_analysts_may_not_import(
    request: pytest.FixtureRequest, persona: str, tmp_path: Path
) -> None:
    user = request.getfixturevalue(persona)
    path = csv_file(tmp_path / "ikm.csv", [TEMPLATE_HEADERS])
    with pytest.raises(ImportRefused) as refused:
        import_file(actor=user, path=path, file_name="ikm.csv")
    assert refused.value.code == "not_allowed"


def test_a_nib_registered_to_another_owner_is_rejected(reference: None, tmp_path: Path) -> None:
    first = csv_file(
        tmp_path / "a.csv",
        [TEMPLATE_HEADERS, row("Gula A", "3602031208900005", "Bayah Barat", "Bayah",
                               NIB="1234567890123")],
    )  # fmt: skip
    import_file(actor=SystemActor("cli"), path=first, file_name="a.csv", year=2018)
    other = csv_file(
        tmp_path / "b.csv",
        [TEMPLATE_HEADERS, row("Gula A", "3602140101800001", "Bayah Barat", "Bayah",
                               NIB="1234567890123")],
    )  # fmt: skip
    result = import_file(actor=SystemActor("cli"), path=other, file_name="b.csv", year=2018)
    assert result.report["rows"][0]["issues"][0]["code"] == "nib_owner_mismatch"
    assert Unit.objects.count() == 1
