"""`sentra keys rotate`: every NIK and phone re-encrypted under a new data key in one
transaction, including data written under the old development key; NIK look-ups follow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import InvalidToken
from django.core.management import call_command

from sentra.core import protect
from sentra.core.actors import SystemActor
from sentra.registry.keyring import (
    LEGACY_DEVELOPMENT_KEY,
    KeyError_,
    keys_need_rotation,
    keys_rotate,
)
from sentra.registry.models import Person
from sentra.registry.services import PersonData, person_find_by_nik, person_register

pytestmark = pytest.mark.django_db

NIK_A, PHONE_A = "3602140101800001", "081234567890"
NIK_B = "3602144202850002"


@pytest.fixture
def data_dir(tmp_path: Path, settings: Any) -> Path:
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SENTRA_DATA_KEY = "current-key-for-the-rotation-tests-0123456789"
    settings.SENTRA_DATA_KEYS_RETIRED = []
    settings.SENTRA_DATA_KEY_FROM_ENV = False
    (tmp_path / "data.key").write_text(settings.SENTRA_DATA_KEY + "\n")
    return tmp_path


def _legacy_person(nik: str, name: str) -> Person:
    """A person as earlier versions stored them without a configured key."""
    return Person.objects.create(
        name=name,
        sex="L",
        nik_digest=protect.digest(nik, key_material=LEGACY_DEVELOPMENT_KEY),
        nik_encrypted=protect.encrypt_with(nik, LEGACY_DEVELOPMENT_KEY),
        nik_masked=protect.mask_nik(nik),
        phone_encrypted=protect.encrypt_with(PHONE_A, LEGACY_DEVELOPMENT_KEY),
        phone_masked=protect.mask_phone(PHONE_A),
    )


def test_rotation_moves_data_from_the_old_development_key_to_a_new_key(
    data_dir: Path, settings: Any
) -> None:
    legacy = _legacy_person(NIK_A, "Lama")
    current = person_register(actor=SystemActor("test"), data=PersonData(nik=NIK_B, name="Baru"))
    assert keys_need_rotation()
    old_key = settings.SENTRA_DATA_KEY

    report = keys_rotate()

    assert (report.persons, report.values, report.legacy) == (2, 3, 1)
    new_key = (data_dir / "data.key").read_text().strip()
    assert new_key not in (old_key, LEGACY_DEVELOPMENT_KEY)
    assert oct((data_dir / "data.key").stat().st_mode & 0o777) == "0o600"
    assert old_key in (data_dir / "data.key.retired").read_text()
    assert not (data_dir / "data.key.new").exists()
    for person, nik in ((legacy, NIK_A), (current, NIK_B)):
        person.refresh_from_db()
        assert protect.decrypt_with(person.nik_encrypted, new_key) == nik
        assert person_find_by_nik(nik=nik) == person  # digests follow the new key
    legacy.refresh_from_db()
    assert protect.decrypt_with(legacy.phone_encrypted, new_key) == PHONE_A
    with pytest.raises(InvalidToken):
        protect.decrypt_with(legacy.nik_encrypted, LEGACY_DEVELOPMENT_KEY)
    assert not keys_need_rotation()


def test_rotation_changes_nothing_when_one_value_cannot_be_read(
    data_dir: Path, settings: Any
) -> None:
    good = person_register(actor=SystemActor("test"), data=PersonData(nik=NIK_B, name="Baik"))
    bad = _legacy_person(NIK_A, "Rusak")
    Person.objects.filter(pk=bad.pk).update(
        nik_encrypted=protect.encrypt_with(NIK_A, "a key nobody knows")
    )
    before = list(Person.objects.order_by("pk").values_list("nik_encrypted", "nik_digest"))
    key_before = (data_dir / "data.key").read_text()

    with pytest.raises(KeyError_, match=f"id {bad.pk}"):
        keys_rotate()

    after = list(Person.objects.order_by("pk").values_list("nik_encrypted", "nik_digest"))
    assert after == before
    assert (data_dir / "data.key").read_text() == key_before
    assert not (data_dir / "data.key.new").exists()
    assert person_find_by_nik(nik=NIK_B) == good


def test_a_key_from_the_environment_is_rotated_into_a_file_for_every_host(
    data_dir: Path, settings: Any, tmp_path: Path
) -> None:
    settings.SENTRA_DATA_KEY_FROM_ENV = True
    person_register(actor=SystemActor("test"), data=PersonData(nik=NIK_B, name="Env"))
    with pytest.raises(KeyError_, match="--new-key-file"):
        keys_rotate()
    out = tmp_path / "kunci-baru.txt"
    report = keys_rotate(new_key_file=out)
    new_key = out.read_text().strip()
    assert report.key_file == out
    assert protect.decrypt_with(Person.objects.get().nik_encrypted, new_key) == NIK_B


def test_the_command_rotates_only_when_needed_with_if_needed(data_dir: Path, capsys: Any) -> None:
    person_register(actor=SystemActor("test"), data=PersonData(nik=NIK_B, name="Baru"))
    call_command("keys", "rotate", "--if-needed")
    assert capsys.readouterr().out == ""
    _legacy_person(NIK_A, "Lama")
    call_command("keys", "rotate", "--if-needed")
    out = capsys.readouterr().out
    assert "Kunci data diganti: 3 nilai dari 2 pelaku usaha" in out
    assert "1 dari kunci pengembangan lama" in out
