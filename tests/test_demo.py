"""`sentra demo`: the synthetic Lebak registry reproduces the 2018 report's figures.

The demo is loaded once for this module (it takes seconds, not milliseconds); each test runs
in a transaction that is rolled back, so `--reset` in one test does not disturb the others.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count, F, Q, Sum
from django.test import override_settings

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.usefixtures("demo_output")]

PASIR_ONA_DESA = "36.02.14.2017"
EUROPE = {"GB", "DE", "IT", "NL", "FR", "PT"}


@pytest.fixture(scope="module")
def demo_output(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """Load the demo once (committed), hand its output to the tests, then empty the database
    again as a transactional test would (flush), so other modules start from nothing."""
    saved = os.environ.pop("SENTRA_DEMO_PASSWORD", None)
    # The same fast hasher as conftest's autouse fixture, which is not active at module scope.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        out = io.StringIO()
        with fast:
            call_command("demo", stdout=out)
        yield out.getvalue()
        call_command("flush", interactive=False, verbosity=0)
    if saved is not None:
        os.environ["SENTRA_DEMO_PASSWORD"] = saved


def _active(year: int) -> Any:
    from sentra.registry.models import YearlyReport

    return YearlyReport.objects.filter(year=year, is_active=True, unit__data_source="demo")


def _checksum() -> str:
    """A fingerprint of the demo's content (not of ids or timestamps)."""
    from sentra.registry.models import Certificate, ExportDestination, Person, Unit, YearlyReport

    digest = hashlib.sha256()
    units = Unit.objects.values_list(
        "business_name", "nib", "commodity__code", "desa_id", "status", "owner__name"
    )
    digest.update(repr(sorted(units)).encode())
    reports = YearlyReport.objects.values("year", "is_active").annotate(
        n=Count("id"),
        male=Sum("workers_male"),
        female=Sum("workers_female"),
        production=Sum("production_value"),
        investment=Sum("investment"),
        exports=Sum("export_value_usd"),
    )
    digest.update(repr(sorted(tuple(r.values()) for r in reports)).encode())
    destinations = ExportDestination.objects.values("country").annotate(v=Sum("value_usd"))
    digest.update(repr(sorted(tuple(r.values()) for r in destinations)).encode())
    certificates = Certificate.objects.values_list("kind__code", "number", "issued_on", "status")
    digest.update(repr(sorted(certificates, key=repr)).encode())
    digest.update(repr(sorted(Person.objects.values_list("name", "sex", "nik_masked"))).encode())
    return digest.hexdigest()


# --- the reported figures -------------------------------------------------------------------


def test_demo_has_exactly_15372_units_active_in_2017() -> None:
    assert _active(2017).count() == 15_372


def test_demo_has_exactly_16000_units_active_in_2018_through_closures_and_openings() -> None:
    from sentra.registry.models import Unit

    active_2017 = set(_active(2017).values_list("unit_id", flat=True))
    active_2018 = set(_active(2018).values_list("unit_id", flat=True))
    closed = active_2017 - active_2018
    opened = active_2018 - active_2017

    assert len(active_2018) == 16_000
    assert closed and opened
    assert len(active_2017) - len(closed) + len(opened) == 16_000
    assert set(Unit.objects.filter(pk__in=closed).values_list("status", flat=True)) == {"tutup"}
    new_units = Unit.objects.filter(pk__in=opened)
    assert set(new_units.values_list("year_established", flat=True)) == {2018}
    assert not new_units.filter(reports__year__lt=2018).exists()


