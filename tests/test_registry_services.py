"""Registry services: owners, units, yearly reports, certificates and reference lists."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sentra.core import protect
from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog, ReferenceDataset
from sentra.registry.models import (
    Certificate,
    CertificateKind,
    Commodity,
    KbliCode,
    LegalForm,
    MarketReach,
    Person,
    Unit,
    YearlyReport,
)
from sentra.registry.names import business_match_name
from sentra.registry.services import (
    ConflictError,
    PersonData,
    ReportData,
    UnitData,
    certificate_add,
    kbli_load,
    person_find_by_nik,
    person_register,
    person_reveal,
    reference_load,
    report_record,
    unit_register,
    unit_update,
)
from tests.conftest import BAYAH, RANGKASBITUNG, RANGKASBITUNG_TIMUR

NIK = "3602141203850001"
NIK_WOMAN = "3602145203850002"
PHONE = "081234567890"
SAWARNA = "36.02.03.2002"  # a desa of Bayah
SIXTEEN_DIGITS = re.compile(r"\d{16}")


def _codes(exc_info: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str | None]]:
    """The error codes of a field-keyed ValidationError, per field."""
    return {
        field: [error.code for error in errors]
        for field, errors in exc_info.value.error_dict.items()
    }


def _last_audit() -> AuditLog:
    row = AuditLog.objects.order_by("-id").first()
    assert row is not None
    return row


def _audit_text(row: AuditLog) -> str:
    row_json = [row.before, row.after]
    return json.dumps(
        [row.actor_label, row.action, row.object_type, row.object_id, row.summary, *row_json],
        ensure_ascii=False,
    )


def _register_person(actor: Any, nik: str = NIK, **kwargs: Any) -> Person:
    kwargs.setdefault("name", "Siti Aminah")
    return person_register(actor=actor, data=PersonData(nik=nik, **kwargs))


def _unit_data(**overrides: Any) -> UnitData:
    data = UnitData(
        business_name="Batik Sinar Lebak",
        commodity=Commodity.objects.get(code="batik-lebak"),
        desa_code=RANGKASBITUNG_TIMUR,
        nib="9120001234567",
        kbli="13134",
        legal_form=LegalForm.objects.get(code="ud"),
        kampung="Kaum",
        rt="001",
        rw="002",
        year_established=2015,
    )
    return replace(data, **overrides)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The personas log in nowhere here; hashing their passwords properly only costs time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def siti(alice_admin: Any) -> Person:
    return _register_person(alice_admin, phone="+62 812-3456-7890")


@pytest.fixture
def batik_unit(alice_admin: Any, siti: Person) -> Unit:
    return unit_register(actor=alice_admin, owner=siti, data=_unit_data())


def _this_year() -> int:
    return timezone.localdate().year


# --- people ---------------------------------------------------------------------------------


class TestPersonRegister:
    def test_it_stores_the_nik_encrypted_digested_and_masked(self, alice_admin: Any) -> None:
        person = _register_person(alice_admin)

        person.refresh_from_db()
        assert person.nik_encrypted != NIK
        assert NIK not in person.nik_encrypted
        assert protect.decrypt(person.nik_encrypted) == NIK
        assert person.nik_digest == protect.digest(NIK)
        assert NIK not in person.nik_digest
        assert person.nik_masked == "3602••••••••0001"

    def test_no_stored_column_holds_the_clear_nik_or_phone(self, alice_admin: Any) -> None:
        person = _register_person(alice_admin, phone="0812 3456 7890")

        row = Person.objects.filter(pk=person.pk).values().get()
        stored = json.dumps(row, default=str)
        assert NIK not in stored
        assert PHONE not in stored
        assert not SIXTEEN_DIGITS.search(stored)
        assert row["phone_masked"] == "0812••••••90"

    def test_the_owner_is_found_by_nik_however_it_was_typed(self, alice_admin: Any) -> None:
        person = _register_person(alice_admin)

        assert person_find_by_nik(nik="3602 1412 0385 0001") == person
        assert person_find_by_nik(nik="'" + NIK) == person
        assert person_find_by_nik(nik=NIK_WOMAN) is None

    def test_it_reads_the_sex_from_the_nik_unless_given(self, alice_admin: Any) -> None:
        assert _register_person(alice_admin, nik=NIK).sex == "L"
        assert _register_person(alice_admin, nik=NIK_WOMAN).sex == "P"
        assert _register_person(alice_admin, nik="3602141203850003", sex="P").sex == "P"

    def test_it_rejects_a_nik_already_registered_with_nik_exists(self, alice_admin: Any) -> None:
        _register_person(alice_admin)

        with pytest.raises(ValidationError) as exc_info:
            _register_person(alice_admin, nik="3602 1412 0385 0001", name="Siti Lain")

        assert _codes(exc_info) == {"nik": ["nik_exists"]}
        assert Person.objects.count() == 1

    @pytest.mark.parametrize(
        ("nik", "code"),
        [
            ("3602141213850001", "nik_month"),
            ("360214120385001", "nik_length"),
            ("3602141203850000", "nik_serial"),
            ("9902141203850001", "nik_province"),
            ("3602143203850001", "nik_day"),
            ("36021412O3850001", "nik_not_digits"),
        ],
    )
    def test_a_bad_nik_is_reported_on_the_nik_field_with_its_code(
        self, alice_admin: Any, nik: str, code: str
    ) -> None:
        with pytest.raises(ValidationError) as exc_info:
            _register_person(alice_admin, nik=nik)

        assert _codes(exc_info) == {"nik": [code]}
        assert not Person.objects.exists()
        assert not AuditLog.objects.filter(action="person.register").exists()

    def test_it_reports_every_bad_field_at_once(self, alice_admin: Any) -> None:
        with pytest.raises(ValidationError) as exc_info:
            _register_person(alice_admin, nik="123", name="  ", phone="12")

        assert _codes(exc_info) == {
            "nik": ["nik_length"],
            "name": ["required"],
            "phone": ["phone_format"],
        }

    def test_consent_is_timestamped(self, alice_admin: Any) -> None:
        with_consent = _register_person(alice_admin, consent=True)
        without = _register_person(alice_admin, nik=NIK_WOMAN)

        assert with_consent.consent_at is not None
        assert without.consent_at is None

    def test_it_is_audited_with_the_masked_nik_only(self, alice_admin: Any) -> None:
        person = _register_person(alice_admin, phone=PHONE)

        row = _last_audit()
        assert row.action == "person.register"
        assert row.actor == alice_admin
        assert (row.object_type, row.object_id) == ("registry.person", str(person.pk))
        assert row.after["nik_masked"] == "3602••••••••0001"
        assert not SIXTEEN_DIGITS.search(_audit_text(row))
        assert PHONE not in _audit_text(row)


class TestPersonReveal:
    def test_it_returns_the_clear_nik_and_audits_who_saw_it(
        self, rudi_officer_rangkasbitung: Any, siti: Person
    ) -> None:
        nik = person_reveal(actor=rudi_officer_rangkasbitung, person=siti, field="nik")

        assert nik == NIK
        row = _last_audit()
        assert row.action == "person.reveal_nik"
        assert row.actor == rudi_officer_rangkasbitung
        assert row.object_id == str(siti.pk)
        assert not SIXTEEN_DIGITS.search(json.dumps([row.before, row.after]))
        assert not SIXTEEN_DIGITS.search(_audit_text(row))

    def test_it_returns_the_clear_phone_and_audits_it(self, alice_admin: Any, siti: Person) -> None:
        assert person_reveal(actor=alice_admin, person=siti, field="phone") == PHONE
        row = _last_audit()
        assert row.action == "person.reveal_phone"
        assert PHONE not in _audit_text(row)

    def test_revealing_a_missing_phone_returns_blank(self, alice_admin: Any) -> None:
        person = _register_person(alice_admin)

        assert person_reveal(actor=alice_admin, person=person, field="phone") == ""

    def test_it_refuses_any_other_field_without_auditing(
        self, alice_admin: Any, siti: Person
    ) -> None:
        before = AuditLog.objects.count()

        with pytest.raises(ValueError, match="nik_digest"):
            person_reveal(actor=alice_admin, person=siti, field="nik_digest")

        assert AuditLog.objects.count() == before


# --- units ----------------------------------------------------------------------------------


class TestUnitRegister:
    def test_it_sets_the_kecamatan_from_the_desa(self, alice_admin: Any, siti: Person) -> None:
        unit = unit_register(actor=alice_admin, owner=siti, data=_unit_data())

        unit.refresh_from_db()
        assert unit.desa_id == RANGKASBITUNG_TIMUR
        assert unit.kecamatan_id == RANGKASBITUNG
        assert unit.owner == siti
        assert unit.version == 1

    def test_it_stores_the_match_name_without_the_legal_form(
        self, alice_admin: Any, siti: Person
    ) -> None:
        unit = unit_register(
            actor=alice_admin, owner=siti, data=_unit_data(business_name="  CV. Batik Sinar  ")
        )

        assert unit.business_name == "CV. Batik Sinar"
        assert unit.match_name == "batik sinar"
        assert unit.match_name == business_match_name("batik sinar")

    def test_it_stores_the_nib_normalised(self, alice_admin: Any, siti: Person) -> None:
        unit = unit_register(actor=alice_admin, owner=siti, data=_unit_data(nib="9120 0012 3456 7"))

        assert Unit.objects.get(pk=unit.pk).nib == "9120001234567"

    @pytest.mark.parametrize("desa_code", ["36.02.14.9999", RANGKASBITUNG, "", "36-02-14"])
    def test_it_rejects_an_unknown_desa(
        self, alice_admin: Any, siti: Person, desa_code: str
    ) -> None:
        with pytest.raises(ValidationError) as exc_info:
            unit_register(actor=alice_admin, owner=siti, data=_unit_data(desa_code=desa_code))

        assert _codes(exc_info) == {"desa": ["desa_unknown"]}
        assert not Unit.objects.exists()

    @pytest.mark.parametrize(
        ("nib", "code"), [("912000123456", "nib_length"), ("NIB-9120001234", "nib_not_digits")]
    )
    def test_it_rejects_a_bad_nib_on_the_nib_field(
        self, alice_admin: Any, siti: Person, nib: str, code: str
    ) -> None:
        with pytest.raises(ValidationError) as exc_info:
            unit_register(actor=alice_admin, owner=siti, data=_unit_data(nib=nib))

        assert _codes(exc_info) == {"nib": [code]}

    def test_it_rejects_a_malformed_kbli_on_the_kbli_field(
        self, alice_admin: Any, siti: Person
    ) -> None:
        with pytest.raises(ValidationError) as exc_info:
            unit_register(actor=alice_admin, owner=siti, data=_unit_data(kbli="1313"))

        assert _codes(exc_info) == {"kbli": ["kbli_format"]}

    def test_an_unknown_kbli_is_kept_with_a_warning(self, alice_admin: Any, siti: Person) -> None:
        warnings: list[str] = []

        unit = unit_register(
            actor=alice_admin, owner=siti, data=_unit_data(kbli="99999"), warnings=warnings
        )

        assert unit.kbli == "99999"
        assert len(warnings) == 1
        assert "99999" in warnings[0]

    def test_a_known_kbli_gives_no_warning(self, alice_admin: Any, siti: Person) -> None:
        warnings: list[str] = []

        unit_register(actor=alice_admin, owner=siti, data=_unit_data(), warnings=warnings)

        assert warnings == []

    def test_it_rejects_a_founding_year_in_the_future(self, alice_admin: Any, siti: Person) -> None:
        data = _unit_data(year_established=_this_year() + 1)

        with pytest.raises(ValidationError) as exc_info:
            unit_register(actor=alice_admin, owner=siti, data=data)

        assert _codes(exc_info) == {"year_established": ["year_range"]}

    def test_it_reports_every_bad_field_at_once(self, alice_admin: Any, siti: Person) -> None:
        data = _unit_data(business_name=" ", nib="1", kbli="x", desa_code="36.02.14.9999")

        with pytest.raises(ValidationError) as exc_info:
            unit_register(actor=alice_admin, owner=siti, data=data)

        assert _codes(exc_info) == {
            "business_name": ["required"],
            "nib": ["nib_length"],
            "kbli": ["kbli_format"],
            "desa": ["desa_unknown"],
        }

    def test_it_is_audited(self, alice_admin: Any, siti: Person) -> None:
        unit = unit_register(actor=alice_admin, owner=siti, data=_unit_data())

        row = _last_audit()
        assert row.action == "unit.register"
        assert (row.object_type, row.object_id) == ("registry.unit", str(unit.pk))
        assert row.after["desa"] == RANGKASBITUNG_TIMUR
        assert row.after["owner"] == siti.pk
        assert row.after["nib"] == "9120001234567"


class TestUnitUpdate:
    def test_with_the_current_version_it_saves_and_bumps_the_version(
        self, rudi_officer_rangkasbitung: Any, batik_unit: Unit
    ) -> None:
        updated = unit_update(
            actor=rudi_officer_rangkasbitung,
            unit=batik_unit,
            expected_version=1,
            data=_unit_data(business_name="Batik Sinar Rangkas"),
        )

        assert updated.version == 2
        stored = Unit.objects.get(pk=batik_unit.pk)
        assert stored.business_name == "Batik Sinar Rangkas"
        assert stored.match_name == "batik sinar rangkas"
        assert stored.version == 2

    def test_it_audits_only_the_changed_fields(
        self, rudi_officer_rangkasbitung: Any, batik_unit: Unit
    ) -> None:
        unit_update(
            actor=rudi_officer_rangkasbitung,
            unit=batik_unit,
            expected_version=1,
            data=_unit_data(business_name="Batik Sinar Rangkas", rt="003"),
        )

        row = _last_audit()
        assert row.action == "unit.update"
        assert row.actor == rudi_officer_rangkasbitung
        assert row.before == {"business_name": "Batik Sinar Lebak", "rt": "001"}
        assert row.after == {"business_name": "Batik Sinar Rangkas", "rt": "003"}

    def test_moving_to_another_desa_moves_the_kecamatan_too(
        self, alice_admin: Any, batik_unit: Unit
    ) -> None:
        unit_update(
            actor=alice_admin,
            unit=batik_unit,
            expected_version=1,
            data=_unit_data(desa_code=SAWARNA),
        )

        stored = Unit.objects.get(pk=batik_unit.pk)
        assert (stored.desa_id, stored.kecamatan_id) == (SAWARNA, BAYAH)
        assert _last_audit().after == {"desa": SAWARNA}

    def test_with_a_stale_version_it_raises_conflict_and_changes_nothing(
        self, alice_admin: Any, rudi_officer_rangkasbitung: Any, batik_unit: Unit
    ) -> None:
        # Rudi and Alice both opened version 1; Alice saves first.
        unit_update(
            actor=alice_admin,
            unit=batik_unit,
            expected_version=1,
            data=_unit_data(address="Jl. Multatuli 1"),
        )
        audit_rows = AuditLog.objects.count()
        rudis_copy = Unit.objects.get(pk=batik_unit.pk)

        with pytest.raises(ConflictError) as exc_info:
            unit_update(
                actor=rudi_officer_rangkasbitung,
                unit=rudis_copy,
                expected_version=1,
                data=_unit_data(business_name="Batik Rudi"),
            )

        assert exc_info.value.current.version == 2
        assert exc_info.value.current.address == "Jl. Multatuli 1"
        stored = Unit.objects.get(pk=batik_unit.pk)
        assert (stored.business_name, stored.version) == ("Batik Sinar Lebak", 2)
        assert AuditLog.objects.count() == audit_rows

    def test_invalid_data_changes_nothing(self, alice_admin: Any, batik_unit: Unit) -> None:
        with pytest.raises(ValidationError) as exc_info:
            unit_update(
                actor=alice_admin,
                unit=batik_unit,
                expected_version=1,
                data=_unit_data(nib="123"),
            )

        assert _codes(exc_info) == {"nib": ["nib_length"]}
        assert Unit.objects.get(pk=batik_unit.pk).version == 1


# --- yearly reports -------------------------------------------------------------------------


class TestReportRecord:
    def test_it_keeps_one_report_per_year(self, alice_admin: Any, batik_unit: Unit) -> None:
        last, this = _this_year() - 1, _this_year()

        report_record(actor=alice_admin, unit=batik_unit, data=ReportData(year=last))
        report_record(actor=alice_admin, unit=batik_unit, data=ReportData(year=this))

        assert sorted(batik_unit.reports.values_list("year", flat=True)) == [last, this]

    def test_updating_a_year_leaves_other_years_untouched(
        self, alice_admin: Any, batik_unit: Unit
    ) -> None:
        last, this = _this_year() - 1, _this_year()
        old = report_record(
            actor=alice_admin,
            unit=batik_unit,
            data=ReportData(year=last, workers_female=3, production_value=120_000_000),
        )
        new = report_record(
            actor=alice_admin, unit=batik_unit, data=ReportData(year=this, workers_female=4)
        )

        again = report_record(
            actor=alice_admin,
            unit=batik_unit,
            data=ReportData(year=this, workers_female=5, production_value=150_000_000),
        )

        assert again.pk == new.pk
        assert again.version == 2
        assert YearlyReport.objects.filter(unit=batik_unit).count() == 2
        history = YearlyReport.objects.get(pk=old.pk)
        assert (history.workers_female, history.production_value, history.version) == (
            3,
            120_000_000,
            1,
        )
        assert history.updated_at == old.updated_at

    def test_an_update_audits_only_the_changed_fields(
        self, alice_admin: Any, batik_unit: Unit
    ) -> None:
        year = _this_year()
        report_record(actor=alice_admin, unit=batik_unit, data=ReportData(year=year))

        report = report_record(
            actor=alice_admin, unit=batik_unit, data=ReportData(year=year, workers_male=2)
        )

        row = _last_audit()
        assert (row.action, row.object_type) == ("report.record", "registry.unit")
        assert row.object_id == str(report.unit_id)
        assert row.before == {f"{year}.workers_male": 0}
        assert row.after == {f"{year}.workers_male": 2}

    def test_export_destinations_follow_the_latest_record(
        self, alice_admin: Any, batik_unit: Unit
    ) -> None:
        year = _this_year()
        data = ReportData(year=year, market_reach=MarketReach.EXPORT, export_countries=("GB", "JP"))

        report = report_record(actor=alice_admin, unit=batik_unit, data=data)
        assert list(report.export_destinations.values_list("country", flat=True)) == ["GB", "JP"]

        report_record(
            actor=alice_admin, unit=batik_unit, data=replace(data, export_countries=("JP",))
        )
        assert list(report.export_destinations.values_list("country", flat=True)) == ["JP"]

    @pytest.mark.parametrize("country", ["gb", "GBR", "G1", "", "Inggris"])
    def test_export_countries_must_be_iso_alpha_2(
        self, alice_admin: Any, batik_unit: Unit, country: str
    ) -> None:
        data = ReportData(
            year=_this_year(), market_reach=MarketReach.EXPORT, export_countries=(country,)
        )

        with pytest.raises(ValidationError) as exc_info:
            report_record(actor=alice_admin, unit=batik_unit, data=data)

        assert _codes(exc_info) == {"export_countries": ["country_code"]}
        assert not YearlyReport.objects.exists()

    @pytest.mark.parametrize("reach", [MarketReach.LOCAL, MarketReach.NATIONAL])
    def test_export_countries_require_an_export_market_reach(
        self, alice_admin: Any, batik_unit: Unit, reach: str
    ) -> None:
        data = ReportData(year=_this_year(), market_reach=reach, export_countries=("GB",))

        with pytest.raises(ValidationError) as exc_info:
            report_record(actor=alice_admin, unit=batik_unit, data=data)

        assert _codes(exc_info) == {"market_reach": ["export_reach"]}

    @pytest.mark.parametrize(
        "field",
        [
            "investment",
            "production_value",
            "export_value_usd",
            "workers_male",
            "workers_female",
            "capacity",
        ],
    )
    def test_it_rejects_negative_money_and_counts(
        self, alice_admin: Any, batik_unit: Unit, field: str
    ) -> None:
        data = replace(ReportData(year=_this_year()), **{field: -1})

        with pytest.raises(ValidationError) as exc_info:
            report_record(actor=alice_admin, unit=batik_unit, data=data)

        assert _codes(exc_info) == {field: ["negative"]}
        assert not YearlyReport.objects.exists()

    @pytest.mark.parametrize("offset", [1, -(_this_year() - 1899)])
    def test_it_rejects_a_year_in_the_future_or_before_1900(
        self, alice_admin: Any, batik_unit: Unit, offset: int
    ) -> None:
        with pytest.raises(ValidationError) as exc_info:
            report_record(
                actor=alice_admin, unit=batik_unit, data=ReportData(year=_this_year() + offset)
            )

        assert _codes(exc_info) == {"year": ["year_range"]}


# --- certificates ---------------------------------------------------------------------------


class TestCertificateAdd:
    def test_it_adds_a_certificate_and_audits_it(self, alice_admin: Any, batik_unit: Unit) -> None:
        halal = CertificateKind.objects.get(code="halal")

        certificate = certificate_add(
            actor=alice_admin,
            unit=batik_unit,
            kind=halal,
            number=" ID3602-0001 ",
            issued_on=date(2024, 1, 15),
            expires_on=date(2028, 1, 15),
        )

        assert certificate.number == "ID3602-0001"
        row = _last_audit()
        assert (row.action, row.object_id) == ("certificate.add", str(batik_unit.pk))
        assert row.after == {
            "certificates": [
                {
                    "kind": "halal",
                    "number": "ID3602-0001",
                    "issued_on": "2024-01-15",
                    "expires_on": "2028-01-15",
                }
            ]
        }

    def test_it_accepts_a_certificate_expiring_the_day_it_is_issued(
        self, alice_admin: Any, batik_unit: Unit
    ) -> None:
        day = date(2024, 1, 15)

        certificate_add(
            actor=alice_admin,
            unit=batik_unit,
            kind=CertificateKind.objects.get(code="pirt"),
            issued_on=day,
            expires_on=day,
        )

        assert Certificate.objects.count() == 1

    def test_it_rejects_expiry_before_issue(self, alice_admin: Any, batik_unit: Unit) -> None:
        with pytest.raises(ValidationError) as exc_info:
            certificate_add(
                actor=alice_admin,
                unit=batik_unit,
                kind=CertificateKind.objects.get(code="pirt"),
                issued_on=date(2024, 1, 15),
                expires_on=date(2024, 1, 14),
            )

        assert _codes(exc_info) == {"expires_on": ["dates_order"]}
        assert not Certificate.objects.exists()


# --- reference data -------------------------------------------------------------------------


class TestReferenceLoad:
    def test_loading_again_changes_no_counts(self, reference: None) -> None:
        before = {
            model: model.objects.count()
            for model in (Commodity, LegalForm, CertificateKind, KbliCode)
        }

        counts = reference_load(actor=SystemActor("test"))

        assert {
            model: model.objects.count()
            for model in (Commodity, LegalForm, CertificateKind, KbliCode)
        } == before
        # The article's ten categories and "Belum diklasifikasi" (issue 10).
        assert counts["commodities"] == before[Commodity] == 11
        assert counts["kbli"] == before[KbliCode]

    def test_it_keeps_an_admins_edited_commodity_name_and_synonyms(self, reference: None) -> None:
        Commodity.objects.filter(code="batik-lebak").update(
            name="Batik Khas Lebak", synonyms=["batik"]
        )

        reference_load(actor=SystemActor("test"))

        batik = Commodity.objects.get(code="batik-lebak")
        assert (batik.name, batik.synonyms) == ("Batik Khas Lebak", ["batik"])

    def test_it_restores_a_missing_commodity(self, reference: None) -> None:
        Commodity.objects.filter(code="gula-aren").delete()

        reference_load(actor=SystemActor("test"))

        assert Commodity.objects.get(code="gula-aren").name == "Gula Aren"

    def test_it_records_its_source_and_version(self, reference: None) -> None:
        registry = ReferenceDataset.objects.get(name="registry-reference")
        kbli = ReferenceDataset.objects.get(name="kbli-2020")

        assert registry.version == "2026.1"
        assert kbli.version == "2020"
        assert kbli.rows == KbliCode.objects.filter(version="2020").count()

    def test_every_load_is_audited(self, reference: None) -> None:
        reference_load(actor=SystemActor("test"))

        assert AuditLog.objects.filter(action="reference.load").count() == 2
        assert AuditLog.objects.filter(action="kbli.load").count() == 2

    def test_a_kbli_file_with_a_malformed_code_loads_nothing(
        self, db: None, tmp_path: Path
    ) -> None:
        path = tmp_path / "kbli.csv"
        path.write_text("code,title\n13134,Industri Batik\n1313,Terpotong\n", encoding="utf-8")

        with pytest.raises(ValidationError) as exc_info:
            kbli_load(actor=SystemActor("test"), path=path)

        assert exc_info.value.code == "kbli_format"
        assert not KbliCode.objects.exists()

    def test_a_kbli_file_refreshes_official_titles(self, db: None, tmp_path: Path) -> None:
        path = tmp_path / "kbli.csv"
        path.write_text("\ufeffcode,title\n13134, Batik \n", encoding="utf-8")
        kbli_load(actor=SystemActor("test"), path=path)
        path.write_text("code,title\n13134,Industri Batik\n", encoding="utf-8")

        assert kbli_load(actor=SystemActor("test"), path=path) == 1

        assert list(KbliCode.objects.values_list("code", "title")) == [("13134", "Industri Batik")]


# --- every write is audited, without personal data ------------------------------------------


def test_every_service_writes_one_audit_row_without_a_clear_nik_or_phone(
    alice_admin: Any,
) -> None:
    def audited(action: str, call: Any) -> Any:
        count = AuditLog.objects.count()
        result = call()
        assert AuditLog.objects.count() == count + 1, action
        assert _last_audit().action == action
        return result

    person = audited(
        "person.register",
        lambda: _register_person(alice_admin, phone=PHONE, consent=True),
    )
    audited(
        "person.reveal_nik", lambda: person_reveal(actor=alice_admin, person=person, field="nik")
    )
    audited(
        "person.reveal_phone",
        lambda: person_reveal(actor=alice_admin, person=person, field="phone"),
    )
    unit = audited(
        "unit.register", lambda: unit_register(actor=alice_admin, owner=person, data=_unit_data())
    )
    audited(
        "unit.update",
        lambda: unit_update(
            actor=alice_admin, unit=unit, expected_version=1, data=_unit_data(address="Jl. Sunan")
        ),
    )
    audited(
        "report.record",
        lambda: report_record(actor=alice_admin, unit=unit, data=ReportData(year=_this_year())),
    )
    audited(
        "certificate.add",
        lambda: certificate_add(
            actor=alice_admin, unit=unit, kind=CertificateKind.objects.get(code="halal")
        ),
    )

    for row in AuditLog.objects.all():
        text = _audit_text(row)
        assert not SIXTEEN_DIGITS.search(text), row.action
        assert NIK not in text, row.action
        assert PHONE not in text, row.action
