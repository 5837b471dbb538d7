"""Shared fixtures: reference data and personas (an office admin, an analyst, an officer of
Rangkasbitung, an officer of Bayah, two owners, the market's cooperative and partner office,
and an outsider)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from sentra.core.actors import SystemActor

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# No example database or cache in the working tree: tests never write into the checkout.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", tempfile.mkdtemp(prefix="sentra-hypothesis-"))
hypothesis_settings.register_profile("sentra", database=None)
hypothesis_settings.load_profile("sentra")


def _flush_lifts_the_audit_guards() -> None:
    """Transactional tests empty every table between tests (`flush`), which the audit
    tables' triggers rightly refuse. In tests only, flush lifts the guards around its
    statements and puts them back."""
    from django.db.backends.postgresql import base as postgres_base
    from django.db.backends.sqlite3 import base as sqlite_base

    from sentra.core import appendonly

    def wrap(cls: Any, drop: Any, create: Any) -> None:
        original = cls.sql_flush

        def sql_flush(self: Any, style: Any, tables: Any, **kwargs: Any) -> list[str]:
            statements: list[str] = original(self, style, tables, **kwargs)
            audit = [t for t in tables if "audit" in t.lower()]
            if not audit or not statements:
                return statements
            before = [sql for t in audit for sql in drop(t)]
            after = [sql for t in audit for sql in create(t)]
            return before + statements + after

        cls.sql_flush = sql_flush

    wrap(sqlite_base.DatabaseOperations, appendonly.sqlite_drop_sql, appendonly.sqlite_create_sql)
    wrap(
        postgres_base.DatabaseOperations,
        appendonly.postgres_drop_sql,
        appendonly.postgres_create_sql,
    )


_flush_lifts_the_audit_guards()

RANGKASBITUNG = "36.02.14"
BAYAH = "36.02.03"
RANGKASBITUNG_TIMUR = "36.02.14.2017"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Test users need no slow key stretching (about 0.3 s per user otherwise)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference(db: Any) -> None:
    """Lebak regions and the registry's reference lists, as `sentra demo` loads them."""
    from sentra.regions.services import region_load
    from sentra.registry.services import reference_load

    region_load(actor=SystemActor("test"), region="36.02")
    reference_load(actor=SystemActor("test"))


def _user(username: str, role: str, kecamatan: tuple[str, ...] = ()) -> Any:
    from sentra.accounts.models import User
    from sentra.regions.models import Region

    user = User.objects.create_user(username=username, password="correct horse 42", role=role)
    if kecamatan:
        user.kecamatan.set(Region.objects.filter(code__in=kecamatan))
    return user


@pytest.fixture
def alice_admin(reference: None) -> Any:
    return _user("alice", "admin")


@pytest.fixture
def ana_analyst(reference: None) -> Any:
    return _user("ana", "analyst")


@pytest.fixture
def rudi_officer_rangkasbitung(reference: None) -> Any:
    return _user("rudi", "officer", (RANGKASBITUNG,))


@pytest.fixture
def bayu_officer_bayah(reference: None) -> Any:
    return _user("bayu", "officer", (BAYAH,))


@pytest.fixture
def omar_owner(reference: None) -> Any:
    return _user("omar", "owner")


@pytest.fixture
def olga_owner(reference: None) -> Any:
    return _user("olga", "owner")


@pytest.fixture
def kiki_koperasi(reference: None) -> Any:
    """The partner cooperative's member who records orders (the maker)."""
    return _user("kiki", "koperasi")


@pytest.fixture
def kusuma_koperasi(reference: None) -> Any:
    """Another member of the cooperative (the checker of payouts)."""
    return _user("kusuma", "koperasi")


@pytest.fixture
def putri_partner(reference: None) -> Any:
    """The province's women's-empowerment office (sees figures, no personal data)."""
    return _user("putri", "partner")


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


def pytest_addoption(parser: Any) -> None:
    parser.addoption(
        "--screenshots",
        default="",
        metavar="DIR",
        help="write the documentation screenshots to DIR (make screenshots); never by default",
    )


def _on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Browser suites (tests using `page`) and large property suites (marked `sqlite_only`)
    run once, on SQLite: they test the screens and the logic, not the database engine."""
    if not _on_postgresql():
        return
    skip = pytest.mark.skip(reason="runs once, on SQLite (browser or large property suite)")
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) or "sqlite_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def shoot(request: Any) -> Callable[[Any, str], None]:
    """`shoot(page_or_locator, "name.png")` saves a documentation screenshot only when pytest
    runs with --screenshots DIR (the `make screenshots` target); a test run writes nothing."""
    target_dir = request.config.getoption("--screenshots")

    def save(target: Any, name: str, **kwargs: Any) -> None:
        if not target_dir:
            return
        Path(target_dir).mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(Path(target_dir) / name), **kwargs)

    return save
