"""The append-only audit log and the protection of personal identifiers (NIK, phone)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from cryptography.fernet import InvalidToken
from django.utils import timezone

from sentra.accounts.models import User
from sentra.core import protect
from sentra.core.actors import SystemActor
from sentra.core.audit import (
    PERSONAL_FIELDS,
    audit_record,
    audit_verify,
    diff,
    mask_value,
    snapshot,
)
from sentra.core.models import AuditLog
from sentra.regions.models import Region
from sentra.registry.models import Person
from sentra.registry.services import PersonData, person_register

NIK = "3602141203850001"
SIXTEEN_DIGITS = re.compile(r"\d{16}")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def region(db: None) -> Region:
    return Region.objects.create(code="36", name="Banten", level=1, match_name="banten")


# --- writing audit rows ---------------------------------------------------------------------


class TestAuditRecord:
    def test_a_user_actor_is_linked_and_named(self, alice_admin: Any) -> None:
        row = audit_record(actor=alice_admin, action="test.act", object_type="test")

        row.refresh_from_db()
        assert row.actor == alice_admin
        assert row.actor_label == "alice"
        assert row.at is not None
        assert timezone.is_aware(row.at)

    @pytest.mark.parametrize(
        ("actor", "label"),
        [(SystemActor("sentra load-regions"), "sentra load-regions"), (None, "system")],
    )
    def test_a_command_or_the_system_is_named_without_a_user(
        self, db: None, actor: SystemActor | None, label: str
    ) -> None:
        row = audit_record(actor=actor, action="test.act", object_type="test")

        assert row.actor is None
        assert row.actor_label == label

    def test_an_object_gives_its_type_and_id(self, region: Region) -> None:
        row = audit_record(actor=SystemActor("test"), action="test.act", obj=region)

        assert (row.object_type, row.object_id) == ("regions.region", "36")

    def test_long_labels_and_summaries_are_cut_to_fit(self, db: None) -> None:
        row = audit_record(
            actor=SystemActor("x" * 300), action="test.act", object_type="t", summary="y" * 300
        )

        row.refresh_from_db()
        assert len(row.actor_label) == 150
        assert len(row.summary) == 255

    def test_personal_fields_are_masked_before_they_are_stored(self, db: None) -> None:
        row = audit_record(
            actor=SystemActor("test"),
            action="test.act",
            object_type="test",
            before={"nik": NIK, "phone": "081234567890", "name": "Siti"},
            after={"nik": "3602145203850002", "password": "correct horse 42"},
        )

        row.refresh_from_db()
        # "name" is personal only on a person (see the chain tests), not on this "test" object.
        assert row.before == {"nik": "3602••••••••0001", "phone": "••••••••", "name": "Siti"}
        assert row.after == {"nik": "3602••••••••0002", "password": "••••••••"}
        assert not SIXTEEN_DIGITS.search(json.dumps([row.before, row.after]))

    def test_values_are_stored_as_json(self, region: Region) -> None:
        row = audit_record(
            actor=SystemActor("test"),
            action="test.act",
            object_type="test",
            after={
                "on": date(2025, 1, 31),
                "at": datetime(2025, 1, 31, 8, 30, tzinfo=timezone.get_current_timezone()),
                "latitude": Decimal("-6.359000"),
                "desa": region,
                "days": [date(2025, 1, 1)],
            },
        )

        row.refresh_from_db()
        assert row.after == {
            "on": "2025-01-31",
            "at": "2025-01-31T08:30:00+07:00",
            "latitude": "-6.359000",
            "desa": "36",
            "days": ["2025-01-01"],
        }


class TestMasking:
    def test_the_personal_fields_cover_nik_phone_and_password(self) -> None:
        assert {"nik", "nik_encrypted", "nik_digest", "phone", "password"} <= PERSONAL_FIELDS

    def test_a_nik_keeps_its_region_and_serial_only(self) -> None:
        assert mask_value("nik", NIK) == "3602••••••••0001"

    def test_a_malformed_nik_is_masked_entirely(self) -> None:
        assert mask_value("nik", "360214120385") == "••••••••"

    def test_blank_personal_values_stay_blank(self) -> None:
        assert mask_value("phone", "") == ""
        assert mask_value("nik", None) is None

    def test_other_fields_pass_through(self) -> None:
        assert mask_value("business_name", "Batik Sinar") == "Batik Sinar"
        assert mask_value("workers_male", 3) == 3

    def test_a_snapshot_masks_personal_fields_and_stores_foreign_keys_as_ids(
        self, db: None
    ) -> None:
        person = person_register(actor=SystemActor("test"), data=PersonData(nik=NIK, name="Siti"))

        shot = snapshot(person, ["name", "nik_digest", "nik_encrypted", "nik_masked", "account"])

        assert shot == {
            "name": "Siti",
            "nik_digest": "••••••••",
            "nik_encrypted": "••••••••",
            "nik_masked": "3602••••••••0001",
            "account": None,
        }

    def test_diff_keeps_only_what_changed(self) -> None:
        before = {"name": "Batik", "rt": "001", "rw": "002"}
        after = {"name": "Batik", "rt": "003", "rw": "002", "kampung": "Kaum"}

        assert diff(before, after) == (
            {"rt": "001", "kampung": None},
            {"rt": "003", "kampung": "Kaum"},
        )

    def test_diff_of_equal_snapshots_is_empty(self) -> None:
        assert diff({"a": 1}, {"a": 1}) == ({}, {})


# --- append-only ----------------------------------------------------------------------------


class TestAppendOnly:
    def test_a_new_row_can_be_saved(self, db: None) -> None:
        AuditLog(actor_label="test", action="test.act", object_type="test").save()

        assert AuditLog.objects.count() == 1

    def test_an_existing_row_cannot_be_saved_again(self, db: None) -> None:
        row = audit_record(
            actor=SystemActor("test"), action="test.act", object_type="test", summary="first"
        )
        row.summary = "rewritten"

        with pytest.raises(ValueError, match="append-only"):
            row.save()

        assert AuditLog.objects.get(pk=row.pk).summary == "first"

    def test_a_row_read_back_from_the_database_cannot_be_saved(self, db: None) -> None:
        audit_record(actor=SystemActor("test"), action="test.act", object_type="test")
        row = AuditLog.objects.get()
        row.action = "test.other"

        with pytest.raises(ValueError, match="append-only"):
            row.save(update_fields=["action"])

        assert AuditLog.objects.get().action == "test.act"

    def test_a_row_cannot_be_deleted(self, db: None) -> None:
        row = audit_record(actor=SystemActor("test"), action="test.act", object_type="test")

        with pytest.raises(ValueError, match="append-only"):
            row.delete()

        assert AuditLog.objects.filter(pk=row.pk).exists()

    def test_deleting_a_user_keeps_their_audit_rows_unchanged_under_their_name(
        self, alice_admin: User
    ) -> None:
        row = audit_record(actor=alice_admin, action="test.act", object_type="test")
        user_id = alice_admin.pk

        alice_admin.delete()

        row = AuditLog.objects.select_related("actor").get(pk=row.pk)
        assert row.actor is None  # the account is gone; the row still names it
        assert (row.actor_id, row.actor_label) == (user_id, "alice")
        assert audit_verify().ok

    def test_a_bulk_update_cannot_rewrite_rows(self, db: None) -> None:
        audit_record(
            actor=SystemActor("test"), action="test.act", object_type="test", summary="first"
        )

        with pytest.raises(ValueError):
            AuditLog.objects.update(summary="rewritten")

    def test_a_bulk_delete_cannot_remove_rows(self, db: None) -> None:
        audit_record(actor=SystemActor("test"), action="test.act", object_type="test")

        with pytest.raises(ValueError):
            AuditLog.objects.all().delete()


# --- protecting identifiers -----------------------------------------------------------------


class TestProtect:
    def test_encryption_round_trips(self) -> None:
        token = protect.encrypt(NIK)

        assert NIK not in token
        assert protect.decrypt(token) == NIK

    def test_encrypting_twice_gives_different_tokens(self) -> None:
        # Equal NIKs must not be recognisable from their ciphertexts; the digest does lookups.
        assert protect.encrypt(NIK) != protect.encrypt(NIK)

    def test_the_digest_is_stable_and_keyed(self, settings: Any) -> None:
        first = protect.digest(NIK)
        assert protect.digest(NIK) == first
        assert len(first) == 64
        assert protect.digest("3602141203850002") != first

        settings.SENTRA_DATA_KEY = "another deployment's key"

        assert protect.digest(NIK) != first

    def test_a_token_from_another_key_cannot_be_read(self, settings: Any) -> None:
        token = protect.encrypt(NIK)

        settings.SENTRA_DATA_KEY = "another deployment's key"

        with pytest.raises(InvalidToken):
            protect.decrypt(token)

    def test_a_nik_is_masked_to_region_and_serial(self) -> None:
        assert protect.mask_nik(NIK) == "3602••••••••0001"
        assert protect.mask_nik("36021412") == "••••••••"

    @pytest.mark.parametrize(
        ("phone", "masked"),
        [
            ("081234567890", "0812••••••90"),
            ("0252201234", "0252••••34"),
            ("1234567", "1234•67"),
            ("123456", "••••••"),
            ("12345", "•••••"),
            ("", ""),
        ],
    )
    def test_a_phone_keeps_at_most_its_first_four_and_last_two_digits(
        self, phone: str, masked: str
    ) -> None:
        assert protect.mask_phone(phone) == masked


def test_a_person_row_never_stores_the_clear_nik(db: None) -> None:
    person = person_register(actor=SystemActor("test"), data=PersonData(nik=NIK, name="Siti"))

    stored = Person.objects.filter(pk=person.pk).values_list(
        "nik_digest", "nik_encrypted", "nik_masked"
    )
    assert not any(SIXTEEN_DIGITS.search(value) for value in stored.get())
