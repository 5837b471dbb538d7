"""Fast batched INSERT and UPDATE for the bulk writers (imports, the demo, scale loads).

`Model.objects.bulk_create` converts every field of every row through Django's field
machinery and builds one statement per batch; for 16,000 units with their owners, reports and
audit rows that took most of an import's ten seconds. Here the caller hands plain rows, only
the field types the database driver cannot take as they are (dates, times, JSON, decimals) are
converted, primary keys are reserved up front, and rows go through `executemany` — or, on
PostgreSQL from `COPY_FROM` rows on, through `COPY … FROM STDIN` (psycopg's `cursor.copy`),
which streams the rows in one command instead of one statement each. Call these inside the
caller's transaction: on SQLite it holds the write lock, so reserved ids are safe.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models.expressions import RawSQL

_CONVERTED = (
    models.DateTimeField,
    models.DateField,
    models.TimeField,
    models.JSONField,
    models.DecimalField,
    models.UUIDField,
)
# Types psycopg's COPY takes as Python values (aware datetimes, dates, decimals): no
# conversion needed; JSON must still be wrapped.
_COPY_NATIVE = (models.DateTimeField, models.DateField, models.DecimalField, models.UUIDField)
BATCH = 2000
# From this many rows on, PostgreSQL writes go through COPY: below it, the few statements of
# an executemany cost less than setting up a COPY (and, for updates, a temporary table).
COPY_FROM = 1000
T = TypeVar("T")


@contextmanager
def few_collections() -> Iterator[None]:
    """Run a bulk job with the cyclic garbage collector triggered far less often. A 16,000-row
    import allocates millions of small objects that reference counting frees anyway; with the
    default thresholds the collector walked them again and again (a quarter of the import's
    time). It still runs, and the old thresholds come back afterwards."""
    saved = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def chunks(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """Lists of at most `size` items (for IN queries and batched statements)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _columns(model: type[models.Model], names: Sequence[str]) -> list[models.Field[Any, Any]]:
    return [model._meta.get_field(name) for name in names]  # type: ignore[misc]


def _prepare(fields: list[models.Field[Any, Any]], rows: Sequence[Sequence[Any]]) -> list[Any]:
    converters = [
        (index, _converter(field))
        for index, field in enumerate(fields)
        if isinstance(field, _CONVERTED)
    ]
    if not converters:
        return [tuple(row) for row in rows]
    out = []
    for row in rows:
        values = list(row)
        for index, convert in converters:
            if values[index] is not None:
                values[index] = convert(values[index])
        out.append(tuple(values))
    return out


def _converter(field: models.Field[Any, Any]) -> Any:
    """The field's database conversion; for dates and times remembered per value (a batch
    usually shares one time stamp), for JSON straight to the backend's adapter."""
    if isinstance(field, models.JSONField):
        encoder, ops = field.encoder, connection.ops
        if connection.vendor == "sqlite":  # the adapter is json.dumps there
            return lambda value: json.dumps(value, cls=encoder)
        return lambda value: ops.adapt_json_value(value, encoder)
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = converted = field.get_db_prep_save(value, connection)
            return converted
        except TypeError:  # not hashable
            return field.get_db_prep_save(value, connection)

    return convert


def one_of(values: Iterable[Any], *, integers: bool = False) -> RawSQL:
    """A subquery listing `values`, for `field__in=one_of(...)` with thousands of values: one
    parameter (a JSON text on SQLite, an array on PostgreSQL) instead of one per value, which
    costs Django a few microseconds each and SQLite a variable each."""
    items = [int(v) for v in values] if integers else [str(v) for v in values]
    # S611: constant SQL; the values travel as one bound parameter.
    if connection.vendor == "postgresql":
        sql = "SELECT unnest(%s::bigint[])" if integers else "SELECT unnest(%s::text[])"
        return RawSQL(sql, [items])  # noqa: S611
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(items)])


def _pk_column(model: type[models.Model]) -> str:
    pk = model._meta.pk
    assert pk is not None and pk.column is not None
    return pk.column