def test_sentra_stats_json_for_2018_gives_the_reported_figures_and_adds_up() -> None:
    out = io.StringIO()
    call_command("stats", "--year", "2018", "--format", "json", stdout=out)
    stats = json.loads(out.getvalue())
    assert list(stats) == [
        "year", "region", "units", "units_previous_year", "workers", "workers_male",
        "workers_female", "by_commodity", "by_kecamatan", "by_region", "exporting_units",
        "export_destinations", "statement",
    ]  # fmt: skip
    assert stats["region"] == {"code": "36.02", "name": "Kabupaten Lebak"}
    assert (stats["units"], stats["units_previous_year"]) == (16000, 15372)
    assert 32_900 <= stats["workers"] <= 33_100
    assert stats["workers"] == stats["workers_male"] + stats["workers_female"]
    assert len(stats["by_kecamatan"]) == 28
    assert stats["by_region"] == stats["by_kecamatan"]  # a regency's next level down
    assert len(stats["by_commodity"]) == 11  # the ten and "Belum diklasifikasi" (issue 10)
    for key in ("by_kecamatan", "by_commodity"):
        assert sum(row["units"] for row in stats[key]) == stats["units"]
        assert sum(row["workers"] for row in stats[key]) == stats["workers"]
    assert all(row["units"] > 0 for row in stats["by_kecamatan"])
    assert {row["country"] for row in stats["export_destinations"]} >= EUROPE
    assert all(re.fullmatch(r"[A-Z]{2}", row["country"]) for row in stats["export_destinations"])
    assert 0 < stats["exporting_units"] <= stats["units"]
    assert stats["statement"] == (
        "Jumlah industri kecil tercatat 16.000 unit dari sebelumnya 15.372 unit usaha "
        "dengan menyerap tenaga kerja sekitar 33.000 orang."
    )


def test_demo_has_three_years_of_history_starting_near_14800_units_in_2016() -> None:
    assert 14_500 <= _active(2016).count() <= 15_100


def test_demo_workforce_2018_is_about_33000() -> None:
    totals = _active(2018).aggregate(m=Sum("workers_male"), f=Sum("workers_female"))
    assert 32_900 <= totals["m"] + totals["f"] <= 33_100
    assert not _active(2018).filter(workers_male=0, workers_female=0).exists()


def test_demo_load_prints_the_reported_figures_and_writes_one_audit_row(
    demo_output: str,
) -> None:
    from sentra.core.models import AuditLog, ReferenceDataset

    assert "2017 15.372" in demo_output
    assert "2018 16.000" in demo_output
    row = AuditLog.objects.get(action="demo.load")
    assert row.after["active_2018"] == 16_000
    assert ReferenceDataset.objects.get(name="demo").version.endswith("+seed2018")


# --- geography and commodities --------------------------------------------------------------


def test_demo_covers_all_28_kecamatan_and_ten_commodities() -> None:
    from sentra.registry.models import Unit

    units = Unit.objects.filter(reports__in=_active(2018))
    kecamatan = set(units.values_list("kecamatan_id", flat=True))
    assert kecamatan == {f"36.02.{n:02d}" for n in range(1, 29)}
    assert units.values("commodity").distinct().count() == 10
    assert not Unit.objects.exclude(kecamatan_id=F("desa__parent_id")).exists()


def test_commodities_cluster_where_they_are_made() -> None:
    from sentra.registry.models import Unit

    def share(commodity: str, kecamatan: set[str]) -> float:
        units = Unit.objects.filter(commodity__code=commodity)
        return units.filter(kecamatan_id__in=kecamatan).count() / units.count()

    batik = {"36.02.14", "36.02.18", "36.02.24", "36.02.15"}
    kalimaya = {"36.02.12", "36.02.13", "36.02.23", "36.02.11"}
    fosil = {"36.02.03", "36.02.20", "36.02.19", "36.02.02"}
    assert share("batik-lebak", batik) > 0.8
    assert share("batu-kalimaya", kalimaya) > 0.9
    assert share("batu-fosil", fosil) > 0.8

    def aren_share(kecamatan: str) -> float:
        units = Unit.objects.filter(kecamatan_id=kecamatan)
        return units.filter(commodity__code="gula-aren").count() / units.count()

    assert aren_share("36.02.22") > 3 * aren_share("36.02.14")  # Sobang vs Rangkasbitung
    biggest = Counter(Unit.objects.values_list("kecamatan_id", flat=True)).most_common(1)
    assert biggest[0][0] == "36.02.14"


