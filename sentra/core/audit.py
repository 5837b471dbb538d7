"""Writing audit rows: `audit_record` for one (every service calls it inside its own
transaction), `audit_bulk` for many (bulk writers). Every row is masked and joins a hash chain.

The chain: each row stores the hash of the row before it (`prev_hash`) and its own
(`row_hash` = SHA-256 over the previous hash and the row's fields), so a row changed, removed
or slipped in afterwards breaks the chain at that point; `sentra audit verify` names it.
Appends are serialised (an advisory lock on PostgreSQL; SQLite's IMMEDIATE transactions
already admit one writer), so concurrent writers cannot fork the chain.

Personal data reaches the log only masked (NIK, phone, names of owners, e-mail, client
addresses), so erasure and retention never need to touch it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from hashlib import sha256
from typing import Any, NamedTuple

from django.db import connection, models, transaction
from django.utils import timezone

from sentra.core.actors import Actor, actor_label, actor_user_id
from sentra.core.models import AuditLog

GENESIS = "0" * 64
# Any 64-bit constant: the advisory lock that serialises appends on PostgreSQL.
CHAIN_LOCK = 0x53454E545241  # "SENTRA"

# Fields whose values never reach the audit log in clear text, whatever the object.
PERSONAL_FIELDS = frozenset(
    {
        "nik",
        "nik_encrypted",
        "nik_digest",
        "phone",
        "phone_encrypted",
        "password",
        "email",
        "first_name",
        "last_name",
        "owner_name",
        "ip",
        "client",
    }
)
# Fields that are personal data only on some objects (a person's name; not a program's).
PERSONAL_FIELDS_BY_TYPE: dict[str, frozenset[str]] = {
    "registry.person": PERSONAL_FIELDS | {"name"},
}
NAME_FIELDS = frozenset({"name", "first_name", "last_name", "owner_name"})
MASK = "•"


_SIMPLE = frozenset({str, int, bool, float, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _SIMPLE:
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _mask_name(text: str) -> str:
    """Initials only: "Uju Aang" → "U•• A•••" (idempotent)."""
    return " ".join(word[:1] + MASK * (len(word) - 1) for word in text.split())


def mask_value(field: str, value: Any) -> Any:
    """The value as the audit log may hold it: personal fields masked."""
    if field not in PERSONAL_FIELDS:
        return _plain(value)
    return _mask(field, value)


def _mask(field: str, value: Any) -> Any:
    if value in (None, ""):
        return _plain(value)
    text = str(value)
    if field == "nik" and len(text) == 16:
        return f"{text[:4]}{MASK * 8}{text[-4:]}"
    if field in NAME_FIELDS:
        return _mask_name(text)
    if field == "email" and "@" in text:
        return text[:1] + MASK * 3 + "@" + MASK * 3
    return MASK * min(len(text), 8)


def _mask_mapping(object_type: str, values: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Personal fields masked; other values as they are (the encoder makes them JSON)."""
    if not values:
        return {}
    personal = PERSONAL_FIELDS_BY_TYPE.get(object_type, PERSONAL_FIELDS)
    if personal.isdisjoint(values):
        return values
    return {k: _mask(k, v) if k in personal else v for k, v in values.items()}


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of an instance as JSON-safe values, personal fields masked."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = mask_value(name, getattr(instance, attname))
    return out


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


# --- the hash chain -------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    plain = _plain(value)
    return str(plain) if plain is value else plain


_ENCODER = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_default
)
# The C encoder behind `_ENCODER`, built once: `JSONEncoder.encode` rebuilds it on every call,
# which is most of the cost of chaining 32,000 rows.
_C_ENCODER = (
    json.encoder.c_make_encoder(  # type: ignore[attr-defined]
        None, _json_default, json.encoder.encode_basestring, None, ":", ",", True, False, True
    )
    if json.encoder.c_make_encoder is not None  # type: ignore[attr-defined]
    else None
)


