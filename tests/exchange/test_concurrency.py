"""Other users keep working while a large import runs: logins and unit edits on the web during
a 6,000-row import in another process answer without a single server error, on SQLite and
PostgreSQL. (The import plans without holding the write lock and writes briefly.)"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from sentra.accounts.models import User
from sentra.core.actors import SystemActor
from sentra.registry.models import Commodity, Unit
from sentra.registry.services import NewPerson, UnitItem, units_upsert
from tests.exchange.files import TEMPLATE_HEADERS, csv_file
from tests.registry_edit.forms_data import unit_edit_post

ROOT = Path(__file__).resolve().parents[2]
ROWS = 6000


def _database_url() -> str:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        url = os.environ["DATABASE_URL"]
        return url.rsplit("/", 1)[0] + "/" + settings.DATABASES["default"]["NAME"]
    return "sqlite:///" + str(settings.DATABASES["default"]["NAME"])


def _file(tmp_path: Path) -> Path:
    rows: list[list[Any]] = [TEMPLATE_HEADERS]
    for i in range(1, ROWS + 1):
        values = dict.fromkeys(TEMPLATE_HEADERS, "")
        values.update({
            "Nama Usaha": f"Gula Aren {i}", "Nama Pemilik": f"Pemilik {i}",
            "NIK Pemilik": f"360203120890{i:04d}", "Desa/Kelurahan": "Bayah Barat",
            "Kecamatan": "Bayah", "Komoditas": "Gula Aren", "Tenaga Kerja Laki-laki": i % 7,
        })  # fmt: skip
        rows.append([values[h] for h in TEMPLATE_HEADERS])
    return csv_file(tmp_path / "besar.csv", rows)


@pytest.mark.django_db(transaction=True)
def test_logins_and_edits_during_a_large_import_never_answer_a_server_error(
    reference: None, tmp_path: Path
) -> None:
    officer = User.objects.create_user(username="rudi", password="correct horse 42", role="officer")
    officer.kecamatan.set(["36.02.14"])
    (outcome,) = units_upsert(
        actor=SystemActor("test"),
        items=[
            UnitItem(
                new_owner=NewPerson(nik="3602140101800001", name="Ujang", sex="L"),
                fields={
                    "business_name": "Bambu Ujang",
                    "commodity": Commodity.objects.get(code="anyaman").pk,
                    "desa": "36.02.14.2017",
                },
            )
        ],
    )
    unit = Unit.objects.get(pk=outcome.unit_id)
    path = _file(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "sentra.settings",
    }
    # S603: this interpreter running our own CLI with test-built arguments.
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "sentra.cli", "import-units", str(path), "--year", "2018"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    statuses: Counter[int] = Counter()
    edits = 0
    try:
        while process.poll() is None:
            web = Client(raise_request_exception=False)
            login = web.post("/masuk/", {"username": "rudi", "password": "correct horse 42"})
            statuses[login.status_code] += 1
            edits += 1
            edit = web.post(
                f"/units/{unit.pk}/edit/",
                unit_edit_post(unit, address=f"Kp. Pasir Ona {edits}", save_anyway="on"),
            )
            statuses[edit.status_code] += 1
            time.sleep(0.05)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert f"created={ROWS}" in out
    assert edits >= 3, "the import ended before the web was exercised"
    assert statuses[500] == 0 and set(statuses) <= {200, 302}, statuses
    unit.refresh_from_db()
    assert unit.address.startswith("Kp. Pasir Ona")
