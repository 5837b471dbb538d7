"""Runs the access matrix and checks that it covers every URL pattern."""

from __future__ import annotations

import importlib
import json
import pkgutil
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

import tests.access as package
from tests.access import spec
from tests.access.spec import PERSONAS, Case, World

MODULES = [
    importlib.import_module(f"tests.access.{m.name}")
    for m in pkgutil.iter_modules(package.__path__)
    if m.name.startswith("matrix_")
]
CASES: list[Case] = [case for module in MODULES for case in module.CASES]
# URL names that are not views of ours (static file serving in development, etc.).
NOT_VIEWS = {None}


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str | None]:
    names: set[str | None] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, ns)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else None)
    return names


def test_every_url_pattern_is_in_the_access_matrix() -> None:
    names = _url_names(get_resolver()) - NOT_VIEWS
    covered = {case.name for case in CASES}
    assert sorted(n for n in names if n not in covered) == []


def test_every_case_names_an_existing_url_pattern() -> None:
    names = _url_names(get_resolver())
    assert sorted(case.name for case in CASES if case.name not in names) == []


@pytest.fixture
def world(
    alice_admin: Any,
    ana_analyst: Any,
    rudi_officer_rangkasbitung: Any,
    bayu_officer_bayah: Any,
    omar_owner: Any,
    olga_owner: Any,
    kiki_koperasi: Any,
    putri_partner: Any,
) -> World:
    from tests.access.world import build_world

    users = {
        "admin": alice_admin,
        "analyst": ana_analyst,
        "officer_rangkasbitung": rudi_officer_rangkasbitung,
        "officer_bayah": bayu_officer_bayah,
        "owner_a": omar_owner,
        "owner_b": olga_owner,
        "koperasi": kiki_koperasi,
        "partner": putri_partner,
    }
    w = build_world(users)
    for module in MODULES:
        extend = getattr(module, "extend_world", None)
        if extend is not None:
            extend(w)
    return w


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.name} {c.label}".strip())
def test_access(case: Case, world: World) -> None:
    failures = []
    for persona in PERSONAS:
        client = Client()
        headers: dict[str, str] = {}
        if case.api:
            if persona != "anonymous":
                token = world.extra["api_tokens"][case.token_scope][persona]
                headers["Authorization"] = f"Bearer {token}"
        elif persona != "anonymous":
            client.force_login(world.users[persona])
        before = case.snapshot(world) if case.snapshot else None
        url = case.url(world)
        data = case.data(world) if case.data else {}
        headers.update(case.headers(world) if case.headers else {})
        if case.method == "POST" and case.api:
            response = client.post(
                url, json.dumps(data), content_type="application/json", headers=headers
            )
        elif case.method == "POST":
            response = client.post(url, data, headers=headers)
        elif case.method == "PATCH":
            response = client.patch(
                url, json.dumps(data), content_type="application/json", headers=headers
            )
        elif case.method == "DELETE":
            response = client.delete(url, headers=headers)
        else:
            response = client.get(url, data, headers=headers)
        expected = case.expect[persona]
        if response.status_code != expected:
            failures.append(f"{persona}: {response.status_code} != {expected}")
        if expected >= 300 and expected != 302 and case.snapshot is not None:
            after = case.snapshot(world)
            if after != before:
                failures.append(f"{persona}: refused write changed the database")
        if (
            not case.api
            and persona == "anonymous"
            and expected == spec.LOGIN
            and case.method == "GET"
        ):
            location = response.headers.get("Location", "")
            if not location.startswith("/masuk/"):
                failures.append(f"anonymous: redirected to {location!r}, not the login page")
    assert failures == []
