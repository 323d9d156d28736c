"""How the PostgreSQL engines are made (pools sized per process, PgBouncer or not), and the text
check every engine runs before an INSERT or UPDATE reaches the database."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, select

from consultations.core import schema
from consultations.core.bounds import check_row
from consultations.core.pooling import configured_pool, through_pgbouncer

#: Connections kept open to PostgreSQL by each of the two pools (reads, writes), and how many more a
#: burst may open. Streamlit serves every user from one process: with one pool of SQLAlchemy's
#: default 5 + 10, readers under load spent three quarters of their time waiting for a connection.
#: Several processes on one database get their share from the launcher (``core/pooling.py``).
PG_POOL = configured_pool()


def check_text_lengths(
    _conn: Any, _cursor: Any, _statement: str, _parameters: Any, context: Any, _many: bool
) -> None:
    """Every INSERT and UPDATE built from a table: its text checked against the columns' limits
    before the database sees it, so SQLite (which would store it) and PostgreSQL (which would
    fail with a driver error) both refuse it with the same sentence."""
    compiled = getattr(context, "compiled", None)
    table = getattr(getattr(compiled, "statement", None), "table", None)
    if table is None or not (context.isinsert or context.isupdate):
        return
    for values in context.compiled_parameters or ():
        check_row(table, values)


def postgres_engine(url: str, lock_wait_s: float) -> Engine:
    """An engine whose every lock wait gives up after ``lock_wait_s``."""
    lock_wait_ms = int(lock_wait_s * 1000)
    pgbouncer = through_pgbouncer()
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=PG_POOL.kept,
        max_overflow=PG_POOL.burst,
        # psycopg 3 prepares a statement run five times; PgBouncer 1.18 in transaction mode then
        # runs it on another server connection, which never saw it.
        connect_args={"prepare_threshold": None} if pgbouncer else {},
    )

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Per connection, not in the URL: the URL's own ``options`` (a schema) must stay as given.
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {lock_wait_ms}")
        dbapi_connection.autocommit = autocommit

    def on_begin(connection: Connection) -> None:
        # Behind PgBouncer in transaction mode a session setting would stay on whichever server
        # connection ran it: the lock wait is set for each transaction instead.
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {lock_wait_ms}")

    if pgbouncer:
        event.listen(engine, "begin", on_begin)
    else:
        event.listen(engine, "connect", on_connect)
    event.listen(engine, "before_cursor_execute", check_text_lengths)
    return engine


def feed_head(connection: Connection) -> int:
    """The change feed's newest id (0 on an empty feed)."""
    return int(connection.scalar(select(func.coalesce(func.max(schema.events.c.id), 0))) or 0)


def replica_reached(replica: Engine, feed_id: int, wait_s: float) -> bool:
    """The replica's change feed has reached ``feed_id``, within ``wait_s`` seconds."""
    deadline = time.monotonic() + wait_s
    while True:
        if feed_id == 0:
            return True
        with replica.connect() as connection:
            if feed_head(connection) >= feed_id:
                return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
