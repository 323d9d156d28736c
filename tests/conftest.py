"""Shared fixtures: a real store on SQLite (a file in tmp_path) and on PostgreSQL/PostGIS.

Every test that takes ``store`` runs on both databases. PostGIS tests use ``TEST_DATABASE_URL``
(default: the local PostgreSQL's ``clearway_test`` database, which ``make test`` prepares), each in a
schema of its own. Under ``CI=true`` a skipped test fails the run: nothing may silently not run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Generator, Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

import consultations.accounts.service as accounts_service
from consultations.core.database import Store, open_store
from tests.fixtures import (
    PG_URL,
    create_schema,
    drop_schema,
    postgis_reused,
    postgis_url,
    sqlite_copy,
    sqlite_url,
)
from translations import set_language

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _postgis_reason() -> str | None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT postgis_version()"))
        engine.dispose()
    except DBAPIError as error:
        return f"PostGIS test database not available at {PG_URL}: {error}"
    return None


_POSTGIS_MISSING = _postgis_reason()


#: The hasher a server uses (argon2id at argon2-cffi's defaults, one lane): what
#: tests/consultations/accounts/test_password_strength.py checks.
SERVER_HASHER = accounts_service._HASHER
#: Tests hash with argon2id too, at the lowest cost it allows: a test's hundreds of passwords are
#: not what it checks, and at a server's cost they took minutes of the suite. Hashes carry their
#: own parameters, so a server started by a test still verifies them (and hashes new ones as a
#: server does).
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashes() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts_service, "_HASHER", TEST_HASHER)
        yield


@pytest.fixture(autouse=True)
def _no_failed_sign_ins_remembered() -> None:
    """Each test starts as a fresh server does: no failed sign-in from an earlier test counts."""
    from consultations.accounts.throttle import FAILURES

    FAILURES.clear()


@pytest.fixture(autouse=True)
def _vietnamese_by_default() -> Iterator[None]:
    set_language("vi")
    yield
    set_language("vi")


def _sqlite_store(folder: os.PathLike[str]) -> Store:
    return open_store(sqlite_url(folder))


def _postgis_store(schema: str) -> Store:
    create_schema(schema)
    return open_store(postgis_url(schema))


@pytest.fixture(params=["sqlite", "postgis"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgis" and _POSTGIS_MISSING:
        pytest.skip(_POSTGIS_MISSING)
    return str(request.param)


@pytest.fixture
def empty_store(backend: str, tmp_path: os.PathLike[str]) -> Iterator[Store]:
    """An unmigrated, empty database of each kind."""
    if backend == "sqlite":
        store = _sqlite_store(tmp_path)
        yield store
        store.dispose()
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    store = _postgis_store(schema)
    yield store
    store.dispose()
    drop_schema(schema)


def _copied_store(
    request: pytest.FixtureRequest, backend: str, tmp_path: os.PathLike[str]
) -> Iterator[Store]:
    """A copy of the migrated store, or of the demo when the test asks for ``demo_store``: made
    once per test process and database, copied for each test (tests/fixtures.py)."""
    contents = "demo" if "demo_store" in request.fixturenames else "migrated"
    if backend == "sqlite":
        store = open_store(sqlite_copy(contents, tmp_path))
        yield store
        store.dispose()
        return
    yield from postgis_reused(contents)


@pytest.fixture
def store(
    request: pytest.FixtureRequest, backend: str, tmp_path: os.PathLike[str]
) -> Iterator[Store]:
    """A migrated, empty database of each kind (the demo's, when the test also asks for it)."""
    yield from _copied_store(request, backend, tmp_path)


@pytest.fixture
def demo_store(store: Store) -> Store:
    """The demo projects in a database of each kind, a copy of one loaded once."""
    return store


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"Skipped under CI, which is not allowed: {report.longrepr}"
