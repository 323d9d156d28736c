"""Databases made once and copied: the migrated empty store and the demo, per test process.

Migrating and loading the demo takes seconds; most tests then run for a hundredth of that. So each
test process builds each kind of database once, the first time a test asks for it, and every test
gets its own copy: on SQLite a copy of the file (SQLite's backup API). On PostgreSQL the template
schema is dumped once (``pg_dump``); restoring its tables and indexes took ~0.5 s a test, most of the
PostGIS half of the suite, so each test process keeps one schema of its own and, before each test,
puts back the template's rows and sequences (``reset``: delete every row, copy the template's in,
set the sequences; ~0.1 s). A test that changed the schema's structure (a table, a column, an index
or a constraint more or less) or left a lock behind gets a freshly restored schema instead. Every
test still sees its own URL (a unique ``application_name``), so no cache keyed on a store's URL can
answer one test with another's data. A copy is the same database the slow way would have made;
tests may change it as they like.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
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
_TEMPLATES: dict[str, _Rows] = {}


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
    sqlite_backup(_SQLITE[contents], target)
    return sqlite_url(folder, name)


def sqlite_backup(source: Path, target: Path) -> None:
    """Put ``source``'s pages in ``target`` with SQLite's backup API, in one step: other
    connections to ``target`` wait on its lock, then read the new contents (no trigger runs)."""
    origin, copy = sqlite3.connect(source), sqlite3.connect(target, timeout=60)
    try:
        with copy:
            origin.backup(copy)
    finally:
        origin.close()
        copy.close()


def _pg_tool_args(database: str | None = None) -> list[str]:
    url = make_url(PG_URL)
    return ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
            "-U", url.username or "postgres", "-d", database or url.database or "postgres"]  # fmt: skip


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


def _dump(contents: str) -> tuple[str, str]:
    """The template schema of ``contents`` and its dump, made once per process."""
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
    return _DUMPS[contents]


def postgis_copy(contents: str, schema: str) -> Store:
    """A fresh schema ``schema`` holding ``contents`` ("migrated" or "demo"): its store."""
    template, dump = _dump(contents)
    subprocess.run(
        ["psql", "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", *_pg_tool_args()],
        input=dump.replace(template, schema), check=True, capture_output=True, text=True,
    )  # fmt: skip
    return open_store(postgis_url(schema))


def postgis_database(contents: str, name: str) -> str:
    """A fresh database ``name`` with PostGIS, holding ``contents`` ("migrated" or "demo") in its
    ``public`` schema: its URL. For what cannot take a schema in the URL's ``options``: PgBouncer
    passes no startup ``options`` through, and in transaction mode a session's ``SET`` would not
    stick. Dropped with :func:`drop_database`."""
    template, dump = _dump(contents)
    with psycopg.connect(_libpq(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    restore = dump.replace(f"CREATE SCHEMA {template};", "").replace(template, "public")
    subprocess.run(
        ["psql", "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", *_pg_tool_args(name)],
        input="CREATE EXTENSION IF NOT EXISTS postgis;\n" + restore,
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(name: str) -> None:
    """Drop the database ``name``, ending whatever connections are still open on it."""
    with psycopg.connect(_libpq(), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_demo(env: dict[str, str]) -> None:
    """Put the demo, as ``cli.py load-demo`` loads it, at ``env``'s SQLite ``DATABASE_URL``."""
    path = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
    sqlite_copy("demo", path.parent, path.name)


class _Rows:
    """What a template schema holds beside its structure: each table's rows in COPY's text format,
    and each sequence's value, read from its dump."""

    def __init__(self, template: str, dump: str) -> None:
        self.tables: list[str] = []
        self.copies: list[tuple[str, str]] = []
        self.sequences: list[tuple[str, int, bool]] = []
        lines = dump.splitlines(keepends=True)
        at = 0
        while at < len(lines):
            line = lines[at]
            if line.startswith("COPY "):
                head = line.strip().removesuffix(";").replace(f"{template}.", "")
                end = lines.index("\\.\n", at)
                self.tables.append(head.split()[1])
                if end > at + 1:
                    self.copies.append((head, "".join(lines[at + 1 : end])))
                at = end
            elif "pg_catalog.setval(" in line:
                found = re.search(r"setval\('[^.']+\.([^']+)', (\d+), (true|false)\)", line)
                assert found, line
                self.sequences.append((found[1], int(found[2]), found[3] == "true"))
            at += 1