def test_pasir_ona_bamboo_units_export_to_european_countries() -> None:
    from sentra.registry.models import ExportDestination, YearlyReport

    pasir_ona = YearlyReport.objects.filter(
        unit__desa_id=PASIR_ONA_DESA,
        unit__kampung="Pasir Ona",
        unit__commodity__code="anyaman",
        market_reach="ekspor",
    )
    assert 24 <= pasir_ona.filter(year=2018).count() <= 60
    countries = set(
        ExportDestination.objects.filter(report__in=pasir_ona).values_list("country", flat=True)
    )
    assert countries == EUROPE
    totals = [
        pasir_ona.filter(year=y).aggregate(v=Sum("export_value_usd"))["v"]
        for y in (2016, 2017, 2018)
    ]
    assert totals[0] < totals[1] < totals[2]
    mismatched = YearlyReport.objects.annotate(
        destinations=Sum("export_destinations__value_usd", default=0)
    ).exclude(export_value_usd=F("destinations"))
    assert not mismatched.exists()
    assert (
        not YearlyReport.objects.filter(export_destinations__isnull=False)
        .exclude(market_reach="ekspor")
        .exists()
    )
    assert pasir_ona.values("unit__cluster__name").distinct().get() == {
        "unit__cluster__name": "Sentra Anyaman Bambu Pasir Ona"
    }


def test_demo_has_named_sentra_of_at_least_five_units() -> None:
    from sentra.registry.models import Cluster

    clusters = Cluster.objects.annotate(n=Count("units"))
    names = set(clusters.values_list("name", flat=True))
    assert {"Sentra Anyaman Bambu Pasir Ona", "Sentra Gula Aren Sobang"} <= names
    assert any(name.startswith("KUBE Batik") for name in names)
    assert not clusters.filter(n__lt=5).exists()


# --- owners ---------------------------------------------------------------------------------


def test_every_demo_nik_is_valid_and_matches_owner_sex() -> None:
    from sentra.core.protect import decrypt, digest, mask_nik
    from sentra.registry.models import Person
    from sentra.registry.validators import nik_validate

    persons = Person.objects.filter(data_source="demo")
    assert persons.count() > 15_000
    niks = set()
    for person in persons.only("nik_encrypted", "nik_digest", "nik_masked", "sex").iterator():
        nik = decrypt(person.nik_encrypted)
        facts = nik_validate(nik)
        assert facts.sex == person.sex
        assert nik.startswith("3602")
        assert person.nik_digest == digest(nik)
        assert person.nik_masked == mask_nik(nik)
        niks.add(nik)
    assert len(niks) == persons.count()


def test_women_own_about_two_fifths_of_units_and_more_in_food_and_batik() -> None:
    from sentra.registry.models import Person, Unit

    women = Person.objects.filter(sex="P").count() / Person.objects.count()
    assert 0.35 <= women <= 0.45

    def women_share(commodity: str) -> float:
        units = Unit.objects.filter(commodity__code=commodity)
        return units.filter(owner__sex="P").count() / units.count()

    assert women_share("makanan-olahan") > women
    assert women_share("batik-lebak") > women


def test_a_few_percent_of_owners_have_two_units() -> None:
    from sentra.registry.models import Person

    persons = Person.objects.annotate(n=Count("units"))
    share = persons.filter(n=2).count() / persons.count()
    assert 0.01 <= share <= 0.06
    assert not persons.filter(n=0).exists()


# --- unit details ---------------------------------------------------------------------------