def canonical_json(value: Any) -> str:
    """The one JSON text of a value that the chain hashes (and that is stored)."""
    if _C_ENCODER is not None and type(value) is dict:
        return "".join(_C_ENCODER(value, 0))
    return _ENCODER.encode(value)


def stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_digest(prev: str, fields: Iterable[str]) -> str:
    """SHA-256 over the previous hash and the fields separated by NUL, which no field holds
    (text fields are stripped of it on the way in; JSON escapes it)."""
    return sha256("\0".join((prev, *fields)).encode("utf-8")).hexdigest()


def _text(value: str, size: int) -> str:
    return value[:size].replace("\0", "") if "\0" in value else value[:size]


def _fields(
    at_text: str,
    actor_id: int | None,
    label: str,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    before_text: str,
    after_text: str,
) -> tuple[str, ...]:
    return (
        at_text,
        "" if actor_id is None else str(actor_id),
        label,
        action,
        object_type,
        object_id,
        summary,
        before_text,
        after_text,
    )


class AuditEntry(NamedTuple):
    """One row for `audit_bulk` (a plain tuple in this order works too)."""

    actor: Actor | None
    action: str
    object_type: str
    object_id: str | int = ""
    summary: str = ""
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


_COLUMNS = (
    "at, actor_id, actor_label, action, object_type, object_id, summary, before, after, "
    "prev_hash, row_hash"
)


def _insert_sql() -> str:
    table = connection.ops.quote_name(AuditLog._meta.db_table)
    json_cast = "::jsonb" if connection.vendor == "postgresql" else ""
    columns = ", ".join(connection.ops.quote_name(c.strip()) for c in _COLUMNS.split(","))
    values = f"%s, %s, %s, %s, %s, %s, %s, %s{json_cast}, %s{json_cast}, %s, %s"
    # Table and column names come from the model, values are parameters.
    return f"INSERT INTO {table} ({columns}) VALUES ({values})"  # noqa: S608