#: The structure of a schema, as a digest: its tables, views, sequences and indexes with their
#: columns, and its constraints. Rows are not part of it.
_STRUCTURE = """
SELECT md5(coalesce((SELECT string_agg(c.relname || ':' || c.relkind::text || ':'
                                       || coalesce(a.attname, '') || ':' || coalesce(a.atttypid::text, ''),
                                       ',' ORDER BY c.relname, a.attnum)
                     FROM pg_class c
                     LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                     WHERE c.relnamespace = %(schema)s::regnamespace), '')
           || coalesce((SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint
                        WHERE connamespace = %(schema)s::regnamespace), ''))
"""


def _libpq() -> str:
    return make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)


def _superuser() -> bool:
    with psycopg.connect(_libpq()) as conn:
        row = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    return bool(row and row[0])


class _ReusedSchema:
    """This process's schema for PostgreSQL tests, put back to a template's rows before each test.

    Putting rows back in any order needs foreign keys checked off for the moment (PostgreSQL's
    ``session_replication_role``), which only a superuser may set; without one, or when a reset
    fails, each test gets a freshly restored schema as before."""

    def __init__(self) -> None:
        self.schema: str | None = None
        self.structure: str | None = None
        self.usable: bool | None = None

    def ready(self, contents: str) -> bool:
        """Whether the schema now holds ``contents`` (made, or put back); False: use a fresh one."""
        if self.usable is None:
            self.usable = _superuser()
        if not self.usable:
            return False
        rows = _template_rows(contents)
        if self.schema is None:
            self.schema = f"w_{os.getpid()}_{uuid.uuid4().hex[:8]}"
            postgis_copy("migrated", self.schema).dispose()
            self.structure = self._structure()
        if self._reset(rows):
            return True
        self.abandon()
        return self.ready(contents)

    def _structure(self) -> str:
        with psycopg.connect(_libpq()) as conn:
            row = conn.execute(_STRUCTURE, {"schema": self.schema}).fetchone()
        assert row
        return str(row[0])

    def _reset(self, rows: _Rows) -> bool:
        assert self.schema
        try:
            with psycopg.connect(_libpq()) as conn, conn.cursor() as cur:
                cur.execute("SET lock_timeout = '3s'")
                digest = cur.execute(_STRUCTURE, {"schema": self.schema}).fetchone()
                if not digest or digest[0] != self.structure:
                    return False
                cur.execute(f'SET search_path = "{self.schema}", public')
                cur.execute("SET session_replication_role = replica")
                for table in rows.tables:
                    cur.execute(f"DELETE FROM {table}")
                for head, data in rows.copies:
                    with cur.copy(head) as copy:
                        copy.write(data)
                if rows.sequences:
                    cur.execute("SELECT " + ", ".join(
                        f"setval('{name}', {value}, {str(called).lower()})"
                        for name, value, called in rows.sequences))  # fmt: skip
        except psycopg.Error:
            return False
        return True

    def abandon(self) -> None:
        """Leave this schema (its structure was changed, or a lock held it) for a fresh one."""
        if self.schema:
            # a schema some lost connection still locks is left behind rather than waited for
            with contextlib.suppress(psycopg.Error), psycopg.connect(_libpq()) as conn:
                conn.execute("SET lock_timeout = '3s'")
                conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
        self.schema = None


_REUSED = _ReusedSchema()
atexit.register(_REUSED.abandon)


def _template_rows(contents: str) -> _Rows:
    if contents not in _TEMPLATES:
        _TEMPLATES[contents] = _Rows(*_dump(contents))
    return _TEMPLATES[contents]


def postgis_reused(contents: str) -> Iterator[Store]:
    """A store holding ``contents`` ("migrated" or "demo") on PostgreSQL, at a URL of its own, for
    the length of a test: this process's schema put back to the template's rows (see the module's
    docstring), or a freshly restored schema, dropped after."""
    if _REUSED.ready(contents):
        assert _REUSED.schema
        store = open_store(
            f"{postgis_url(_REUSED.schema)}&application_name=t{uuid.uuid4().hex[:12]}"
        )
        yield store
        store.dispose()
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    store = postgis_copy(contents, schema)
    yield store
    store.dispose()
    drop_schema(schema)
