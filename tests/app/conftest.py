"""A demo database for the page tests, loaded once per module."""

from __future__ import annotations

import pytest

from tests.fixtures import sqlite_copy


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return sqlite_copy("demo", tmp_path_factory.mktemp("pages"), "app.sqlite")