def test_demo_units_carry_kbli_nib_and_certificates() -> None:
    from sentra.registry.models import Certificate, Unit
    from sentra.registry.services import DATA_DIR

    reference = json.loads((DATA_DIR / "reference.json").read_text(encoding="utf-8"))
    for item in reference["commodities"]:
        if item["code"] == "belum-diklasifikasi":
            continue  # the synthetic demo classifies every unit (issue 10)
        kbli = set(Unit.objects.filter(commodity__code=item["code"]).values_list("kbli", flat=True))
        assert kbli == {item["kbli"]}
    active = Unit.objects.filter(reports__in=_active(2018))
    assert 0.4 <= active.exclude(nib="").count() / active.count() <= 0.6
    nibs = Unit.objects.exclude(nib="").values("nib").annotate(n=Count("id"))
    assert not nibs.filter(n__gt=1).exists()

    kinds = Counter(Certificate.objects.values_list("kind__code", "unit__commodity__code"))
    food = ("makanan-olahan", "gula-aren")
    pirt_halal = sum(n for (kind, _), n in kinds.items() if kind in {"pirt", "halal"})
    pirt_halal_food = sum(
        n
        for (kind, commodity), n in kinds.items()
        if kind in {"pirt", "halal"} and commodity in food
    )
    assert pirt_halal > 500
    assert pirt_halal_food == pirt_halal
    assert kinds[("hki", "batik-lebak")] > 0
    assert not Certificate.objects.filter(Q(number="") & ~Q(status="proses")).exists()


