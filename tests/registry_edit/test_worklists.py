"""The officers' worklists: owners recorded without a NIK (completed once, never duplicated) and
product names under "Belum diklasifikasi" (mapped once: a synonym, the units reclassify and the
statistics follow). Each list shows only what the officer's scope covers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sentra.core.actors import SystemActor
from sentra.core.models import AuditLog
from sentra.exchange.importer import import_file
from sentra.registry.models import Commodity, Person, ProductLine, Unit
from tests.exchange.sources import oss_file, oss_units
from tests.registry_edit.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def oss_import(reference: None, tmp_path: Path) -> list[Any]:
    units = oss_units(21, 3, max_products=1)
    units[0].products = [("SAPU IJUK GAGANG ROTAN", "", "")]
    units[1].products = [("Sapu ijuk gagang rotan", "", "")]  # the same name, other spelling
    units[2].desa, units[2].kecamatan = "BAYAH BARAT", "BAYAH"
    units[2].products = [("SAPU IJUK GAGANG ROTAN", "", "")]
    import_file(
        actor=SystemActor("cli"),
        path=oss_file(tmp_path / "oss.xlsx", units),
        file_name="oss.xlsx",
        year=2021,
    )
    return units


def test_an_officer_sees_the_owners_without_nik_of_their_kecamatan_only(
    oss_import: list[Any], rudi_officer_rangkasbitung: Any, bayu_officer_bayah: Any
) -> None:
    rudi = client_for(rudi_officer_rangkasbitung).get("/pemilik/belum-lengkap/")
    bayu = client_for(bayu_officer_bayah).get("/pemilik/belum-lengkap/")
    assert rudi.status_code == bayu.status_code == 200
    bayah_owner = Unit.objects.get(nib=oss_import[2].nib).owner
    assert len(rudi.context["page_obj"].object_list) == 2
    assert [p.pk for p in bayu.context["page_obj"].object_list] == [bayah_owner.pk]
    assert "NIK belum tercatat" in rudi.content.decode()


def test_an_officer_completes_an_owners_nik_once_and_the_sex_follows_the_nik(
    oss_import: list[Any], rudi_officer_rangkasbitung: Any
) -> None:
    person = Unit.objects.get(nib=oss_import[0].nib).owner
    client = client_for(rudi_officer_rangkasbitung)
    response = client.post(
        f"/people/{person.pk}/edit/",
        {
            "name": "Siti Aminah",
            "sex": "",
            "nik": "3602144202850002",
            "consent": "",
            "version": person.version,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.nik_masked, person.sex, person.name) == ("3602••••••••0002", "P", "Siti Aminah")
    form = client.get(f"/people/{person.pk}/edit/").content.decode()
    assert 'name="nik"' not in form  # a recorded NIK is never changed here
    other = Unit.objects.get(nib=oss_import[1].nib).owner
    taken = client.post(
        f"/people/{other.pk}/edit/",
        {
            "name": "Lain",
            "sex": "",
            "nik": "3602144202850002",
            "consent": "",
            "version": other.version,
        },
    )
    assert "NIK ini sudah terdaftar." in taken.content.decode()
    assert Person.objects.filter(nik_digest__isnull=False).count() == 1


def test_mapping_a_product_name_once_makes_it_a_synonym_and_reclassifies_its_units(
    oss_import: list[Any], rudi_officer_rangkasbitung: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from sentra.insights.aggregates import raw_cells, stored_cells
    from sentra.insights.refresh import stats_refresh

    stats_refresh()
    client = client_for(rudi_officer_rangkasbitung)
    page = client.get("/produk/belum-diklasifikasi/")
    (entry,) = page.context["entries"]
    assert (entry["match_name"], entry["units"]) == ("sapu ijuk gagang rotan", 2)  # Rudi's two
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/produk/belum-diklasifikasi/",
            {"name": "sapu ijuk gagang rotan", "commodity": "alat-rumah-tangga"},
            follow=True,
        )
    assert "3 unit diklasifikasi ulang" in done.content.decode()  # the synonym holds everywhere
    assert not ProductLine.objects.filter(commodity__code="belum-diklasifikasi").exists()
    assert set(Unit.objects.values_list("commodity__code", flat=True)) == {"alat-rumah-tangga"}
    assert "sapu ijuk gagang rotan" in Commodity.objects.get(code="alat-rumah-tangga").synonyms
    assert AuditLog.objects.filter(action="commodity.synonym_add").count() == 1
    assert stored_cells().comparable() == raw_cells().comparable()  # the statistics follow


def test_a_name_outside_the_officers_scope_cannot_be_mapped_from_their_list(
    oss_import: list[Any], bayu_officer_bayah: Any
) -> None:
    client_for(bayu_officer_bayah).post(
        "/produk/belum-diklasifikasi/", {"name": "tikar pandan", "commodity": "anyaman"}
    )
    assert "tikar pandan" not in Commodity.objects.get(code="anyaman").synonyms
