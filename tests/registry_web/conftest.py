"""Fixtures of the registry reading pages' tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.registry_web.data import Registry, build_registry


@pytest.fixture
def registry(reference: None) -> Registry:
    return build_registry()


@pytest.fixture
def client_for(client: Any) -> Any:
    """A test client logged in as the given user."""

    def login(user: Any) -> Any:
        client.force_login(user)
        return client

    return login