def test_demo_reports_carry_realistic_rupiah_values() -> None:
    aren = _active(2018).filter(
        unit__commodity__code="gula-aren", workers_male__lte=1, workers_female__lte=1
    )
    values = sorted(aren.values_list("production_value", flat=True))
    median = values[len(values) // 2]
    assert 10_000_000 <= median <= 100_000_000
    exporters = _active(2018).filter(market_reach="ekspor")
    assert not exporters.filter(production_value__lt=F("export_value_usd") * 13_000).exists()
    assert not _active(2018).filter(Q(investment=0) | Q(production_value=0)).exists()


# --- accounts -------------------------------------------------------------------------------


def test_demo_accounts_have_their_roles_and_scopes() -> None:
    from sentra.accounts.models import User
    from sentra.accounts.scope import scope

    admin = User.objects.get(username="admin")
    assert (admin.role, admin.is_staff, admin.is_superuser) == ("admin", True, True)
    assert User.objects.get(username="analis").role == "analyst"
    rangkas = User.objects.get(username="petugas.rangkasbitung")
    assert rangkas.role == "officer"
    assert scope(rangkas).kecamatan_codes == {"36.02.14"}
    bayah = User.objects.get(username="petugas.bayah")
    assert scope(bayah).kecamatan_codes == {"36.02.03"}
    owner = User.objects.get(username="pemilik.pasirona")
    assert owner.role == "owner"
    assert owner.person.units.filter(
        desa_id=PASIR_ONA_DESA, reports__market_reach="ekspor"
    ).exists()


def test_demo_accounts_log_in_with_the_password_printed_once(demo_output: str) -> None:
    printed = re.findall(r"simpan sekarang\): (\S+)", demo_output)
    assert len(printed) == 1
    assert authenticate(username="petugas.bayah", password=printed[0]) is not None


# --- idempotence ----------------------------------------------------------------------------


def test_running_demo_twice_changes_nothing() -> None:
    from sentra.accounts.models import User
    from sentra.core.models import AuditLog

    before = (_checksum(), AuditLog.objects.count(), sorted(User.objects.values_list("password")))
    out = io.StringIO()
    call_command("demo", stdout=out)
    after = (_checksum(), AuditLog.objects.count(), sorted(User.objects.values_list("password")))
    assert "sudah dimuat" in out.getvalue()
    assert after == before


def test_the_generator_is_deterministic_for_a_seed() -> None:
    from sentra.demo.generator import demo_generate
    from sentra.regions.models import Region

    desa: dict[str, list[str]] = {}
    for code, parent in Region.objects.filter(level=4).values_list("code", "parent_id"):
        desa.setdefault(parent, []).append(code)
    names = dict(Region.objects.values_list("code", "name"))

    def fingerprint(seed: int) -> list[tuple[str, str, str]]:
        data = demo_generate(seed=seed, desa_by_kecamatan=desa, kecamatan_names=names)
        return [(u.business_name, u.nib, data.persons[u.owner].nik) for u in data.units]

    first = fingerprint(2018)
    assert fingerprint(2018) == first
    assert fingerprint(7) != first


def test_demo_if_empty_loads_nothing_when_units_exist() -> None:
    from sentra.core.models import AuditLog

    before = (_checksum(), AuditLog.objects.count())
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "tidak dimuat" in out.getvalue()
    assert (_checksum(), AuditLog.objects.count()) == before


def test_demo_reset_reloads_the_same_data() -> None:
    from sentra.accounts.models import User
    from sentra.core.models import AuditLog
    from sentra.registry.models import Person

    before = _checksum()
    passwords = sorted(User.objects.values_list("password"))
    out = io.StringIO()
    call_command("demo", "--reset", stdout=out)

    assert _checksum() == before
    assert sorted(User.objects.values_list("password")) == passwords
    assert "tidak diubah" in out.getvalue()
    assert "simpan sekarang" not in out.getvalue()
    assert AuditLog.objects.filter(action="demo.reset").count() == 1
    assert Person.objects.filter(account__username="pemilik.pasirona").exists()


# --- the round trip: every export imports back as nothing changed ----------------------------


def _registry_state() -> tuple[Any, ...]:
    """What an import must not change: the content fingerprint, every version, every time
    stamp, every verification state and data source."""
    from django.db.models import Max

    from sentra.registry.models import Person, Unit, YearlyReport

    units = Unit.objects.aggregate(v=Sum("version"), t=Max("updated_at"), n=Count("id"))
    reports = YearlyReport.objects.aggregate(v=Sum("version"), t=Max("updated_at"))
    verified = Counter(Unit.objects.values_list("verification", "data_source"))
    return (_checksum(), units, reports, verified, Person.objects.aggregate(t=Max("updated_at")))


def _stats(year: int) -> dict[str, Any]:
    out = io.StringIO()
    call_command("stats", "--year", str(year), "--format", "json", stdout=out)
    return dict(json.loads(out.getvalue()))


@pytest.mark.parametrize(
    ("fmt", "options"),
    [("xlsx", []), ("csv", ["--include-personal"]), ("json", [])],
    ids=["xlsx-masked", "csv-personal", "json-masked"],
)
def test_every_unit_of_the_demo_closed_ones_included_exports_and_imports_back_unchanged(
    tmp_path: Any,
    fmt: str,
    options: list[str],
    django_capture_on_commit_callbacks: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sentra.registry.models import Unit

    before, stats_2018, stats_2017 = _registry_state(), _stats(2018), _stats(2017)
    out = tmp_path / f"all.{fmt}"
    call_command("export_units", "--format", fmt, "--out", str(out), *options)
    capsys.readouterr()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_units", str(out))
    counts = capsys.readouterr().out.strip()
    total = Unit.objects.count()
    assert counts == (
        f"rows_total={total} created=0 updated=0 unchanged={total} rejected=0 skipped=0"
    )
    assert Unit.objects.filter(status="tutup").exists()
    assert _registry_state() == before
    assert (_stats(2018), _stats(2017)) == (stats_2018, stats_2017)


def test_an_officers_download_uploaded_back_without_touching_the_year_changes_nothing(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sentra.accounts.models import User
    from tests.exchange.jobs import run_queued_jobs

    officer = User.objects.get(username="petugas.rangkasbitung")
    client.force_login(officer)
    download = client.get("/units/download/", {"format": "xlsx", "kecamatan": "36.02.14"})
    assert download.status_code == 200
    before = _registry_state()
    upload = SimpleUploadedFile("unit-ikm.xlsx", download.content)
    response = client.post("/imports/", {"file": upload, "year": "", "sheet": ""})
    assert response.status_code == 302
    run_queued_jobs()  # the preview is a background job
    preview = client.get(response["Location"], follow=True)
    html = preview.content.decode()
    assert "Pratinjau impor data tahun 2018" in html
    run = preview.context["run"]
    assert (run.report["created"], run.report["updated"], run.report["rejected"]) == (0, 0, 0)
    assert run.report["unchanged"] > 40
    # Nothing would change, so there is nothing to confirm.
    assert 'value="confirm"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview.redirect_chain[-1][0], {"action": "confirm"})
        run_queued_jobs()
    assert _registry_state() == before
