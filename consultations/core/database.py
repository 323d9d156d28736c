"""Opening the store: one SQLAlchemy engine over SQLite (default) or PostgreSQL/PostGIS.

``DATABASE_URL`` picks the database; without it the store is a SQLite file in ``var/`` (git-ignored).
SQLite runs in WAL mode with foreign keys on and a busy timeout, so that many readers and a few
field-team writers can share one file.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection as Connection  # re-exported: the type services pass inward
from sqlalchemy import Engine, create_engine, event, func, insert, inspect, select, text
from sqlalchemy import Table as Table  # re-exported: which table a land read model reads
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, OperationalError

from consultations.core import schema
from consultations.core.engines import (
    check_text_lengths,
    feed_head,
    postgres_engine,
    replica_reached,
)
from consultations.core.errors import StoreBusy, TextTooLong
from consultations.core.replica import REPLICA_WAIT_S, read_database_url, written
from translations import _

if TYPE_CHECKING:
    from alembic.config import Config

ROOT = Path(__file__).resolve().parents[2]
# Where the default database and safety backups live (git-ignored); CLEARWAY_VAR_DIR moves it.
VAR_DIR = Path(os.environ.get("CLEARWAY_VAR_DIR") or ROOT / "var")
DEFAULT_SQLITE_PATH = VAR_DIR / "clearway.sqlite"
MIGRATIONS = Path(__file__).parent / "migrations"
#: Seconds a write waits for a lock another holds before it gives up in words (``StoreBusy``):
#: SQLite's busy timeout, PostgreSQL's lock_timeout (CLEARWAY_LOCK_WAIT_S). Without it a command
#: behind an import's lock on PostgreSQL would wait for as long as the import runs.
LOCK_WAIT_S = float(os.environ.get("CLEARWAY_LOCK_WAIT_S") or 15)
SQLITE_BUSY_TIMEOUT_S = LOCK_WAIT_S


def _lock_errors() -> tuple[type[Exception], ...]:
    """What a lock that did not come free raises: through SQLAlchemy, or from the driver itself when
    a bulk write (``core/bulk.py``: COPY, executemany) uses its connection directly. psycopg's only
    once it is loaded: a store on SQLite never loads it (a command starts without it), and a module
    not loaded raises nothing."""
    psycopg = sys.modules.get("psycopg")
    driver = (psycopg.OperationalError,) if psycopg is not None else ()
    return (OperationalError, sqlite3.OperationalError, *driver)


def _transient(error: Exception) -> bool:
    """A lock that did not come free, or a deadlock victim: worth one more try, never a bug."""
    text = str(getattr(error, "orig", None) or error).lower()
    return "database is locked" in text or "deadlock" in text or "lock timeout" in text


@contextmanager
def _busy_as(sentence: Callable[[], str]) -> Iterator[None]:
    """A lock that did not come free becomes ``StoreBusy`` with ``sentence``, never a traceback."""
    try:
        yield
    except _lock_errors() as error:
        if not _transient(error):
            raise
        raise StoreBusy(sentence()) from error


@contextmanager
def _too_long_as_sentence() -> Iterator[None]:
    """A text longer than its column, in raw SQL the length check did not see: a sentence."""
    try:
        yield
    except DataError as error:
        if not _too_long(error):
            raise
        raise TextTooLong(
            _("A text is longer than the database holds for it; nothing was saved. Shorten "
              "it and save again.")
        ) from error  # fmt: skip


def _nothing_saved() -> str:
    return _("The database is busy with other saves; nothing was saved. Try again in a moment.")


def _nothing_read() -> str:
    return _("The database is busy: it could not be read just now. Try again in a moment.")


def database_url() -> str:
    """The configured database: ``DATABASE_URL``, else the default SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    return url or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def new_id(conn: Connection, table: Table, **values: Any) -> int:
    """Insert one row and return its new id."""
    return int(conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one())


