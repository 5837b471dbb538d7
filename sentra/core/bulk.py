"""Fast batched INSERT and UPDATE for the bulk writers (imports, the demo, scale loads).

`Model.objects.bulk_create` converts every field of every row through Django's field
machinery and builds one statement per batch; for 16,000 units with their owners, reports and
audit rows that took most of an import's ten seconds. Here the caller hands plain rows, only
the field types the database driver cannot take as they are (dates, times, JSON, decimals) are
converted, primary keys are reserved up front, and rows go through `executemany`. Call these
inside the caller's transaction: on SQLite it holds the write lock, so reserved ids are safe.
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
BATCH = 2000
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


def rows_insert(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT rows whose values are in the order of `names` (field names; include the pk).
    Columns not named get their field's default (fields added later need no change here)."""
    if not rows:
        return
    defaults = _defaults(model, names)
    if defaults:
        names = [*names, *defaults]
        tail = tuple(defaults.values())
        rows = [(*row, *tail) for row in rows]
    fields = _columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from models
    prepared = _prepare(fields, rows)
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), BATCH):
            cursor.executemany(sql, prepared[start : start + BATCH])


def rows_update(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """UPDATE by primary key: each row is (pk, *values in the order of `names`)."""
    if not rows:
        return
    fields = _columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(_pk_column(model))
    sets = ", ".join(f"{connection.ops.quote_name(str(f.column))} = %s" for f in fields)
    sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"  # noqa: S608 - names from models
    values = _prepare(fields, [row[1:] for row in rows])
    params = [(*v, row[0]) for v, row in zip(values, rows, strict=True)]
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])
