"""Databases made once and copied: the migrated empty store and the demo, per test process.

Migrating and loading the demo takes seconds; most tests then run for a hundredth of that. So each
test process builds each kind of database once, the first time a test asks for it, and every test
gets its own copy: on SQLite a copy of the file (SQLite's backup API), on PostgreSQL the template
schema's dump restored under a fresh schema name (``pg_dump`` and ``psql``, PostgreSQL's own tools).
A copy is the same database the slow way would have made; tests may change it as they like.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from consultations.core.database import Store, open_store

PG_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/clearway_test"
)
_FOLDER = Path(tempfile.mkdtemp(prefix="clearway-templates-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
_SQLITE: dict[str, Path] = {}
_DUMPS: dict[str, tuple[str, str]] = {}


def _load_nothing(store: Store) -> None:
    return None


def _load_demo(store: Store) -> None:
    from consultations.setup.demo import load_demo

    load_demo(store)


CONTENTS: dict[str, Callable[[Store], None]] = {"migrated": _load_nothing, "demo": _load_demo}


def sqlite_url(folder: os.PathLike[str] | str, name: str = "clearway.sqlite") -> str:
    return f"sqlite:///{Path(folder) / name}"


def sqlite_copy(
    contents: str, folder: os.PathLike[str] | str, name: str = "clearway.sqlite"
) -> str:
    """A fresh SQLite database holding ``contents`` ("migrated" or "demo") in ``folder``: its URL."""
    if contents not in _SQLITE:
        template = _FOLDER / f"{contents}.sqlite"
        store = open_store(sqlite_url(_FOLDER, template.name))
        store.migrate()
        CONTENTS[contents](store)
        store.dispose()
        _SQLITE[contents] = template
    target = Path(folder) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    source, copy = sqlite3.connect(_SQLITE[contents]), sqlite3.connect(target)
    with copy:
        source.backup(copy)
    source.close()
    copy.close()
    return sqlite_url(folder, name)


def _pg_tool_args() -> list[str]:
    url = make_url(PG_URL)
    return ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
            "-U", url.username or "postgres", "-d", url.database or "postgres"]  # fmt: skip


def postgis_url(schema: str) -> str:
    separator = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{separator}options=-csearch_path%3D{schema},public"


def create_schema(schema: str) -> None:
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()


def drop_schema(schema: str) -> None:
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def postgis_copy(contents: str, schema: str) -> Store:
    """A fresh schema ``schema`` holding ``contents`` ("migrated" or "demo"): its store."""
    if contents not in _DUMPS:
        template = f"tpl_{contents}_{uuid.uuid4().hex[:16]}"
        create_schema(template)
        try:
            store = open_store(postgis_url(template))
            store.migrate()
            CONTENTS[contents](store)
            store.dispose()
            dump = subprocess.run(
                ["pg_dump", *_pg_tool_args(), "--schema", template, "--no-owner", "--no-privileges"],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
        finally:
            drop_schema(template)
        _DUMPS[contents] = (template, dump)
    template, dump = _DUMPS[contents]
    subprocess.run(
        ["psql", "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", *_pg_tool_args()],
        input=dump.replace(template, schema), check=True, capture_output=True, text=True,
    )  # fmt: skip
    return open_store(postgis_url(schema))


def copy_demo(env: dict[str, str]) -> None:
    """Put the demo, as ``cli.py load-demo`` loads it, at ``env``'s SQLite ``DATABASE_URL``."""
    path = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
    sqlite_copy("demo", path.parent, path.name)
