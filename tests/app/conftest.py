"""A demo database for the page tests, loaded once per module."""

from __future__ import annotations

import pytest

from consultations.core.database import open_store
from consultations.projects.demo import load_demo


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('pages')}/app.sqlite"
    store = open_store(url)
    store.migrate()
    load_demo(store)
    store.dispose()
    return url
