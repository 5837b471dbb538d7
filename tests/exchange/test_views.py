"""The upload pages: upload → preview as a background job (nothing written) → confirm → the
write as a background job, cancel, refusal messages, history and downloads with the unit
list's filters, masked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sentra.core.actors import SystemActor
from sentra.exchange.models import ImportRun, RunStatus
from sentra.exchange.runs import imports_dir
from sentra.registry.models import Unit
from tests.exchange.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, path: Path, **extra: Any) -> Any:
    """Uploads, then lets the worker run the preview job."""
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    response = client.post("/imports/", {"file": upload, "year": "2018", **extra})
    run_queued_jobs()
    return response


def _confirm(client: Client, run: ImportRun) -> Any:
    """Confirms, then lets the worker run the write job; answers the progress page."""
    response = client.post(f"/imports/{run.pk}/preview/", {"action": "confirm"})
    assert response["Location"] == f"/imports/{run.pk}/progress/"
    run_queued_jobs()
    return client.get(response["Location"])


def test_upload_shows_a_preview_and_writes_only_after_confirmation(
    alice_admin: Any, messy_xlsx: Path, media: Path
) -> None:
    client = _client(alice_admin)
    response = _upload(client, messy_xlsx)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/imports/{run.pk}/progress/"
    assert client.get(response["Location"])["Location"] == f"/imports/{run.pk}/preview/"
    assert run.status == RunStatus.PREVIEW
    assert run.report["dry_run"] is True
    stored = list((media / "imports").iterdir())
    assert [p.name for p in stored] == [run.stored_name]
    assert "Data IKM" not in run.stored_name and run.stored_name.endswith(".xlsx.enc")
    # Encrypted at rest: not a zip (an xlsx) on disk, and readable by its owner only.
    assert not stored[0].read_bytes().startswith(b"PK")
    assert oct(stored[0].stat().st_mode & 0o777) == "0o600"
    assert Unit.objects.count() == 0

    page = client.get(f"/imports/{run.pk}/preview/")
    html = page.content.decode()
    assert "Pratinjau impor data tahun 2018" in html
    assert "Konfirmasi dan tulis data tahun 2018" in html
    assert "Mungkin maksud Anda Rangkasbitung?" in html
    assert "nik_precision_lost" in html

    done = _confirm(client, run)
    assert done["Location"] == f"/imports/{run.pk}/"
    run.refresh_from_db()
    # Issue 10: the unknown product "sabun" no longer rejects its row (Belum diklasifikasi).
    assert (run.status, run.created, run.rejected, run.report["dry_run"]) == (
        RunStatus.DONE,
        4,
        4,
        False,
    )
    assert Unit.objects.count() == 3
    assert list((media / "imports").iterdir()) == []  # the stored file is gone
    detail = client.get(f"/imports/{run.pk}/").content.decode()
    assert "Selesai" in detail
    assert "Impor selesai: 4 dibuat, 0 diperbarui, 4 ditolak." in detail
    history = client.get("/imports/history/").content.decode()
    assert messy_xlsx.name in history


def test_a_second_confirmation_writes_nothing_more(
    alice_admin: Any, messy_xlsx: Path, media: Path
) -> None:
    client = _client(alice_admin)
    _upload(client, messy_xlsx)
    run = ImportRun.objects.get()
    _confirm(client, run)
    again = client.post(f"/imports/{run.pk}/preview/", {"action": "confirm"}, follow=True)
    assert "Pratinjau ini sudah tidak berlaku" in again.content.decode()
    assert Unit.objects.count() == 3


def test_cancelling_a_preview_deletes_the_file_and_writes_nothing(
    rudi_officer_rangkasbitung: Any, messy_xlsx: Path, media: Path
) -> None:
    client = _client(rudi_officer_rangkasbitung)
    _upload(client, messy_xlsx)
    run = ImportRun.objects.get()
    client.post(f"/imports/{run.pk}/preview/", {"action": "cancel"})
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert list((media / "imports").iterdir()) == []
    assert Unit.objects.count() == 0


def test_an_officers_preview_rejects_rows_of_other_kecamatan(
    rudi_officer_rangkasbitung: Any, messy_xlsx: Path, media: Path
) -> None:
    client = _client(rudi_officer_rangkasbitung)
    _upload(client, messy_xlsx)
    report = ImportRun.objects.get().report
    codes = {r["row"]: [i["code"] for i in r["issues"]] for r in report["rows"]}
    assert "outside_scope" in codes[14]
    assert codes[15] == ["outside_scope", "product_unclassified"]
    assert codes[6] == []


def test_a_refused_file_shows_the_reason_on_the_report_page(
    alice_admin: Any, tmp_path: Path, media: Path
) -> None:
    path = tmp_path / "lama.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    client = _client(alice_admin)
    response = _upload(client, path)
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == f"/imports/{ImportRun.objects.get().pk}/"
    assert "Format .xls tidak didukung." in page.content.decode()
    run = ImportRun.objects.get()
    assert (run.status, run.error_code) == (RunStatus.FAILED, "format_unsupported")
    assert list((media / "imports").iterdir()) == []


def test_an_upload_over_the_size_limit_is_refused_before_it_is_stored(
    alice_admin: Any, messy_xlsx: Path, media: Path, settings: Any
) -> None:
    settings.SENTRA_IMPORT_LIMITS = {"max_bytes": 100}
    response = _upload(_client(alice_admin), messy_xlsx)
    assert "melebihi batas 100." in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_a_run_left_running_by_a_dead_process_shows_as_failed_in_the_history(
    alice_admin: Any,
) -> None:
    run = ImportRun.objects.create(
        source="cli", file_name="x.xlsx", year=2018, status=RunStatus.RUNNING,
        pid=2**22 + 12345, host=__import__("socket").gethostname(),
    )  # fmt: skip
    html = _client(alice_admin).get("/imports/history/").content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "Gagal" in html


def test_the_unit_download_uses_the_list_filters_and_masks_personal_data(
    alice_admin: Any, messy_xlsx: Path
) -> None:
    from sentra.exchange.importer import import_file

    import_file(actor=SystemActor("cli"), path=messy_xlsx, file_name=messy_xlsx.name, year=2018)
    client = _client(alice_admin)
    data = json.loads(
        client.get("/units/download/", {"format": "json", "commodity": "anyaman"}).content
    )
    assert [(d["business_name"], d["nik"]) for d in data] == [
        ("CV. Bambu Pasir Ona", "3602••••••••0001")
    ]
    xlsx = client.get("/units/download/", {"q": "bambu"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/units/download/", {"format": "exe"}).status_code == 404


def test_an_owner_downloads_only_their_own_units(omar_owner: Any, messy_xlsx: Path) -> None:
    from sentra.exchange.importer import import_file

    import_file(actor=SystemActor("cli"), path=messy_xlsx, file_name=messy_xlsx.name, year=2018)
    data = json.loads(_client(omar_owner).get("/units/download/", {"format": "json"}).content)
    assert data == []


def test_media_root_is_where_previews_are_stored(media: Path) -> None:
    assert imports_dir() == Path(settings.MEDIA_ROOT) / "imports"


def test_a_preview_that_writes_nothing_cannot_be_confirmed(
    alice_admin: Any, media: Path, tmp_path: Path
) -> None:
    path = tmp_path / "ditolak.csv"
    path.write_text(
        "Nama Usaha;Nama Pemilik;NIK Pemilik;Desa/Kelurahan;Kecamatan;Komoditas\n"
        "Batik Salah;Siti;123;Rangkasbitung Timur;Rangkasbitung;Batik Lebak\n",
        encoding="utf-8",
    )
    client = _client(alice_admin)
    _upload(client, path)
    run = ImportRun.objects.get()
    assert (run.report["created"], run.report["updated"]) == (0, 0)
    html = client.get(f"/imports/{run.pk}/preview/").content.decode()
    assert 'value="confirm"' not in html
    assert "tidak ada yang perlu dikonfirmasi" in html
    assert 'class="secondary">Batalkan' in html
    response = client.post(f"/imports/{run.pk}/preview/", {"action": "confirm"})
    assert response["Location"] == f"/imports/{run.pk}/preview/"
    run.refresh_from_db()
    assert run.status == RunStatus.PREVIEW and Unit.objects.count() == 0


def test_an_upload_may_force_a_source_profile_that_the_confirmation_uses_too(
    alice_admin: Any, tmp_path: Path, media: Path
) -> None:
    from tests.exchange.files import csv_file
    from tests.exchange.sources import OSS_HEADER, oss_rows, oss_units

    keep = [h for h in OSS_HEADER if h not in ("Skala Usaha", "Risiko Usaha")]
    rows = oss_rows(oss_units(41, 2, max_products=2))
    path = csv_file(
        tmp_path / "potongan.csv", [[r[OSS_HEADER.index(h)] for h in keep] for r in rows]
    )
    client = _client(alice_admin)
    _upload(client, path, profile="oss", year="2021")
    run = ImportRun.objects.get()
    assert (run.profile, run.report["profile"], run.report["rejected"]) == ("oss", "oss", 0)
    _confirm(client, run)
    assert Unit.objects.count() == 2


def test_the_mapping_step_re_reads_the_file_with_the_choices_and_writes_nothing(
    alice_admin: Any, tmp_path: Path, media: Path
) -> None:
    from sentra.exchange.models import ColumnProfile
    from tests.exchange.files import xlsx
    from tests.exchange.test_column_mapping import HANDMADE, ROWS

    client = _client(alice_admin)
    _upload(client, xlsx(tmp_path / "rekap.xlsx", [HANDMADE, *ROWS]))
    run = ImportRun.objects.get()
    page = client.get(f"/imports/{run.pk}/preview/").content.decode()
    assert "mirip (" in page and "tidak dikenal" in page
    assert 'href="/produk/belum-diklasifikasi/"' in page  # "Besek bambu" waits there
    index = [c["header"] for c in run.report["columns"]].index("Catatan Petugas")
    ignored = [c["header"] for c in run.report["columns"]].index("Negara Tujuan")
    response = client.post(
        f"/imports/{run.pk}/preview/",
        {"action": "remap", f"column-{index}": "address", f"column-{ignored}": "",
         "save_as": "Rekap bulanan"},
    )  # fmt: skip
    # The file is read again with the choices, as a background preview.
    assert response["Location"] == f"/imports/{run.pk}/progress/"
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED
    run_queued_jobs()
    run.refresh_from_db()
    columns = {c["header"]: (c["field"], c["how"]) for c in run.report["columns"]}
    assert columns["Catatan Petugas"] == ("address", "manual")
    assert columns["Negara Tujuan"] == (None, "ignored")
    assert (run.status, run.mapping["Catatan Petugas"]) == (RunStatus.PREVIEW, "address")
    assert Unit.objects.count() == 0
    saved = ColumnProfile.objects.get()
    assert (saved.name, saved.header_set) == ("Rekap bulanan", run.report["header_set"])
    _confirm(client, run)
    assert Unit.objects.get(business_name="Anyaman Pasir Ona").address == "kirim lewat Jakarta"


def test_another_officer_cannot_remap_a_preview_that_is_not_theirs(
    rudi_officer_rangkasbitung: Any, bayu_officer_bayah: Any, messy_xlsx: Path, media: Path
) -> None:
    _upload(_client(rudi_officer_rangkasbitung), messy_xlsx)
    run = ImportRun.objects.get()
    response = _client(bayu_officer_bayah).post(
        f"/imports/{run.pk}/preview/", {"action": "remap", "column-0": "address"}
    )
    assert response.status_code == 404
    run.refresh_from_db()
    assert run.mapping == {}