def _chain_tip(cursor: Any) -> str:
    """Lock the chain for this transaction and return the hash of its last row."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
    table = connection.ops.quote_name(AuditLog._meta.db_table)
    cursor.execute(f"SELECT row_hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608
    row = cursor.fetchone()
    return str(row[0]) if row and row[0] else GENESIS


# A row before it is chained: actor id, label, action, object type, object id, summary,
# before, after (masked, cut to the column sizes).
_Row = tuple[int | None, str, str, str, str, str, Mapping[str, Any], Mapping[str, Any]]


def _row(
    actor_id: int | None,
    label: str,
    action: str,
    object_type: str,
    object_id: Any,
    summary: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> _Row:
    return (
        actor_id,
        _text(label or "", 150),
        _text(action, 64),
        _text(object_type, 64),
        _text(str(object_id if object_id is not None else ""), 64),
        _text(summary or "", 255),
        _mask_mapping(object_type, before),
        _mask_mapping(object_type, after),
    )


def _append(rows: list[_Row], *, returning: bool) -> tuple[datetime, list[tuple[str, str]], int]:
    """Chain and insert the rows in one statement batch. Returns the time stamped on them,
    the (prev_hash, row_hash) of each and, with `returning`, the id of a single row."""
    at = timezone.now()
    at_text = stamp(at)
    at_db = connection.ops.adapt_datetimefield_value(at)
    sql = _insert_sql()
    encode = canonical_json
    hashes: list[tuple[str, str]] = []
    new_id = 0
    with transaction.atomic(), connection.cursor() as cursor:
        prev = _chain_tip(cursor)
        params = []
        for actor_id, label, action, otype, oid, summary, before, after in rows:
            before_text = encode(before) if before else "{}"
            after_text = encode(after) if after else "{}"
            actor_text = "" if actor_id is None else str(actor_id)
            payload = "\0".join(
                (prev, at_text, actor_text, label, action, otype, oid, summary, before_text,
                 after_text)
            )  # fmt: skip
            digest = sha256(payload.encode("utf-8")).hexdigest()
            params.append(
                (at_db, actor_id, label, action, otype, oid, summary, before_text, after_text,
                 prev, digest)
            )  # fmt: skip
            hashes.append((prev, digest))
            prev = digest
        if returning and len(params) == 1:
            if connection.vendor == "postgresql":
                cursor.execute(sql + " RETURNING id", params[0])
                new_id = int(cursor.fetchone()[0])
            else:
                cursor.execute(sql, params[0])
                new_id = int(cursor.lastrowid)
        elif params:
            cursor.executemany(sql, params)
    return at, hashes, new_id


def audit_bulk(entries: Iterable[AuditEntry | tuple[Any, ...]]) -> int:
    """Write many audit rows at once (masked, chained, one executemany). Each entry is
    (actor, action, object_type, object_id, summary, before, after). Returns the count."""
    rows = []
    labels: dict[int, tuple[int | None, str]] = {}
    for entry in entries:
        e = entry if isinstance(entry, AuditEntry) else AuditEntry(*entry)
        key = id(e.actor)
        if key not in labels:
            labels[key] = (actor_user_id(e.actor), actor_label(e.actor))
        actor_id, label = labels[key]
        rows.append(
            _row(
                actor_id,
                label,
                e.action,
                e.object_type,
                e.object_id,
                e.summary,
                e.before,
                e.after,
            )
        )
    if rows:
        _append(rows, returning=False)
    return len(rows)


def audit_rows_append(instances: list[AuditLog]) -> None:
    """Insert unsaved AuditLog instances through the chain (used by `AuditLog.save` and
    `AuditLog.objects.bulk_create`, so no insert bypasses it)."""
    rows = [
        _row(
            i.actor_id,
            i.actor_label,
            i.action,
            i.object_type,
            i.object_id,
            i.summary,
            i.before,
            i.after,
        )
        for i in instances
    ]
    if not rows:
        return
    at, hashes, new_id = _append(rows, returning=len(rows) == 1)
    for instance, row, (prev, digest) in zip(instances, rows, hashes, strict=True):
        instance.at = at
        instance.actor_label, instance.object_id, instance.summary = row[1], row[4], row[5]
        instance.before, instance.after = row[6], row[7]
        instance.prev_hash, instance.row_hash = prev, digest
    if new_id:
        instances[0].pk = new_id
        instances[0]._state.adding = False
        instances[0]._state.db = connection.alias


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditLog:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    row = AuditLog(
        actor_id=actor_user_id(actor),
        actor_label=actor_label(actor) if actor is not None else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary,
        before=dict(before or {}),
        after=dict(after or {}),
    )
    audit_rows_append([row])
    return row


# --- verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    rows: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def _stored_rows(batch: int = 2000) -> Iterator[tuple[Any, ...]]:
    fields = (
        "id",
        "at",
        "actor_id",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "summary",
        "before",
        "after",
        "prev_hash",
        "row_hash",
    )
    last = 0
    while True:
        chunk = list(
            AuditLog.objects.filter(pk__gt=last).order_by("pk").values_list(*fields)[:batch]
        )
        if not chunk:
            return
        yield from chunk
        last = chunk[-1][0]


def audit_verify() -> ChainReport:
    """Recompute the chain from the first row; the first row that does not fit is named."""
    prev = GENESIS
    count = 0
    for pk, at, actor_id, label, action, otype, oid, summary, before, after, p, h in _stored_rows():
        count += 1
        if p != prev:
            return ChainReport(count, pk, "prev")
        digest = row_digest(
            prev,
            _fields(
                stamp(at),
                actor_id,
                label,
                action,
                otype,
                oid,
                summary,
                canonical_json(before),
                canonical_json(after),
            ),
        )
        if digest != h:
            return ChainReport(count, pk, "hash")
        prev = h
    return ChainReport(count)
