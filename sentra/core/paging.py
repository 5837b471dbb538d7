"""Pages of a long list that stay fast at millions of rows.

Three things make Django's `Paginator` slow on a national registry: it counts every row,
it skips `OFFSET` rows of the full query (joins and per-row subqueries included), and every
page repeats both. Here:

- a page's ids come first from a narrow query (only the columns of the order, which an index
  holds), and only those ids are then read in full;
- the "next" and "previous" links carry the first or last row's key (keyset pagination), so
  walking through the list never skips rows; a typed `?page=N` still works, through the narrow
  query's OFFSET;
- the total is the planner's estimate on PostgreSQL when it is large (shown as "sekitar"),
  counted exactly when it is small and always on SQLite.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet

SALT = "sentra.core.paging"
EXACT_BELOW = 10_000  # estimates under this are replaced by an exact count
END = "end"  # the `before` value of the "last page" link: the list read backwards


@dataclass(frozen=True)
class Counted:
    """The total behind a page: `count` rows (an estimate when `estimated`)."""

    count: int
    per_page: int
    estimated: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))


@dataclass
class Page:
    object_list: list[Any]
    number: int
    paginator: Counted
    more_after: bool
    more_before: bool
    next_cursor: str | None = None
    previous_cursor: str | None = None
    keys: list[Any] = field(default_factory=list)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.more_after

    def has_previous(self) -> bool:
        return self.number > 1 or self.more_before

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return max(1, self.number - 1)

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0


def count_rows(queryset: QuerySet[Any]) -> tuple[int, bool]:
    """(rows, estimated): PostgreSQL's planner estimate when it is at least EXACT_BELOW,
    otherwise (and on SQLite) an exact count."""
    if connection.vendor == "postgresql":
        try:
            sql, params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a query that can match nothing (.none())
            return 0, False
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        estimate = int(plan[0]["Plan"]["Plan Rows"])
        if estimate >= EXACT_BELOW:
            return estimate, True
    return queryset.order_by().count(), False


def _sign(values: Sequence[Any]) -> str:
    return signing.dumps(list(values), salt=SALT, compress=True)


def _unsign(token: str | None) -> list[Any] | None:
    if not token or token == END:
        return None
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, list) else None


def _after(order: Sequence[str], key: Sequence[Any], *, reverse: bool = False) -> Q:
    """Rows after `key` in `order` (plain fields, "-" for descending); before it when
    `reverse`. Written so that the order's index serves it: f1 >= k1 AND (f1 > k1 OR …)."""
    conditions = Q(pk__in=[])
    equal = Q()
    for name, value in zip(order, key, strict=True):
        field = name.lstrip("-")
        forward = not name.startswith("-")
        if reverse:
            forward = not forward
        conditions |= equal & Q(**{f"{field}__{'gt' if forward else 'lt'}": value})
        equal &= Q(**{field: value})
    first = order[0].lstrip("-")
    forward = not order[0].startswith("-")
    if reverse:
        forward = not forward
    return Q(**{f"{first}__{'gte' if forward else 'lte'}": key[0]}) & conditions


def _reversed(order: Sequence[str]) -> list[str]:
    return [name[1:] if name.startswith("-") else f"-{name}" for name in order]


def keyset_page(
    *,
    rows: QuerySet[Any],
    keys: QuerySet[Any],
    order: Sequence[Any],
    number: int,
    per_page: int,
    after: str | None = None,
    before: str | None = None,
    keyset: Sequence[str] | None = None,
) -> Page:
    """A page of `rows` (the full query: joins, annotations) in `order`, whose ids come from
    `keys` (the same filters, narrow). With `keyset` (the order as plain fields ending with
    the id, e.g. ["match_name", "id"]), the `after`/`before` cursors of an earlier page's
    links are followed instead of skipping rows; `before=END` reads the last page."""
    after_key = _unsign(after) if keyset else None
    before_key = _unsign(before) if keyset else None
    if keyset is None or (after_key is not None and len(after_key) != len(keyset)):
        after_key = None
    if keyset is None or (before_key is not None and len(before_key) != len(keyset)):
        before_key = None
    backwards = keyset is not None and (before == END or before_key is not None)
    number = max(1, number)
    if keyset is not None:
        fields = [name.lstrip("-") for name in keyset]
        query = keys.order_by(*(_reversed(keyset) if backwards else keyset))
        if after_key is not None:
            query = query.filter(_after(keyset, after_key))
        elif before_key is not None:
            query = query.filter(_after(keyset, before_key, reverse=True))
        start = 0 if (after_key is not None or backwards) else (number - 1) * per_page
        found = [tuple(r) for r in query.values_list(*fields)[start : start + per_page + 1]]
    else:
        start = (number - 1) * per_page
        found = [
            (pk,)
            for pk in keys.order_by(*order).values_list("pk", flat=True)[
                start : start + per_page + 1
            ]
        ]
    more = len(found) > per_page
    found = found[:per_page]
    if backwards:
        found.reverse()
    total, estimated = count_rows(keys)
    counted = Counted(count=total, per_page=per_page, estimated=estimated)
    if before == END and keyset is not None:
        number = counted.num_pages
    if not found and number > 1 and after_key is None and not backwards:
        # Beyond the end (an old link, an estimate too high): the last page instead.
        exact = Counted(count=keys.order_by().count(), per_page=per_page)
        if exact.num_pages < number:
            return keyset_page(
                rows=rows,
                keys=keys,
                order=order,
                number=exact.num_pages,
                per_page=per_page,
                keyset=keyset,
            )
    ids = [row[-1] for row in found]
    by_id = {obj.pk: obj for obj in rows.filter(pk__in=ids)}
    page = Page(
        object_list=[by_id[pk] for pk in ids if pk in by_id],
        number=number,
        paginator=counted,
        more_after=(before != END) if backwards else more,
        more_before=more if backwards else (number > 1 or after_key is not None),
        keys=found,
    )
    if keyset is not None and found:
        page.next_cursor = _sign(found[-1])
        page.previous_cursor = _sign(found[0])
    return page
