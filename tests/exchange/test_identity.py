"""Which unit a row is: the unit code first, then NIB (with the owner), then full NIK + business
name; a masked NIK identifies nobody; one row never merges two units; two stalls stay two."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.exchange.importer import import_file
from sentra.registry.models import Commodity, Unit
from sentra.registry.services import NewPerson, UnitItem, units_upsert
from tests.exchange.files import csv_file

pytestmark = pytest.mark.django_db

HEADER = [
    "Kode Unit", "Tahun Data", "Nama Usaha", "Nama Pemilik", "NIK Pemilik", "NIB",
    "Desa/Kelurahan", "Kecamatan", "Komoditas", "Tenaga Kerja Laki-laki",
]  # fmt: skip
UJANG = "3602140101800001"
SITI = "3602144202850002"


def _unit(name: str, nik: str, owner: str, nib: str = "", desa: str = "36.02.14.2017") -> Unit:
    (outcome,) = units_upsert(
        actor=SystemActor("test"),
        items=[
            UnitItem(
                new_owner=NewPerson(nik=nik, name=owner, sex="L" if nik == UJANG else "P"),
                fields={
                    "business_name": name,
                    "nib": nib,
                    "commodity": Commodity.objects.get(code="anyaman").pk,
                    "desa": desa,
                },
            )
        ],
    )
    return Unit.objects.get(pk=outcome.unit_id)


CLI = SystemActor("cli")


def _import(tmp_path: Path, *rows: dict[str, Any], actor: Any = CLI) -> dict[str, Any]:
    base = {
        "Tahun Data": 2018, "Desa/Kelurahan": "Rangkasbitung Timur",
        "Kecamatan": "Rangkasbitung", "Komoditas": "Anyam-anyaman",
    }  # fmt: skip
    lines = [HEADER] + [[{**base, **r}.get(h, "") for h in HEADER] for r in rows]
    path = csv_file(tmp_path / "f.csv", lines)
    return import_file(actor=actor, path=path, file_name="f.csv").report


def _issues(report: dict[str, Any]) -> list[list[tuple[str, str]]]:
    return [[(i["code"], i["message"]) for i in r["issues"]] for r in report["rows"]]


@pytest.fixture
def stalls(reference: None) -> tuple[Unit, Unit]:
    """Ujang's two stalls with the same name, and Siti's unit."""
    first = _unit("Anyaman Ujang", UJANG, "Ujang")
    second = _unit("Anyaman Ujang", UJANG, "Ujang")
    return first, second


def test_every_unit_gets_a_code_from_its_regencys_sequence_that_is_never_reused(
    reference: None,
) -> None:
    first = _unit("Bambu Satu", UJANG, "Ujang")
    second = _unit("Bambu Dua", SITI, "Siti")
    assert (first.code, second.code) == ("IKM-3602-0000001", "IKM-3602-0000002")
    second.delete()
    third = _unit("Bambu Tiga", SITI, "Siti")
    assert third.code == "IKM-3602-0000003"


def test_a_code_finds_its_unit_whatever_the_other_keys_say_and_updates_only_that_unit(
    stalls: tuple[Unit, Unit], tmp_path: Path
) -> None:
    first, second = stalls
    report = _import(
        tmp_path,
        {"Kode Unit": second.code, "Nama Usaha": "Anyaman Ujang", "Tenaga Kerja Laki-laki": 3},
    )
    assert [(r["status"], r["unit"]) for r in report["rows"]] == [("updated", second.pk)]
    assert not first.reports.exists()
    assert second.reports.get(year=2018).workers_male == 3


def test_two_stalls_of_one_owner_with_the_same_name_stay_two(
    stalls: tuple[Unit, Unit], tmp_path: Path
) -> None:
    first, second = stalls
    report = _import(
        tmp_path,
        {"Kode Unit": first.code, "Nama Usaha": "Anyaman Ujang", "Tenaga Kerja Laki-laki": 1},
        {"Kode Unit": second.code, "Nama Usaha": "Anyaman Ujang", "Tenaga Kerja Laki-laki": 2},
    )
    assert [r["status"] for r in report["rows"]] == ["updated", "updated"]
    assert Unit.objects.count() == 2
    assert [u.reports.get(year=2018).workers_male for u in (first, second)] == [1, 2]


def test_without_a_code_a_name_shared_by_two_stalls_is_ambiguous_and_names_both_codes(
    stalls: tuple[Unit, Unit], tmp_path: Path
) -> None:
    first, second = stalls
    report = _import(
        tmp_path,
        {"Nama Usaha": "Anyaman Ujang", "Nama Pemilik": "Ujang", "NIK Pemilik": UJANG},
    )
    assert report["rows"][0]["status"] == "rejected"
    ((code, message),) = _issues(report)[0]
    assert code == "ambiguous"
    assert first.code in message and second.code in message


def test_a_row_whose_keys_point_at_two_units_is_rejected_naming_both_codes(
    reference: None, tmp_path: Path
) -> None:
    ujang = _unit("Bambu Ujang", UJANG, "Ujang", nib="8120000000001")
    siti = _unit("Batik Siti", SITI, "Siti", nib="8120000000002")
    report = _import(
        tmp_path, {"Kode Unit": ujang.code, "Nama Usaha": "Bambu Ujang", "NIB": siti.nib}
    )
    ((code, message),) = _issues(report)[0]
    assert code == "keys_conflict"
    assert ujang.code in message and siti.code in message
    assert Unit.objects.get(pk=ujang.pk).nib == "8120000000001"


def test_a_nib_finds_its_unit_and_a_nib_of_another_owner_is_refused(
    reference: None, tmp_path: Path
) -> None:
    siti = _unit("Batik Siti", SITI, "Siti", nib="8120000000002")
    found = _import(tmp_path, {"Nama Usaha": "Batik Siti Baru", "NIB": siti.nib})
    assert [(r["status"], r["unit"]) for r in found["rows"]] == [("updated", siti.pk)]
    refused = _import(
        tmp_path,
        {"Nama Usaha": "Batik", "Nama Pemilik": "Ujang", "NIK Pemilik": UJANG, "NIB": siti.nib},
    )
    assert [c for c, _m in _issues(refused)[0]] == ["nib_owner_mismatch"]


def test_a_masked_nik_identifies_nobody(reference: None, tmp_path: Path) -> None:
    """Changed on purpose by issue 10: a unit may be registered without its owner's NIK, so
    the row is no longer rejected; its owner is recorded without a NIK, never as Ujang."""
    ujang = _unit("Bambu Ujang", UJANG, "Ujang")
    report = _import(
        tmp_path,
        {"Nama Usaha": "Batik Ujang", "Nama Pemilik": "Ujang", "NIK Pemilik": "3602••••••••0001"},
    )
    assert report["rows"][0]["status"] == "created"
    assert [c for c, _m in _issues(report)[0]] == ["nik_masked"]
    created = Unit.objects.exclude(pk=ujang.pk).get()
    assert created.owner_id != ujang.owner_id
    assert created.owner.nik_digest is None


def test_a_full_nik_and_business_name_find_the_unit_of_that_owner(
    reference: None, tmp_path: Path
) -> None:
    unit = _unit("CV. Bambu Pasir Ona", UJANG, "Ujang")
    report = _import(
        tmp_path,
        {"Nama Usaha": "bambu pasir ona", "Nama Pemilik": "Ujang", "NIK Pemilik": UJANG,
         "Tenaga Kerja Laki-laki": 4},
    )  # fmt: skip
    assert [(r["status"], r["unit"]) for r in report["rows"]] == [("updated", unit.pk)]


def test_a_code_this_sentra_never_issued_is_rejected(reference: None, tmp_path: Path) -> None:
    report = _import(tmp_path, {"Kode Unit": "IKM-3602-0999999", "Nama Usaha": "X"})
    assert [c for c, _m in _issues(report)[0]] == ["code_unknown"]
    report = _import(tmp_path, {"Kode Unit": "ABC", "Nama Usaha": "X"})
    assert [c for c, _m in _issues(report)[0]] == ["code_invalid"]


def test_a_code_typed_loosely_is_read_as_the_same_code(reference: None, tmp_path: Path) -> None:
    unit = _unit("Bambu Ujang", UJANG, "Ujang")
    loose = unit.code.lower().replace("-", " ").replace("0000", "")
    report = _import(tmp_path, {"Kode Unit": loose, "Tenaga Kerja Laki-laki": 2})
    assert [(r["status"], r["unit"]) for r in report["rows"]] == [("updated", unit.pk)]


def test_the_nik_of_another_person_never_changes_a_units_owner(
    reference: None, tmp_path: Path
) -> None:
    unit = _unit("Bambu Ujang", UJANG, "Ujang")
    _unit("Batik Siti", SITI, "Siti")
    report = _import(tmp_path, {"Kode Unit": unit.code, "NIK Pemilik": SITI})
    assert [c for c, _m in _issues(report)[0]] == ["owner_not_unit_owner"]
    assert Unit.objects.get(pk=unit.pk).owner.name == "Ujang"


def test_an_officer_never_matches_or_learns_the_codes_of_units_outside_the_kecamatan(
    reference: None, rudi_officer_rangkasbitung: Any, tmp_path: Path
) -> None:
    bayah = _unit("Gula Bayah", SITI, "Siti", nib="8120000000009", desa="36.02.03.2001")
    report = _import(
        tmp_path,
        {"Nama Usaha": "Gula", "Nama Pemilik": "Ujang", "NIK Pemilik": UJANG, "NIB": bayah.nib},
        actor=rudi_officer_rangkasbitung,
    )
    ((code, message),) = _issues(report)[0]
    assert code == "nib_owner_mismatch"
    assert bayah.code not in message
    by_code = _import(tmp_path, {"Kode Unit": bayah.code}, actor=rudi_officer_rangkasbitung)
    assert [c for c, _m in _issues(by_code)[0]] == ["outside_scope"]
