"""Responses of the API: JSON with ETag / If-None-Match, If-Match versions for writes and
cursor pagination (keyset on id, opaque signed cursor)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from sentra.api.problems import ApiProblem, validation_problem

M = TypeVar("M", bound=Model)

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
CURSOR_SALT = "sentra.api.cursor"
IF_MATCH_PATTERN = r'^"v[0-9]{1,10}-[0-9a-f]{16}"$'  # the ETag of a writable record
_VERSION_TAG = re.compile(r'^"v([0-9]{1,10})-[0-9a-f]{16}"$')
# The ETag of a record without a version number (catalog products, inquiries): the hash of
# its JSON answer.
STATE_TAG_PATTERN = r'^"[0-9a-f]{32}"$'
_STATE_TAG = re.compile(STATE_TAG_PATTERN)


def render(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).encode("utf-8")


def etag_for(body: bytes, version: int | None = None) -> str:
    digest = hashlib.sha256(body).hexdigest()
    if version is not None:
        return f'"v{version}-{digest[:16]}"'
    return f'"{digest[:32]}"'


def _tags(header: str) -> list[str]:
    return [t.strip() for t in header.split(",") if t.strip()]


def json_response(
    request: HttpRequest,
    data: Any,
    *,
    version: int | None = None,
    status: int = 200,
    private_data: bool = False,
) -> HttpResponse:
    """`data` as JSON with a strong ETag (the version of a writable record is part of it, so
    a client sends it back as If-Match). A matching If-None-Match on a read answers 304."""
    body = render(data)
    tag = etag_for(body, version)
    headers = {"ETag": tag}
    if request.method in ("GET", "HEAD") and not private_data:
        wanted = [t.removeprefix("W/") for t in _tags(request.headers.get("If-None-Match", ""))]
        if tag in wanted or "*" in wanted:
            response = HttpResponse(status=304)
            response["ETag"] = tag
            response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ("Authorization", "Accept-Language"))
            return response
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    for name, value in headers.items():
        response[name] = value
    # Answers depend on the token's scope: never shared caches. Clear personal data is
    # never stored at all.
    response["Cache-Control"] = "no-store" if private_data else "private, no-cache"
    patch_vary_headers(response, ("Authorization", "Accept-Language"))
    return response


def expected_version(request: HttpRequest) -> int:
    """The record version named by If-Match. Without one (or with `*`, or a value that is
    not an ETag of ours) the write answers 428: a script must send the ETag it read."""
    for tag in _tags(request.headers.get("If-Match", "")):
        match = _VERSION_TAG.match(tag)
        if match:
            return int(match.group(1))
    raise ApiProblem(
        status=428,
        code="if_match_required",
        detail=_(
            "Kirim header If-Match dengan ETag yang Anda baca, agar perubahan orang lain "
            "tidak tertimpa."
        ),
    )


def require_current_tag(request: HttpRequest, current: str) -> None:
    """Optimistic locking for records without a version number: If-Match must name the ETag
    the record has now (RFC 9110's strong comparison). Call it with the row locked, so that
    nobody writes between the comparison and the change. Without a usable If-Match (missing,
    `*`, or not one of our tags) the write answers 428; with another tag, 412."""
    tags = [t for t in _tags(request.headers.get("If-Match", "")) if _STATE_TAG.match(t)]
    if not tags:
        raise ApiProblem(
            status=428,
            code="if_match_required",
            detail=_(
                "Kirim header If-Match dengan ETag yang Anda baca, agar perubahan orang lain "
                "tidak tertimpa."
            ),
        )
    if current not in tags:
        raise ApiProblem(
            status=412,
            code="version_conflict",
            detail=_(
                "Data ini sudah berubah sejak Anda membacanya; baca lagi, lalu kirim ulang "
                "dengan ETag yang baru."
            ),
            headers={"ETag": current},
        )


def only_params(request: HttpRequest, *schemas: Any) -> None:
    """Refuse query parameters the operation does not know: a misspelt filter must not
    silently widen a list (as on the web, where an invalid filter empties it)."""
    allowed: set[str] = set()
    for schema in schemas:
        allowed |= set(schema.model_fields)
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise validation_problem(
            [
                {
                    "field": f"query.{name[:40]}",
                    "code": "unknown",
                    "message": _("Parameter ini tidak dikenal."),
                }
                for name in unknown[:20]
            ]
        )


def _cursor_after(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        value = signing.Signer(salt=CURSOR_SALT).unsign_object(cursor)
        after = int(value["after"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ApiProblem(
            status=400,
            code="cursor_invalid",
            detail=_("Kursor halaman tidak sah; pakai tautan next dari jawaban sebelumnya."),
            errors=[{"field": "query.cursor", "code": "invalid", "message": _("Tidak sah.")}],
        ) from None
    return after


def cursor_page(
    request: HttpRequest,
    queryset: QuerySet[M],
    *,
    limit: int,
    cursor: str | None,
    serialize: Callable[[Iterable[M]], list[dict[str, Any]]],
) -> dict[str, Any]:
    """{"results": [...], "next": absolute URL or None}: keyset pagination on the id, so that
    rows written meanwhile neither repeat nor vanish between pages."""
    after = _cursor_after(cursor)
    rows = queryset.order_by("pk")
    if after is not None:
        rows = rows.filter(pk__gt=after)
    items = list(rows[: limit + 1])
    page = items[:limit]
    next_url = None
    if len(items) > limit:
        params = request.GET.copy()
        params["cursor"] = signing.Signer(salt=CURSOR_SALT).sign_object({"after": page[-1].pk})
        query = urlencode(sorted(params.lists()), doseq=True)
        next_url = request.build_absolute_uri(request.path) + "?" + query
    return {"results": serialize(page), "next": next_url}
