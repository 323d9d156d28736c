"""Another connection's write transaction, held open while a test looks at what still works."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from consultations.core.database import Store


@contextmanager
def write_lock_held(store: Store, *tables: str) -> Iterator[None]:
    """SQLite: the one write lock (``BEGIN IMMEDIATE``), as an import holds it; PostgreSQL:
    ``tables`` locked against every writer, readers left free (``EXCLUSIVE``)."""
    if store.dialect == "sqlite":
        holder = sqlite3.connect(str(store.engine.url.database), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    engine = create_engine(store.engine.url)
    with engine.connect() as conn:
        conn.execute(text(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE"))
        try:
            yield
        finally:
            conn.rollback()
    engine.dispose()
