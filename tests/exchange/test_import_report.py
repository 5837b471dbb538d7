"""The import of a messy field spreadsheet: the exact report, what is written, and a second
import of the same file that creates nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.exchange.importer import import_file
from sentra.exchange.models import ImportRun, RunStatus
from sentra.registry.models import Person, Unit, YearlyReport

pytestmark = pytest.mark.django_db

PRECISION = (
    "NIK tersimpan sebagai angka (%s) sehingga digit terakhirnya hilang. Format kolom NIK "
    "sebagai Teks, ketik ulang NIK-nya, lalu impor lagi."
)


def issue(column: str | None, field: str | None, severity: str, code: str, message: str) -> Any:
    return {
        "column": column,
        "field": field,
        "severity": severity,
        "code": code,
        "message": message,
    }


class _AnyDigest(str):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and len(other) == 32

    __hash__ = str.__hash__


ANY_DIGEST = _AnyDigest()
DUPLICATE = issue(
    None, None, "warning", "duplicate_in_file", "Unit yang sama sudah ada di baris 6 berkas ini."
)


HOW = [
    ("No", None, "unknown"), ("Nama IKM", "business_name", "exact"),
    ("Pemilik", "owner_name", "exact"), ("No. KTP", "nik", "exact"), ("NIB", "nib", "exact"),
    ("Kec.", "kecamatan", "exact"), ("Desa", "desa", "exact"), ("Produk", "product", "exact"),
    ("Tenaga Kerja L", "workers_male", "exact"), ("Tenaga Kerja P", "workers_female", "exact"),
    ("Investasi", "investment", "exact"), ("Nilai Produksi", "production_value", "exact"),
    ("Thn Berdiri", "year_established", "exact"), ("Pemasaran", "market_reach", "exact"),
    ("Tujuan Ekspor", "export_countries", "exact"), ("PIRT", "pirt", "exact"),
    ("Halal", "halal", "exact"), ("Keterangan", None, "unknown"),
]  # fmt: skip
UNCLASSIFIED = (
    "Produk sabun belum dikenal; dicatat apa adanya di komoditas Belum diklasifikasi sampai "
    "petugas memetakannya."
)


def expected_report(*, dry_run: bool, units: dict[int, int | None], first: bool) -> Any:
    """Changed on purpose by issue 10: "Produk" is a product line (row 11's "anyaman" adds
    one to row 6's unit), and an unknown product ("sabun", row 15) no longer rejects its row:
    it is kept under "Belum diklasifikasi". The report names the layout and every column."""
    created = "created" if first else "unchanged"
    return {
        "file": "Data IKM 2018.xlsx",
        "sheet": "Data IKM",
        "header_row": 4,
        "profile": "sentra",
        "saved_profile": "",
        "header_set": ANY_DIGEST,
        "year": 2018,
        "years": [2018],
        "dry_run": dry_run,
        "atomic": False,
        "rows_total": 9,
        "created": 4 if first else 0,
        "updated": 0,
        "unchanged": 0 if first else 4,
        "rejected": 4,
        "skipped": 1,
        "columns": [
            {"header": h, "field": f, "how": how, "score": 100 if how == "exact" else None}
            for h, f, how in HOW
        ],
        "unknown_columns": ["No", "Keterangan"],
        "rows": [
            {"row": 6, "status": created, "unit": units[6], "issues": []},
            {
                "row": 7,
                "status": "rejected",
                "unit": None,
                "issues": [
                    issue(
                        "No. KTP", "nik", "error", "nik_precision_lost",
                        PRECISION % "3602144202850000",
                    )
                ],
            },
            {
                "row": 9,
                "status": "rejected",
                "unit": None,
                "issues": [
                    issue(
                        "Kec.", "kecamatan", "error", "kecamatan_suggest",
                        "Kecamatan Rangkasbitng tidak ditemukan. Mungkin maksud Anda "
                        "Rangkasbitung?",
                    )
                ],
            },
            {"row": 10, "status": created, "unit": units[10], "issues": []},
            {"row": 11, "status": created, "unit": units[6], "issues": [DUPLICATE]},
            {
                "row": 12,
                "status": "skipped",
                "unit": None,
                "issues": [
                    issue("No", None, "warning", "total_row", "Baris jumlah/total dilewati.")
                ],
            },
            {
                "row": 13,
                "status": "rejected",
                "unit": None,
                "issues": [
                    issue(
                        "No. KTP", "nik", "error", "nik_precision_lost",
                        PRECISION % "3,60214E+15",
                    )
                ],
            },
            {
                "row": 14,
                "status": "rejected",
                "unit": None,
                "issues": [
                    issue(
                        "Tenaga Kerja L", "workers_male", "error", "number_invalid",
                        "dua bukan angka yang dikenali.",
                    ),
                    issue(
                        "PIRT", "pirt", "warning", "yes_no_unknown",
                        "mungkin tidak dikenali sebagai Ya/Tidak; kolom ini diabaikan.",
                    ),
                ],
            },
            {
                "row": 15,
                "status": created,
                "unit": units[15],
                "issues": [
                    issue("Produk", "product", "warning", "product_unclassified", UNCLASSIFIED)
                ],
            },
        ],
    }  # fmt: skip


def test_a_dry_run_reports_every_row_exactly_and_writes_nothing(
    reference: None, messy_xlsx: Path
) -> None:
    result = import_file(
        actor=SystemActor("cli"),
        path=messy_xlsx,
        file_name=messy_xlsx.name,
        year=2018,
        dry_run=True,
    )
    assert result.report == expected_report(
        dry_run=True, units={6: None, 10: None, 15: None}, first=True
    )
    assert result.exit_code == 3
    assert Unit.objects.count() == 0
    assert Person.objects.count() == 0
    assert result.run.status == RunStatus.DONE


def test_the_real_import_writes_the_valid_rows_with_their_values(
    reference: None, messy_xlsx: Path
) -> None:
    result = import_file(
        actor=SystemActor("cli"), path=messy_xlsx, file_name=messy_xlsx.name, year=2018
    )
    bamboo = Unit.objects.get(nib="1234567890123")
    palm = Unit.objects.get(business_name="Gula Semut Citeras")
    soap = Unit.objects.get(business_name="Sabun Sereh")
    assert result.report == expected_report(
        dry_run=False, units={6: bamboo.pk, 10: palm.pk, 15: soap.pk}, first=True
    )
    assert soap.commodity.code == "belum-diklasifikasi"
    assert list(soap.product_lines.values_list("name", "commodity__code")) == [
        ("sabun", "belum-diklasifikasi")
    ]
    assert list(bamboo.product_lines.values_list("name", "commodity__code")) == [
        ("anyaman bambu", "anyaman"),
        ("anyaman", "anyaman"),
    ]
    assert (bamboo.desa_id, bamboo.kecamatan_id, bamboo.commodity.code) == (
        "36.02.14.2017",
        "36.02.14",
        "anyaman",
    )
    assert bamboo.year_established == 2015
    assert bamboo.data_source == "impor"
    report = YearlyReport.objects.get(unit=bamboo, year=2018)
    assert (report.workers_male, report.workers_female) == (3, 2)
    assert (report.investment, report.production_value) == (1_500_000, 2_500_000)
    assert report.market_reach == "ekspor"
    assert sorted(report.export_destinations.values_list("country", flat=True)) == ["DE", "GB"]
    assert sorted(bamboo.certificates.values_list("kind__code", flat=True)) == ["pirt"]
    palm_report = YearlyReport.objects.get(unit=palm, year=2018)
    assert (palm_report.investment, palm_report.production_value) == (25_000_000, 1_500_000)
    assert palm.commodity.code == "gula-aren"
    assert sorted(palm.certificates.values_list("kind__code", flat=True)) == ["halal", "pirt"]
    assert palm.owner.nik_masked == "3602••••••••0004"
    assert AuditLog.objects.filter(action="unit.register").count() == 3
    assert AuditLog.objects.filter(action="person.register").count() == 3
    assert AuditLog.objects.filter(action="import.run", object_id=str(result.run.pk)).count() == 1


def test_importing_the_same_file_twice_creates_nothing_the_second_time(
    reference: None, messy_xlsx: Path
) -> None:
    import_file(actor=SystemActor("cli"), path=messy_xlsx, file_name=messy_xlsx.name, year=2018)
    audits = AuditLog.objects.filter(action__startswith="unit.").count()
    second = import_file(
        actor=SystemActor("cli"), path=messy_xlsx, file_name=messy_xlsx.name, year=2018
    )
    bamboo = Unit.objects.get(nib="1234567890123")
    palm = Unit.objects.get(business_name="Gula Semut Citeras")
    soap = Unit.objects.get(business_name="Sabun Sereh")
    assert second.report == expected_report(
        dry_run=False, units={6: bamboo.pk, 10: palm.pk, 15: soap.pk}, first=False
    )
    assert Unit.objects.count() == 3
    assert AuditLog.objects.filter(action__startswith="unit.").count() == audits


def test_atomic_mode_writes_nothing_when_a_row_is_rejected(
    reference: None, messy_xlsx: Path
) -> None:
    result = import_file(
        actor=SystemActor("cli"), path=messy_xlsx, file_name=messy_xlsx.name, year=2018, atomic=True
    )
    assert result.exit_code == 3
    assert result.report["atomic"] is True
    assert result.report["created"] == 4  # what a run without the rejected rows would do
    assert Unit.objects.count() == 0
    assert ImportRun.objects.get().status == RunStatus.DONE


def test_a_changed_row_updates_the_unit_found_by_nik_and_business_name(
    reference: None, tmp_path: Path
) -> None:
    from tests.exchange.files import TEMPLATE_HEADERS, xlsx

    base = ["Bambu Ona", "Ujang", "3602140101800001", "", "Kp. Pasir Ona",
            "Rangkasbitung Timur", "Rangkasbitung", "Anyam-anyaman", "", 2, 1]  # fmt: skip
    first = xlsx(tmp_path / "a.xlsx", [TEMPLATE_HEADERS, base])
    import_file(actor=SystemActor("cli"), path=first, file_name="a.xlsx", year=2018)
    changed = xlsx(
        tmp_path / "b.xlsx",
        [TEMPLATE_HEADERS, ["CV Bambu Ona", *base[1:9], 5, 1]],
    )
    result = import_file(actor=SystemActor("cli"), path=changed, file_name="b.xlsx", year=2018)
    unit = Unit.objects.get()
    assert [r["status"] for r in result.report["rows"]] == ["updated"]
    assert unit.business_name == "CV Bambu Ona"
    assert unit.version == 2
    assert YearlyReport.objects.get(unit=unit).workers_male == 5
    audit = AuditLog.objects.filter(action="unit.update").get()
    assert audit.before == {"business_name": "Bambu Ona", "2018.workers_male": 2}
    assert audit.after == {"business_name": "CV Bambu Ona", "2018.workers_male": 5}


def test_an_import_keeps_the_statistics_tables_in_step(
    reference: None, messy_xlsx: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from sentra.insights.aggregates import raw_cells, stored_cells
    from sentra.insights.refresh import stats_refresh

    stats_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        import_file(actor=SystemActor("cli"), path=messy_xlsx, file_name=messy_xlsx.name, year=2018)
    assert stored_cells().total(2018).units == 2  # Sabun Sereh has no figures for 2018
    assert stored_cells().comparable() == raw_cells().comparable()
