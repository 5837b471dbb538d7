"""Finding units by name, owner name, NIB or unit code, fast at millions of units.

Each engine uses its own index for the names (the same results): trigram GIN indexes
(pg_trgm) on PostgreSQL, an FTS5 trigram table kept in step by triggers on SQLite (migration
`registry.0009`). Every word of the query must appear in the business name or in the owner's
name; a number also finds a NIB containing it and the units whose code carries that number.

When nothing matches exactly, `units_similar` gives the names that come close (a typo:
"bambu pasri ona"), best first: pg_trgm's word similarity on PostgreSQL, the same trigram
measure over FTS5's candidates on SQLite.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Right
from django.db.models.lookups import Exact

from sentra.registry.models import Person, Unit
from sentra.registry.names import business_match_name

SIMILAR_LIMIT = 200  # names shown when nothing matches exactly
SIMILARITY = 0.5  # least word similarity of a near match (pg_trgm's measure)
_CODE_NUMBER = re.compile(r"[0-9]{1,7}")
NIB_LENGTH = 13


def _tables() -> tuple[str, str]:
    q = connection.ops.quote_name
    return q(Unit._meta.db_table), q(Person._meta.db_table)


def search_words(text: str) -> list[str]:
    """The words a query is matched by: lower-case ASCII, legal forms ("CV", "UD") dropped."""
    return business_match_name(text).split() or text.lower().split()


def _word_postgres(word: str) -> Q:
    units, persons = _tables()
    like = f"%{word}%"  # words are [0-9a-z] only: no LIKE wildcard to escape
    # One id set per word, each branch on its own trigram index (an OR across the owner join
    # would scan every unit). The set is computed once (ARRAY(…), an init plan) and the
    # units then fetched by primary key: the planner underestimates a short word's matches
    # badly and would otherwise scan every unit against the set.
    sql = (
        f"SELECT unnest(ARRAY(SELECT id FROM {units} "  # noqa: S608 - model tables
        f"WHERE match_name LIKE %s "
        f"UNION ALL SELECT u.id FROM {units} u JOIN {persons} p ON p.id = u.owner_id "
        f"WHERE p.name ILIKE %s))"
    )
    return Q(pk__in=RawSQL(sql, [like, like]))  # noqa: S611 - the words are parameters


def _words_sqlite(words: list[str]) -> Q:
    # The trigram tokenizer finds substrings of three characters or more; shorter words are
    # matched directly (one regency's few thousand units).
    long_words = [w for w in words if len(w) >= 3]
    q = Q()
    if long_words:
        expression = " AND ".join(f'"{w}"' for w in long_words)
        q &= Q(
            pk__in=RawSQL(
                "SELECT rowid FROM registry_unit_fts WHERE registry_unit_fts MATCH %s",
                [expression],
            )
        )
    for word in words:
        if len(word) < 3:
            q &= Q(match_name__contains=word) | Q(owner__name__icontains=word)
    return q


def text_filter(text: str, *, code: str | None = None) -> Q:
    """Units whose names hold every word of `text`; a number finds the NIB holding it (a
    whole NIB exactly) and the unit code carrying it; a unit code (`code`, already read from
    the text) finds its unit."""
    if code is not None:
        return Q(code=code)
    digits = text.replace(" ", "")
    if digits.isdigit():
        # A number is a NIB or part of one, or a unit code's number: index lookups only
        # (an OR with the name search would walk every unit). A whole NIB is one B-tree probe.
        if len(digits) == NIB_LENGTH:
            return Q(nib=digits)
        by_number = Q(nib__contains=digits)
        if _CODE_NUMBER.fullmatch(digits):
            by_number |= Q(Exact(Right("code", 7), f"{int(digits):07d}"))
        return by_number
    words = search_words(text)
    if connection.vendor == "postgresql":
        by_name = Q()
        for word in words:
            by_name &= _word_postgres(word)
    else:
        by_name = _words_sqlite(words)
    return by_name


def _trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams of a text: each word padded with two spaces before, one after."""
    out: set[str] = set()
    for word in re.findall(r"[0-9a-z]+", text.lower()):
        padded = f"  {word} "
        out |= {padded[i : i + 3] for i in range(len(padded) - 2)}
    return out


def similarity(query: str, text: str) -> float:
    """The share of the query's trigrams found in `text` (close to pg_trgm's word
    similarity, which SQLite does not have)."""
    wanted = _trigrams(query)
    return len(wanted & _trigrams(text)) / len(wanted) if wanted else 0.0


def units_similar(text: str) -> list[int]:
    """Ids of up to SIMILAR_LIMIT units whose business or owner name comes close to `text`,
    most similar first; none when the text is too short to compare."""
    query = " ".join(search_words(text))
    if len(query.replace(" ", "")) < 3:
        return []
    units, persons = _tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(SIMILARITY)],
            )
            cursor.execute(
                f"SELECT id FROM ("  # noqa: S608 - model tables
                f"SELECT id, word_similarity(%s, match_name) AS s FROM {units} "
                f"WHERE %s <%% match_name "
                f"UNION ALL SELECT u.id, word_similarity(%s, p.name) FROM {units} u "
                f"JOIN {persons} p ON p.id = u.owner_id WHERE %s <%% p.name"
                f") found GROUP BY id ORDER BY max(s) DESC, id LIMIT %s",
                [query, query, query, query, SIMILAR_LIMIT],
            )
            return [row[0] for row in cursor.fetchall()]
        # FTS5 stores the names as typed: only trigrams inside a word can be looked up.
        grams = sorted(g for g in _trigrams(query) if " " not in g)
        if not grams:
            return []
        expression = " OR ".join(f'"{g}"' for g in grams)
        cursor.execute(
            "SELECT rowid, business, owner FROM registry_unit_fts "
            "WHERE registry_unit_fts MATCH %s ORDER BY rank LIMIT %s",
            [expression, SIMILAR_LIMIT * 10],
        )
        scored = [
            (max(similarity(query, business or ""), similarity(query, owner or "")), rowid)
            for rowid, business, owner in cursor.fetchall()
        ]
    best = sorted(((-s, pk) for s, pk in scored if s >= SIMILARITY))
    return [pk for _s, pk in best[:SIMILAR_LIMIT]]
