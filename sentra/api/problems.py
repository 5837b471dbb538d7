"""Errors as RFC 9457 problem details (`application/problem+json`) in the interface language.

Every error the API answers goes through `problem()`: a `type` URN naming the kind of
problem (documented in docs/api.md), the HTTP `title`, a `detail` sentence for people and, for
invalid input, `errors` naming each field and why.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

PROBLEM_TYPE = "application/problem+json"


@dataclass
class ApiProblem(Exception):
    """Raised anywhere in an endpoint; the API answers it as a problem document."""

    status: int
    code: str
    detail: str
    errors: list[dict[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.detail}"


def validation_problem(errors: list[dict[str, str]]) -> ApiProblem:
    """The 422 every endpoint answers for invalid input, naming each field in `errors`."""
    return ApiProblem(
        status=422,
        code="validation",
        detail=_("Periksa isian yang disebut di errors."),
        errors=errors,
    )


def titles() -> dict[int, str]:
    return {
        400: _("Permintaan tidak sah"),
        401: _("Perlu autentikasi"),
        403: _("Tidak diizinkan"),
        404: _("Tidak ditemukan"),
        405: _("Metode tidak diizinkan"),
        412: _("Versi sudah berubah"),
        422: _("Data tidak valid"),
        428: _("Perlu If-Match"),
        429: _("Terlalu banyak permintaan"),
        500: _("Kesalahan server"),
    }


def problem(
    *,
    status: int,
    code: str,
    detail: str,
    instance: str = "",
    errors: Sequence[Mapping[str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    title = titles().get(status) or HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": f"urn:sentra:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = [dict(e) for e in errors]
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_TYPE}; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def django_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    """A Django ValidationError as [{"field", "code", "message"}] (messages translated)."""
    out: list[dict[str, str]] = []
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                message = error.message % error.params if error.params else error.message
                out.append(
                    {"field": name, "code": error.code or "invalid", "message": str(message)}
                )
    else:
        for error in exc.error_list:
            message = error.message % error.params if error.params else error.message
            out.append({"field": "", "code": error.code or "invalid", "message": str(message)})
    return out


def _pydantic_message(error: Mapping[str, Any]) -> str:
    """Pydantic's English messages, said in the interface language."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("Wajib diisi."),
        "int_parsing": _("Harus bilangan bulat."),
        "int_type": _("Harus bilangan bulat."),
        "int_from_float": _("Harus bilangan bulat."),
        "bool_parsing": _("Harus true atau false."),
        "bool_type": _("Harus true atau false."),
        "string_type": _("Harus teks."),
        "date_parsing": _("Harus tanggal dengan format YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Harus tanggal dengan format YYYY-MM-DD."),
        "date_type": _("Harus tanggal dengan format YYYY-MM-DD."),
        "list_type": _("Harus daftar."),
        "dict_type": _("Harus objek JSON."),
        "model_type": _("Harus objek JSON."),
        "model_attributes_type": _("Harus objek JSON."),
        "json_invalid": _("Isi permintaan bukan JSON yang sah."),
        "extra_forbidden": _("Kolom ini tidak dikenal."),
        "enum": _("Nilai tidak dikenal."),
        "literal_error": _("Nilai tidak dikenal."),
        "int_too_big": _("Angka terlalu besar."),
        "string_pattern_mismatch": _("Format tidak sesuai."),
    }
    if kind in messages:
        return messages[kind]
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Harus paling kecil %(limit)s.") % {
            "limit": ctx.get("ge", ctx.get("gt", "")),
        }
    if kind in {"less_than_equal", "less_than"}:
        return _("Harus paling besar %(limit)s.") % {
            "limit": ctx.get("le", ctx.get("lt", "")),
        }
    if kind == "string_too_long":
        return _("Paling banyak %(n)s karakter.") % {"n": ctx.get("max_length", "")}
    if kind == "string_too_short":
        return _("Paling sedikit %(n)s karakter.") % {"n": ctx.get("min_length", "")}
    return _("Nilai tidak sah.")


def request_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Django Ninja's request validation errors as [{"field", "code", "message"}]; the
    field is the parameter or body field (`body.workers_male`, `query.limit`)."""
    out = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if str(part) not in {"payload"}]
        out.append(
            {
                "field": ".".join(loc),
                "code": str(error.get("type", "invalid")),
                "message": _pydantic_message(error),
            }
        )
    return out
