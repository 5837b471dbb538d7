"""Read-only traffic on a real PostgreSQL streaming replica (started on loopback by
scripts/pg-replica from the test run's primary): routing, read-your-writes and lag."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.test import Client, override_settings

from sentra.core import replicas
from sentra.core.replicas import PIN_COOKIE
from sentra.registry.models import Unit
from tests.access.spec import World
from tests.access.world import build_world
from tests.registry_edit.forms_data import unit_edit_post

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "pg-replica"
ALIAS = "replica_1"
# A loopback replica copies the primary's whole cluster; a developer's big shared cluster is
# not worth copying for these tests.
MAX_CLUSTER_BYTES = 2 * 1024**3

replica_db = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, ALIAS])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _skip_unless_a_replica_can_start(primary: dict[str, Any]) -> None:
    if not primary["ENGINE"].endswith("postgresql"):
        pytest.skip("streaming replicas are PostgreSQL's: these run in the PostgreSQL pass")
    if str(primary.get("HOST") or "") not in {"127.0.0.1", "localhost"}:
        pytest.skip("the replica is copied from a primary on 127.0.0.1 only")
    if not list(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup")):
        pytest.skip("no PostgreSQL server binaries (pg_basebackup) on this machine")
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT sum(pg_database_size(datname)) FROM pg_database")
        size = int(cursor.fetchone()[0])
    if size > MAX_CLUSTER_BYTES:
        pytest.skip(f"the primary cluster holds {size / 1024**3:.1f} GB; a copy is not worth it")


@pytest.fixture(scope="module")
def streaming_replica(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """A real streaming replica of the test database's server, named `replica_1` and routed
    as DATABASE_REPLICA_URLS would (a test mirror of `default`)."""
    with django_db_blocker.unblock():
        primary = connections[DEFAULT_DB_ALIAS].settings_dict
        _skip_unless_a_replica_can_start(primary)
    directory = tempfile.mkdtemp(prefix="sentra-replica-", dir="/tmp")
    port = str(_free_port())
    started = subprocess.run(  # noqa: S603  (our own script, fixed arguments)
        [str(SCRIPT), "start", str(primary["PORT"]), port, directory],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if started.returncode != 0:
        subprocess.run([str(SCRIPT), "stop", directory], check=False, timeout=60)  # noqa: S603
        pytest.fail(f"scripts/pg-replica start failed: {started.stderr}")
    replica = {
        **primary,
        "HOST": "127.0.0.1",
        "PORT": port,
        "TEST": {**primary["TEST"], "MIRROR": DEFAULT_DB_ALIAS},
    }
    connections.settings[ALIAS] = replica
    middleware = ["sentra.core.replicas.ReplicaReadsMiddleware", *settings.MIDDLEWARE]
    try:
        with override_settings(
            SENTRA_DATABASE_REPLICAS=[ALIAS],
            DATABASE_ROUTERS=["sentra.core.replicas.ReplicaRouter"],
            MIDDLEWARE=middleware,
            SENTRA_REPLICA_CHECK_SECONDS=0,
            SENTRA_REPLICA_MAX_LAG_SECONDS=3600,
        ):
            yield ALIAS
    finally:
        with contextlib.suppress(AttributeError):  # no connection was opened in this thread
            connections[ALIAS].close()
            del connections[ALIAS]
        del connections.settings[ALIAS]
        replicas._lag_seen.clear()
        subprocess.run([str(SCRIPT), "stop", directory], check=False, timeout=60)  # noqa: S603
        shutil.rmtree(directory, ignore_errors=True)


def _replica_sql(sql: str) -> Any:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _caught_up() -> None:
    """Wait until the replica has replayed everything the primary has written."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        # The insert position: with synchronous_commit=off a commit may not be written yet.
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + 30
    while not _replica_sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
        assert time.monotonic() < deadline, "the replica did not catch up within 30 s"
        time.sleep(0.05)


class _Paused:
    """Replay paused on the replica: it still receives the primary's WAL but applies none."""

    def __enter__(self) -> None:
        _replica_sql("SELECT pg_wal_replay_pause()::text")
        deadline = time.monotonic() + 30
        while _replica_sql("SELECT pg_get_wal_replay_pause_state()") != "paused":
            assert time.monotonic() < deadline
            time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        _replica_sql("SELECT pg_wal_replay_resume()::text")


@pytest.fixture
def world(
    streaming_replica: str,
    alice_admin: Any,
    rudi_officer_rangkasbitung: Any,
    bayu_officer_bayah: Any,
    omar_owner: Any,
    olga_owner: Any,
) -> World:
    return build_world(
        {
            "admin": alice_admin,
            "officer_rangkasbitung": rudi_officer_rangkasbitung,
            "officer_bayah": bayu_officer_bayah,
            "owner_a": omar_owner,
            "owner_b": olga_owner,
        }
    )


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)  # a real login is a POST, which pins; this one must wait
    _caught_up()
    client.get("/")  # the session's first stamps are written now, not during a test's pause
    return client


def _rename_on_the_primary_only(unit: Unit, name: str) -> None:
    # A change the paused replica receives but does not apply; only the primary has it.
    Unit.objects.filter(pk=unit.pk).update(business_name=name)


@replica_db
def test_a_safe_request_reads_from_the_replica_while_it_is_within_the_allowed_lag(
    world: World,
) -> None:
    unit = world.unit_b_rangkasbitung
    admin = _logged_in(world.users["admin"])
    _caught_up()
    with _Paused():
        _rename_on_the_primary_only(unit, "Anyaman Olga Baru")
        response = admin.get(f"/units/{unit.pk}/")
        page = response.content.decode()
    assert "Anyaman Olga Baru" not in page and "Anyaman Olga" in page  # the replica's copy


