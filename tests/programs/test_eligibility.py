"""The candidate list explains, for every unit, why it qualifies or not."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sentra.core.actors import SystemActor
from sentra.programs.criteria import criteria_validate
from sentra.programs.eligibility import unit_candidates
from sentra.programs.services import workflow
from sentra.registry.models import CertificateKind, Unit
from sentra.registry.services import certificate_add
from tests.programs.conftest import BAYAH_DESA, make_program, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(reference: None) -> dict[str, Unit]:
    units = {
        "ok": make_unit(
            "Gula Semut Ibu Siti",
            commodity="gula-aren",
            female=True,
            nib="1234567890123",
            reports={2017: (3, 40_000_000)},
        ),
        "male": make_unit(
            "Gula Aren Pak Ujang",
            commodity="gula-aren",
            nib="1234567890124",
            reports={2017: (3, 40_000_000)},
        ),
        "big": make_unit(
            "Gula Aren Besar",
            commodity="gula-aren",
            female=True,
            nib="1234567890125",
            reports={2017: (12, 400_000_000)},
        ),
        "batik": make_unit(
            "Batik Ibu Ani", female=True, nib="1234567890126", reports={2017: (2, 10_000_000)}
        ),
        "bayah": make_unit(
            "Gula Aren Bayah",
            commodity="gula-aren",
            desa=BAYAH_DESA,
            female=True,
            nib="1234567890127",
            reports={2017: (2, 10_000_000)},
        ),
        "halal": make_unit(
            "Gula Halal",
            commodity="gula-aren",
            female=True,
            nib="1234567890128",
            reports={2017: (2, 10_000_000)},
        ),
        "no_nib": make_unit(
            "Gula Tanpa NIB", commodity="gula-aren", female=True, reports={2017: (2, 10_000_000)}
        ),
        "closed": make_unit(
            "Gula Tutup",
            commodity="gula-aren",
            female=True,
            nib="1234567890129",
            reports={2017: None},
        ),
    }
    certificate_add(
        actor=SystemActor("test"),
        unit=units["halal"],
        kind=CertificateKind.objects.get(code="halal"),
    )
    return units


CRITERIA = {
    "commodities": ["gula-aren"],
    "kecamatan": ["36.02.14"],
    "max_workers": 10,
    "women_owned": True,
    "has_nib": True,
    "lacks_certificates": ["halal"],
    "not_aided_years": 2,
}


def _explain(program: Any) -> dict[str, tuple[bool, list[str]]]:
    out = {}
    for c in unit_candidates(program=program, units=Unit.objects.all()):
        out[c.name] = (c.eligible, [("✓ " if r.ok else "✗ ") + r.text for r in c.reasons])
    return out


def test_every_unit_gets_its_reasons_in_indonesian(registry: dict[str, Unit]) -> None:
    program = make_program("FS-2017", kind="fasilitasi_sertifikasi", criteria=CRITERIA)
    got = _explain(program)
    assert got["Gula Semut Ibu Siti"] == (
        True,
        [
            "✓ Aktif menurut laporan tahunan 2017.",
            "✓ Komoditas Gula Aren sesuai sasaran.",
            "✓ Kecamatan Rangkasbitung termasuk wilayah sasaran.",
            "✓ Tenaga kerja 3 orang dalam batas sasaran.",
            "✓ Pemilik perempuan.",
            "✓ Memiliki NIB.",
            "✓ Belum memiliki sertifikat Halal (sasaran fasilitasi).",
            "✓ Belum menerima fasilitasi sertifikasi dalam 2 tahun terakhir.",
        ],
    )
    assert "✗ Pemilik bukan perempuan." in got["Gula Aren Pak Ujang"][1]
    assert "✗ Tenaga kerja 12 orang melebihi batas maksimal 10." in got["Gula Aren Besar"][1]
    assert "✗ Komoditas Batik Lebak bukan sasaran program." in got["Batik Ibu Ani"][1]
    assert "✗ Kecamatan Bayah di luar wilayah sasaran." in got["Gula Aren Bayah"][1]
    assert "✗ Sudah memiliki sertifikat Halal yang berlaku." in got["Gula Halal"][1]
    assert "✗ Belum memiliki NIB." in got["Gula Tanpa NIB"][1]
    assert "✗ Tidak ada laporan tahunan aktif sampai 2017." in got["Gula Tutup"][1]
    assert [name for name, (ok, _) in got.items() if ok] == ["Gula Semut Ibu Siti"]
    # A unit failing one criterion fails only that one: the others still read ✓.
    assert sum(1 for r in got["Gula Aren Pak Ujang"][1] if r.startswith("✗")) == 1


def test_a_unit_aided_by_the_same_kind_recently_is_explained_with_the_program_code(
    registry: dict[str, Unit], alice_admin: Any, rudi_officer_rangkasbitung: Any
) -> None:
    earlier = make_program("FS-2016", kind="fasilitasi_sertifikasi", year=2016)
    p = workflow.participation_propose(
        actor=rudi_officer_rangkasbitung, program=earlier, unit=registry["ok"]
    )
    p = workflow.participation_verify(actor=rudi_officer_rangkasbitung, participation=p)
    workflow.participation_approve(actor=alice_admin, participation=p)
    program = make_program("FS-2017", kind="fasilitasi_sertifikasi", criteria=CRITERIA)
    eligible, reasons = _explain(program)["Gula Semut Ibu Siti"]
    assert not eligible
    assert "✗ Sudah menerima program sejenis: FS-2016 (2016)." in reasons


def test_criteria_are_validated_before_they_are_stored(reference: None) -> None:
    with pytest.raises(ValidationError) as exc:
        criteria_validate({"min_workers": 5, "max_workers": 2, "kbli": ["1234"]})
    assert set(exc.value.message_dict) == {"max_workers", "kbli"}
    with pytest.raises(ValidationError):
        criteria_validate({"commodities": ["tidak-ada"]})
    assert criteria_validate({"kbli": ["13134"], "women_owned": True}) == {
        "kbli": ["13134"],
        "women_owned": True,
    }