def is_ours(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's filter: PostGIS's own table and our PostgreSQL-only GiST indexes are not drift."""
    if type_ == "table" and name == "spatial_ref_sys":
        return False
    return not (type_ == "index" and reflected and (name or "").startswith("gix_"))


def _too_long(error: DataError) -> bool:
    """PostgreSQL's "value too long for type character varying(n)"."""
    return "value too long" in str(error.orig).lower()


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (see the "begin" hook) so transactions really isolate.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    # A write takes the write lock up front (IMMEDIATE): two writers queue instead of failing
    # mid-transaction. A read begins deferred: on WAL it reads its snapshot while a writer writes.
    reading = connection.get_execution_options().get("clearway_read", False)
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


@dataclass(frozen=True)
class Store:
    """The project database. Use ``with store.begin() as conn`` for one atomic unit of work."""

    engine: Engine
    #: Reads get their own pool, so writers queued for a lock (each holding a connection while it
    #: waits: SQLite's one write lock, a PostgreSQL row) never leave a reader without a connection.
    reader: Engine | None = None
    #: A read replica (``READ_DATABASE_URL``), read once it has reached the session's own last
    #: write (``core/replica.py``).
    replica: Engine | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        """Which store this is (no password): part of every cache key."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One write transaction. A database still locked by others after the busy timeout, or a
        PostgreSQL deadlock that chose this one, becomes ``StoreBusy``: a sentence, nothing saved."""
        with _too_long_as_sentence(), _busy_as(_nothing_saved), self.engine.begin() as connection:
            yield connection
            mine = written() if self.replica is not None else None
            if mine is not None:  # the feed's head now, this write's events included
                mine.feed_id = max(mine.feed_id, feed_head(connection))

    @contextmanager
    def begin_if_free(self) -> Iterator[Connection]:
        """A write transaction that does not queue for a lock: ``StoreBusy`` at once while another
        holds it (SQLite's write lock, a PostgreSQL row or table). For writes that may be skipped,
        such as a session's last activity."""
        if self.dialect != "sqlite":
            with self.begin() as connection:
                connection.exec_driver_sql("SET LOCAL lock_timeout = 100")  # ms: this one only
                yield connection
            return
        with _busy_as(_nothing_saved), self.engine.connect() as connection:
            raw: Any = connection.connection.dbapi_connection  # outside SQLAlchemy's transaction
            raw.execute("PRAGMA busy_timeout=0")
            try:
                with connection.begin():
                    yield connection
            finally:
                raw.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only unit: every query in it sees the same moment (SQLite's transaction; on
        PostgreSQL a REPEATABLE READ snapshot instead of each statement's own). A table locked
        against readers past the lock wait (a PostgreSQL migration) becomes ``StoreBusy``."""
        engine = self.reader or self.engine
        if self.replica is not None and self._replica_has_my_writes():
            engine = self.replica
        with _busy_as(_nothing_read), engine.connect() as connection:
            if self.dialect == "postgresql":
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            else:
                connection = connection.execution_options(clearway_read=True)
            yield connection

    def _replica_has_my_writes(self) -> bool:
        """A replica is configured and has reached this session's last write (waiting a moment
        for it); else reads go to the primary."""
        mine = written()
        if self.replica is None:
            return False
        return mine is None or replica_reached(self.replica, mine.feed_id, REPLICA_WAIT_S)

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to the newest revision (creates it on an empty database).

        A schema already current is only read: every command and the app's start call this, and
        none of them may wait behind (or take) a write lock for nothing. A store too busy to migrate
        is ``StoreBusy``, a sentence.

        On SQLite a revision that changes a table's keys rebuilds the table (copy, drop, rename),
        which its foreign keys would refuse mid-way; they are switched off for the migration (it
        can only be done outside a transaction) and every key is checked before it commits."""
        if revision == "head" and self.is_current():
            return
        with _busy_as(_nothing_saved):
            self._upgrade(revision)

    def _upgrade(self, revision: str) -> None:
        from alembic import command  # only when the schema is behind: alembic takes 0.2 s to import

        config = _alembic_config()
        if self.dialect != "sqlite":
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
            return
        with self.engine.connect() as connection:
            raw: Any = connection.connection.dbapi_connection  # outside SQLAlchemy's transaction
            raw.execute("PRAGMA foreign_keys=OFF")
            try:
                with connection.begin():
                    config.attributes["connection"] = connection
                    command.upgrade(config, revision)
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left rows without their keys: {broken[:5]}")
            finally:
                raw.execute("PRAGMA foreign_keys=ON")

    def revision(self) -> str | None:
        """The schema's revision, read (on SQLite a plain connection would begin IMMEDIATE) from
        alembic's own table, as alembic reads it; None on a database never migrated."""
        with self.read() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            versions = connection.scalars(text("SELECT version_num FROM alembic_version")).all()
        if len(versions) > 1:
            raise RuntimeError(f"the schema is at several revisions at once: {versions}")
        return versions[0] if versions else None

    def is_current(self) -> bool:
        return self.revision() == head_revision()

    def is_empty(self) -> bool:
        with self.read() as connection:
            return connection.scalar(select(func.count()).select_from(schema.projects)) == 0

    def max_connections(self) -> int | None:
        """PostgreSQL's ``max_connections``, which every process's pools share; None on SQLite."""
        if self.dialect != "postgresql":
            return None
        with self.read() as connection:
            return int(connection.exec_driver_sql("SHOW max_connections").scalar_one())

    def dispose(self) -> None:
        for engine in (self.engine, self.reader, self.replica):
            if engine is not None:
                engine.dispose()


_REVISION = re.compile(r"^revision\s*=\s*[\"']([^\"']+)[\"']", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*=\s*[\"']([^\"']+)[\"']", re.M)


def head_revision() -> str | None:
    """The newest revision among ``migrations/versions``, read from the files' own ``revision`` and
    ``down_revision`` lines: what alembic's ``get_current_head`` says (a test holds them equal),
    without importing alembic, so that a command on a current store only checks the revision.
    Anything else than one straight line of revisions is left to alembic."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            return _alembic_head()
        revisions.add(found.group(1))
        parents.update(_DOWN_REVISION.findall(source))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else _alembic_head()


def _alembic_head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def open_store(url: str | None = None, read_url: str | None = None) -> Store:
    """Open (not migrate) the store at ``url`` or the configured one, with the read replica at
    ``read_url`` (else ``READ_DATABASE_URL`` for the configured store)."""
    read_url = read_url or (read_database_url() if url is None else None)
    url = url or database_url()
    replica = _engine(read_url) if read_url else None
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine, reader = _sqlite_engine(url), _sqlite_engine(url)
        in_memory = parsed.database in (None, "", ":memory:")
        return Store(engine, None if in_memory else reader, replica)
    return Store(postgres_engine(url, LOCK_WAIT_S), postgres_engine(url, LOCK_WAIT_S), replica)


def _engine(url: str) -> Engine:
    sqlite = make_url(url).get_backend_name() == "sqlite"
    return _sqlite_engine(url) if sqlite else postgres_engine(url, LOCK_WAIT_S)


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    event.listen(engine, "before_cursor_execute", check_text_lengths)
    return engine
