"""The audit log below the ORM: database triggers refuse UPDATE and DELETE on every audit
table, every row joins a hash chain that `sentra audit verify` checks, bulk appends are
chained too, and personal data reaches the log only masked."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from sentra.core.actors import SystemActor
from sentra.core.appendonly import audit_tables
from sentra.core.audit import AuditEntry, audit_bulk, audit_record, audit_verify
from sentra.core.models import AuditLog

SYSTEM = SystemActor("test")
TABLE = AuditLog._meta.db_table


def _rows(n: int) -> list[AuditLog]:
    return [
        audit_record(actor=SYSTEM, action="test.act", object_type="test", summary=f"row {i}")
        for i in range(n)
    ]


def _raw(sql: str, params: list[Any] | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


@pytest.mark.django_db
class TestDatabaseGuards:
    def test_every_table_named_audit_is_guarded(self) -> None:
        assert TABLE in audit_tables(connection)

    def test_raw_sql_cannot_update_an_audit_row(self) -> None:
        (row,) = _rows(1)
        with pytest.raises(DatabaseError, match="append-only"):
            _raw(f"UPDATE {TABLE} SET summary = 'rewritten' WHERE id = %s", [row.pk])  # noqa: S608
        assert AuditLog.objects.get(pk=row.pk).summary == "row 0"

    def test_raw_sql_cannot_delete_an_audit_row(self) -> None:
        (row,) = _rows(1)
        with pytest.raises(DatabaseError, match="append-only"):
            _raw(f"DELETE FROM {TABLE} WHERE id = %s", [row.pk])  # noqa: S608
        assert AuditLog.objects.filter(pk=row.pk).exists()

    def test_the_base_manager_and_raw_delete_are_refused_by_the_database(self) -> None:
        (row,) = _rows(1)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditLog._base_manager.filter(pk=row.pk).update(summary="x")
        queryset = AuditLog._base_manager.filter(pk=row.pk)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            queryset._raw_delete(queryset.db)
        assert AuditLog.objects.get(pk=row.pk).summary == "row 0"

    def test_a_new_audit_table_gets_the_guards_on_the_next_migrate(self) -> None:
        from sentra.core.appendonly import guards_install

        _raw("CREATE TABLE market_audittrail (id integer PRIMARY KEY, note varchar(10))")
        try:
            assert "market_audittrail" in guards_install(connection)
            _raw("INSERT INTO market_audittrail (id, note) VALUES (1, 'a')")
            with pytest.raises(DatabaseError, match="append-only"):
                _raw("UPDATE market_audittrail SET note = 'b'")
        finally:
            _raw("DROP TABLE market_audittrail")


@pytest.mark.django_db
class TestHashChain:
    def test_each_row_carries_the_hash_of_the_row_before_it(self) -> None:
        rows = _rows(3)
        stored = list(AuditLog.objects.order_by("pk").values_list("prev_hash", "row_hash"))
        assert stored[0][0] == "0" * 64
        assert stored[1][0] == stored[0][1] and stored[2][0] == stored[1][1]
        assert rows[2].row_hash == stored[2][1]
        assert audit_verify().ok and audit_verify().rows == 3

    def _tamper(self, sql: str, params: list[Any]) -> None:
        """What someone with database access could do after dropping the guards."""
        from sentra.core.appendonly import guards_install, postgres_drop_sql, sqlite_drop_sql

        drop = sqlite_drop_sql if connection.vendor == "sqlite" else postgres_drop_sql
        for statement in drop(TABLE):
            _raw(statement)
        _raw(sql, params)
        guards_install(connection)

    def test_verify_names_the_first_row_changed_behind_the_guards(self) -> None:
        rows = _rows(4)
        self._tamper(f"UPDATE {TABLE} SET summary = 'x' WHERE id = %s", [rows[1].pk])  # noqa: S608
        report = audit_verify()
        assert (report.ok, report.broken_id, report.reason) == (False, rows[1].pk, "hash")

    def test_verify_names_the_row_after_a_removed_one(self) -> None:
        rows = _rows(4)
        self._tamper(f"DELETE FROM {TABLE} WHERE id = %s", [rows[2].pk])  # noqa: S608
        report = audit_verify()
        assert (report.broken_id, report.reason) == (rows[3].pk, "prev")

    def test_the_command_reports_the_first_broken_link_and_exits_non_zero(
        self, capsys: Any
    ) -> None:
        rows = _rows(2)
        call_command("audit", "verify")
        assert "2 baris" in capsys.readouterr().out
        self._tamper(f"UPDATE {TABLE} SET action = 'y' WHERE id = %s", [rows[0].pk])  # noqa: S608
        with pytest.raises(SystemExit) as exit_:
            call_command("audit", "verify")
        assert exit_.value.code == 1
        assert f"id {rows[0].pk}" in capsys.readouterr().err


@pytest.mark.django_db
class TestBulk:
    def test_audit_bulk_chains_and_masks_every_row(self, alice_admin: Any) -> None:
        _rows(1)
        count = audit_bulk(
            [
                AuditEntry(
                    alice_admin,
                    "person.register",
                    "registry.person",
                    7,
                    after={"name": "Uju Aang", "nik": "3602140101800001"},
                ),
                (SYSTEM, "unit.update", "registry.unit", "8", "import 1", {"rt": "1"}, {}),
            ]
        )
        assert count == 2
        first = AuditLog.objects.get(action="person.register", object_id="7")
        second = AuditLog.objects.get(action="unit.update")
        assert first.after == {"name": "U•• A•••", "nik": "3602••••••••0001"}
        assert (first.actor_id, first.actor_label) == (alice_admin.pk, "alice")
        assert (second.actor_label, second.summary) == ("test", "import 1")
        assert second.before == {"rt": "1"}
        assert audit_verify().ok

    def test_the_query_set_bulk_create_goes_through_the_chain(self) -> None:
        AuditLog.objects.bulk_create(
            [AuditLog(actor_label="x", action="a", object_type="t") for _ in range(3)]
        )
        assert AuditLog.objects.exclude(row_hash="").count() == 3
        assert audit_verify().ok


@pytest.mark.django_db
def test_an_owners_name_and_a_client_address_reach_the_log_masked() -> None:
    row = audit_record(
        actor=SYSTEM,
        action="person.update",
        object_type="registry.person",
        before={"name": "Siti Aminah", "client": "203.0.113.9", "email": "siti@example.id"},
    )
    row.refresh_from_db()
    assert row.before == {"name": "S••• A•••••", "client": "••••••••", "email": "s•••@•••"}
    assert "Siti" not in json.dumps([row.before, row.after, row.summary])


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain() -> None:
    """Four threads with their own connections append at once; the chain stays one line."""
    barrier = threading.Barrier(4)
    errors: list[str] = []

    def write(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            for i in range(20):
                audit_bulk([(SystemActor(f"w{n}"), "t.a", "t", str(i))] * 5)
        except Exception as exc:  # reported in the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    report = audit_verify()
    assert (report.ok, report.rows) == (True, 4 * 20 * 5)