def ids_reserve(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys for `model`, never used before. Inside a write transaction."""
    if count <= 0:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(_pk_column(model))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, _pk_column(model), count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: after the highest id ever handed out (AUTOINCREMENT remembers deleted ones).
        cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {table}")  # noqa: S608
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table])
        found = cursor.fetchone()
        start = max(highest, found[0] if found else 0) + 1
        ids = list(range(start, start + count))
        # Move the sequence past the reserved block, so that ordinary inserts never reuse it.
        if found:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s",
                [ids[-1], model._meta.db_table],
            )
        else:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                [model._meta.db_table, ids[-1]],
            )
        return ids


def _defaults(model: type[models.Model], names: Sequence[str]) -> dict[str, Any]:
    """Values for the columns a caller left out: each field's default, or NULL. A column with
    neither is a programming error, reported before anything is written."""
    out: dict[str, Any] = {}
    given = set(names)
    for f in model._meta.concrete_fields:
        if f.name in given or f.attname in given or f.primary_key:
            continue
        if f.has_default():
            out[f.name] = f.get_default()
        elif f.null:
            out[f.name] = None
        else:
            raise ValueError(f"{model.__name__}.{f.name} needs a value")
    return out


def _with_defaults(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> tuple[list[str], Iterable[Sequence[Any]]]:
    defaults = _defaults(model, names)
    if not defaults:
        return list(names), rows
    tail = tuple(defaults.values())
    return [*names, *defaults], ((*row, *tail) for row in rows)


def _copy_sql(model: type[models.Model], fields: list[models.Field[Any, Any]]) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    return f"COPY {table} ({columns}) FROM STDIN"


def rows_copy(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """INSERT rows (values in the order of `names`, the pk included) with COPY on PostgreSQL,
    streamed: `rows` may be a generator of any length. On SQLite, batched INSERTs. Columns
    not named get their field's default. Returns the number of rows written."""
    names, rows = _with_defaults(model, names, rows)
    fields = _columns(model, names)
    if connection.vendor != "postgresql":
        count = 0
        for batch in chunks(rows, BATCH * 5):
            _insert(model, fields, batch)
            count += len(batch)
        return count
    converters = [
        (index, _converter(field))
        for index, field in enumerate(fields)
        if isinstance(field, _CONVERTED) and not isinstance(field, _COPY_NATIVE)
    ]
    count = 0
    connection.ensure_connection()
    with connection.cursor() as wrapper:
        raw = wrapper.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        with raw.copy(_copy_sql(model, fields)) as copy:
            for row in rows:
                if converters:
                    values = list(row)
                    for index, convert in converters:
                        if values[index] is not None:
                            values[index] = convert(values[index])
                    copy.write_row(values)
                else:
                    copy.write_row(row)
                count += 1
    return count


def _insert(
    model: type[models.Model], fields: list[models.Field[Any, Any]], rows: Sequence[Sequence[Any]]
) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from models
    prepared = _prepare(fields, rows)
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), BATCH):
            cursor.executemany(sql, prepared[start : start + BATCH])


def rows_insert(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT rows whose values are in the order of `names` (field names; include the pk).
    Columns not named get their field's default (fields added later need no change here).
    Large batches on PostgreSQL go through COPY."""
    if not rows:
        return
    if connection.vendor == "postgresql" and len(rows) >= COPY_FROM:
        rows_copy(model, names, rows)
        return
    all_names, all_rows = _with_defaults(model, names, rows)
    _insert(model, _columns(model, all_names), list(all_rows))


def rows_update(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """UPDATE by primary key: each row is (pk, *values in the order of `names`). Large
    batches on PostgreSQL are copied into a temporary table and applied with one UPDATE."""
    if not rows:
        return
    fields = _columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(_pk_column(model))
    if connection.vendor == "postgresql" and len(rows) >= COPY_FROM:
        _update_by_copy(model, fields, rows)
        return
    sets = ", ".join(f"{connection.ops.quote_name(str(f.column))} = %s" for f in fields)
    sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"  # noqa: S608 - names from models
    values = _prepare(fields, [row[1:] for row in rows])
    params = [(*v, row[0]) for v, row in zip(values, rows, strict=True)]
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])


def _update_by_copy(
    model: type[models.Model], fields: list[models.Field[Any, Any]], rows: Sequence[Sequence[Any]]
) -> None:
    # The staging table is dropped at commit: only inside the writer's transaction.
    assert connection.in_atomic_block, "rows_update needs a transaction"
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(_pk_column(model))
    columns = [str(f.column) for f in fields]
    staging = quote(f"sentra_update_{model._meta.db_table}")
    # A temporary table shaped like the model's (its columns only), gone at commit.
    select = ", ".join(quote(c) for c in [_pk_column(model), *columns])
    sets = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {select} FROM {table} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {staging}")
        pk_field = model._meta.pk
        assert pk_field is not None
        converters = [
            (index + 1, _converter(field))
            for index, field in enumerate(fields)
            if isinstance(field, _CONVERTED) and not isinstance(field, _COPY_NATIVE)
        ]
        with cursor.cursor.copy(f"COPY {staging} ({select}) FROM STDIN") as copy:
            for row in rows:
                values = list(row)
                for index, convert in converters:
                    if values[index] is not None:
                        values[index] = convert(values[index])
                copy.write_row(values)
        cursor.execute(
            f"UPDATE {table} AS t SET {sets} FROM {staging} AS s "  # noqa: S608
            f"WHERE t.{pk} = s.{pk}"
        )
        cursor.execute(f"TRUNCATE {staging}")
