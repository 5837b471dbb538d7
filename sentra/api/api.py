"""The versioned JSON API (`/api/v1/`): Django Ninja over the same selectors and services
as the web, with problem-details errors and an OpenAPI 3.1 document."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from sentra.api.auth import TokenAuth
from sentra.api.endpoints import market, owners, programs, reports, siinas, statistics, units
from sentra.api.problems import PROBLEM_TYPE, ApiProblem, django_errors, problem, request_errors

logger = logging.getLogger(__name__)

DESCRIPTION = """Sentra's data for scripts and partner systems. Send a personal token as
`Authorization: Bearer <token>` (create one on your account's "Token API" page or with
`sentra api-token`). Every answer is limited to what the token's user may see on the web.
Lists answer `{"results": [...], "next": <URL or null>}`; follow `next` for the next page.
Reads carry an ETag (send it as If-None-Match to get 304); writes need If-Match with the
ETag you read (412 when someone changed the record meanwhile). Errors are RFC 9457
problem details in Indonesian, or English with `Accept-Language: en`."""


class SentraApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Errors are documented as application/problem+json, the media type they carry."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content")
                    if int(status) >= 400 and content and "application/json" in content:
                        response["content"] = {PROBLEM_TYPE: content["application/json"]}
                    if int(status) == 304:
                        response["description"] = "Not Modified (If-None-Match matched)"
        return schema


api = SentraApi(
    title="Sentra API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs/",
    openapi_url="/openapi.json",
)

for module in (units, owners, reports, programs, statistics, siinas, market):
    api.add_router("", module.router)


@api.exception_handler(ApiProblem)
def _api_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem(
        status=exc.status,
        code=exc.code,
        detail=exc.detail,
        instance=request.path,
        errors=exc.errors,
        headers=exc.headers,
    )


@api.exception_handler(NinjaValidationError)
def _invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return problem(
        status=422,
        code="validation",
        detail=_("Periksa isian yang disebut di errors."),
        instance=request.path,
        errors=request_errors(exc.errors),
    )


@api.exception_handler(DjangoValidationError)
def _invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return problem(
        status=422,
        code="validation",
        detail=_("Periksa isian yang disebut di errors."),
        instance=request.path,
        errors=django_errors(exc),
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(
        status=404,
        code="not_found",
        detail=_("Tidak ditemukan, atau di luar wilayah Anda."),
        instance=request.path,
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(
        status=403,
        code="forbidden",
        detail=_("Anda tidak berwenang melakukan ini."),
        instance=request.path,
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(
        status=401,
        code="token_missing",
        detail=_("Kirim token API di header Authorization: Bearer <token>."),
        instance=request.path,
        headers={"WWW-Authenticate": 'Bearer realm="sentra"'},
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code if 400 <= exc.status_code < 600 else 400
    return problem(
        status=status,
        code="bad_request" if status == 400 else "http_error",
        detail=_("Permintaan tidak dapat diproses: isi atau format tidak sah."),
        instance=request.path,
    )


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path)
    return problem(
        status=500,
        code="server_error",
        detail=_("Terjadi kesalahan di server; sudah dicatat untuk petugas."),
        instance=request.path,
    )


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/: a problem document, not an HTML page."""
    return problem(
        status=404,
        code="not_found",
        detail=_("Alamat API ini tidak ada; lihat /api/v1/docs/."),
        instance=request.path,
    )
