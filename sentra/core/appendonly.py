"""Database guards that make audit tables append-only below the ORM: triggers refuse UPDATE
and DELETE (and, on PostgreSQL, TRUNCATE) on every table whose name contains "audit".

Installed by the core migration `0002_audit_chain_and_guards` and again after every
`migrate` (post_migrate), so an audit table added later by another app is guarded too.
Anyone who can run DDL can still drop a trigger; the hash chain (`sentra audit verify`)
shows what was changed after that.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

MESSAGE = "audit tables are append-only"
FUNCTION = "sentra_audit_append_only"


def audit_tables(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(name for name in names if "audit" in name.lower())


def sqlite_create_sql(table: str) -> list[str]:
    return [
        f'CREATE TRIGGER IF NOT EXISTS "{table}_no_{verb.lower()}" BEFORE {verb} ON "{table}" '
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        for verb in ("UPDATE", "DELETE")
    ]


def sqlite_drop_sql(table: str) -> list[str]:
    return [f'DROP TRIGGER IF EXISTS "{table}_no_{verb}"' for verb in ("update", "delete")]


POSTGRES_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE} (%% on %%)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


def postgres_create_sql(table: str) -> list[str]:
    return [
        f'DROP TRIGGER IF EXISTS "{table}_no_change" ON "{table}"',
        f'CREATE TRIGGER "{table}_no_change" BEFORE UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()",
        f'DROP TRIGGER IF EXISTS "{table}_no_truncate" ON "{table}"',
        f'CREATE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" '
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
    ]


def postgres_drop_sql(table: str) -> list[str]:
    return [
        f'DROP TRIGGER IF EXISTS "{table}_no_change" ON "{table}"',
        f'DROP TRIGGER IF EXISTS "{table}_no_truncate" ON "{table}"',
    ]


def guards_install(connection: BaseDatabaseWrapper) -> list[str]:
    """Install the guards on every audit table of this database; returns the tables."""
    tables = audit_tables(connection)
    if connection.vendor not in {"sqlite", "postgresql"}:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION_SQL.replace("%%", "%"))
        for table in tables:
            statements = (
                sqlite_create_sql(table)
                if connection.vendor == "sqlite"
                else postgres_create_sql(table)
            )
            for sql in statements:
                cursor.execute(sql)
    return tables