@replica_db
def test_the_user_who_just_saved_reads_their_save_from_the_primary_while_others_read_the_replica(
    world: World,
) -> None:
    unit = world.unit_b_rangkasbitung
    officer = _logged_in(world.users["officer_rangkasbitung"])
    admin = _logged_in(world.users["admin"])
    _caught_up()
    with _Paused():
        data = unit_edit_post(unit, business_name="Anyaman Olga Jaya")
        saved = officer.post(f"/units/{unit.pk}/edit/", data)
        assert saved.status_code == 302
        assert saved.cookies[PIN_COOKIE].value == "1"  # no personal data in the pin
        assert int(saved.cookies[PIN_COOKIE]["max-age"]) == settings.SENTRA_REPLICA_PIN_SECONDS
        own = officer.get(saved["Location"], follow=True).content.decode()
        other = admin.get(f"/units/{unit.pk}/").content.decode()
    assert "Anyaman Olga Jaya" in own
    assert "Anyaman Olga Jaya" not in other and "Anyaman Olga" in other


@replica_db
def test_a_replica_further_behind_than_the_allowed_lag_is_skipped(world: World) -> None:
    unit = world.unit_b_rangkasbitung
    admin = _logged_in(world.users["admin"])
    _caught_up()
    with _Paused(), override_settings(SENTRA_REPLICA_MAX_LAG_SECONDS=1):
        _rename_on_the_primary_only(unit, "Anyaman Olga Baru")
        deadline = time.monotonic() + 30
        while (replicas.replica_lag(alias=ALIAS) or 0) <= 1:
            assert time.monotonic() < deadline, "the paused replica never fell behind"
            time.sleep(0.1)
        page = admin.get(f"/units/{unit.pk}/").content.decode()
    assert "Anyaman Olga Baru" in page  # the primary answered


@replica_db
def test_a_replica_that_cannot_be_reached_is_skipped(world: World) -> None:
    replica = connections[ALIAS]
    port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = str(_free_port())  # nothing listens there
    token = replicas._replica_reads.set(True)
    try:
        assert replicas.replica_for_read() == DEFAULT_DB_ALIAS
        assert Unit.objects.filter(pk=world.unit_b_rangkasbitung.pk).exists()
    finally:
        replicas._replica_reads.reset(token)
        replica.close()
        replica.settings_dict["PORT"] = port
    assert replicas.replica_lag(alias=ALIAS) is not None  # back again


@replica_db
def test_writes_transactions_commands_and_migrations_use_the_primary(world: World) -> None:
    assert Unit.objects.all().db == DEFAULT_DB_ALIAS  # outside a request: a command, a worker
    token = replicas._replica_reads.set(True)  # as during a safe request
    try:
        assert Unit.objects.all().db == ALIAS
        with transaction.atomic():
            assert Unit.objects.all().db == DEFAULT_DB_ALIAS
        assert router.db_for_write(Unit) == DEFAULT_DB_ALIAS
    finally:
        replicas._replica_reads.reset(token)
    assert router.allow_migrate(ALIAS, "registry") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "registry") is True


def test_replica_urls_become_test_mirrored_aliases_with_the_router_and_middleware(
    tmp_path: Path,
) -> None:
    script = (
        "from django.conf import settings as s; import json; print(json.dumps(["
        "s.SENTRA_DATABASE_REPLICAS, s.DATABASES['replica_2']['PORT'],"
        "s.DATABASES['replica_1']['TEST']['MIRROR'], s.DATABASE_ROUTERS, s.MIDDLEWARE[0]]))"
    )
    result = _sentra(
        ["shell", "-c", script],
        {
            "DATABASE_URL": "postgres://sentra@db.example:5432/sentra",
            "DATABASE_REPLICA_URLS": "postgres://sentra@r1:5432/sentra, postgres://sentra@r2:6543/sentra",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        '[["replica_1", "replica_2"], 6543, "default", '
        '["sentra.core.replicas.ReplicaRouter"], "sentra.core.replicas.ReplicaReadsMiddleware"]'
    )


def test_without_replicas_there_is_no_router_and_no_pin_cookie(tmp_path: Path) -> None:
    script = (
        "from django.conf import settings as s; "
        "print(s.DATABASE_ROUTERS, list(s.DATABASES), any('replicas' in m for m in s.MIDDLEWARE))"
    )
    result = _sentra(["shell", "-c", script], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[] ['default'] False"


def test_replicas_beside_sqlite_are_refused_with_a_clear_reason(tmp_path: Path) -> None:
    result = _sentra(["check"], {"DATABASE_REPLICA_URLS": "postgres://r1/sentra"}, tmp_path)
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS memerlukan PostgreSQL di DATABASE_URL" in result.stderr


def test_a_pin_shorter_than_the_allowed_lag_is_refused(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": "postgres://sentra@db.example:5432/sentra",
        "DATABASE_REPLICA_URLS": "postgres://sentra@r1:5432/sentra",
        "SENTRA_REPLICA_MAX_LAG_SECONDS": "30",
        "SENTRA_REPLICA_PIN_SECONDS": "15",
    }
    result = _sentra(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "SENTRA_REPLICA_PIN_SECONDS harus lebih besar dari" in result.stderr


def _sentra(args: list[str], env: dict[str, str], tmp_path: Path) -> Any:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SENTRA_")
        and k not in {"DATABASE_URL", "DATABASE_REPLICA_URLS", "DJANGO_SETTINGS_MODULE"}
    }
    base["SENTRA_DATA_DIR"] = str(tmp_path)
    sentra = str(Path(sys.executable).with_name("sentra"))
    return subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [sentra, *args], env={**base, **env}, capture_output=True, text=True, timeout=120
    )
