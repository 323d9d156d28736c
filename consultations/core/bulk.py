"""Writing many rows at once, column-wise: ``COPY`` on PostgreSQL, ``executemany`` on SQLite, a
block of rows at a time.

A 100 000-parcel layer is written in about two seconds this way, where SQLAlchemy's row-by-row
``INSERT … RETURNING`` (and its per-value type processing) took over ten. On PostgreSQL the rows
go as binary ``COPY``: numbers as numbers, shapes as their EWKB bytes, which the server's
``geometry_recv`` reads as they are (text ``COPY`` needed hex, twice the bytes, made here and
parsed there). A thread sends each block while the next one is made, so the server's upkeep of the
table's indexes and foreign keys runs beside our making of the rows, not after it. Values must
already be what the driver takes: ``geometries`` encodes shapes all at once (EWKB bytes),
``json_text`` a JSON column's value. ``insert_new`` takes the new rows' ids first and writes them
with the rows, so nothing is read back.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import shapely
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from consultations.core.bounds import check_columns
from consultations.core.geometry import Geometry

_BLOCK = 10_000  # rows per COPY block sent while the next is made


def _postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def new_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` fresh ids for ``table``, in order. On SQLite the write transaction (``BEGIN
    IMMEDIATE``) already keeps every other writer out, so the next ids are simply the next numbers."""
    if count == 0:
        return []
    if _postgres(conn):
        sequence = conn.scalar(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        )
        # Taken from the sequence, so no other writer ever gets them; told back as a range when
        # they are one (as they are unless another writer took some meanwhile), not 100 000 ids.
        taken = "SELECT nextval(CAST(:sequence AS regclass)) AS id FROM generate_series(1, :n)"
        low, high, ids = conn.execute(
            text(
                f"WITH taken AS ({taken}) SELECT min(id), max(id), "
                "CASE WHEN max(id) - min(id) + 1 <> :n THEN array_agg(id ORDER BY id) END "
                "FROM taken"
            ),
            {"sequence": sequence, "n": count},
        ).one()
        return list(range(low, high + 1)) if ids is None else [int(i) for i in ids]
    start = int(conn.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1
    return list(range(start, start + count))


def geometries(conn: Connection, geoms: np.ndarray, epsg: int) -> list[Any]:
    """Shapes as the bulk writers store them, EWKB bytes with their SRID, encoded in one call."""
    with_srid = shapely.set_srid(geoms, epsg)
    return list(shapely.to_wkb(with_srid, include_srid=True))


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return str(value)


def json_text(value: Any) -> str:
    """A JSON column's value as text (NaN never reaches it: missing values are already None)."""
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def insert_columns(conn: Connection, table: Table, columns: dict[str, list[Any]]) -> None:
    """Insert the rows whose values ``columns`` holds (one list per column, in row order) in one
    go, inside the caller's transaction."""
    count = len(next(iter(columns.values()), []))
    _insert(conn, table, count, lambda start, stop: _rows(columns, start, stop))


def insert_new(
    conn: Connection,
    table: Table,
    count: int,
    block: Callable[[int, int], dict[str, list[Any]]],
) -> list[int]:
    """Insert ``count`` rows whose values (without ``id``) ``block(start, stop)`` gives a block at
    a time, and return their new ids in row order. The ids are taken first (``new_ids``: from the
    table's sequence on PostgreSQL, so rows other writers add meanwhile never take them) and
    written with the rows: nothing is read back."""
    if count == 0:
        return []
    ids = new_ids(conn, table, count)
    _insert(conn, table, count, lambda start, stop: {"id": ids[start:stop], **block(start, stop)})
    return ids


def _rows(columns: dict[str, list[Any]], start: int, stop: int) -> dict[str, list[Any]]:
    return {name: values[start:stop] for name, values in columns.items()}


def _checked(table: Table, columns: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """A block's text checked against its columns' limits: ``COPY`` and the driver's own
    ``executemany`` pass by SQLAlchemy, so by the store's check of each statement too."""
    check_columns(table, columns)
    return columns


# What each column travels as in binary ``COPY`` (psycopg's binary dumpers, by type name). The
# server reads each value with its column's own receive function: a geometry's reads EWKB, a
# JSON's reads the text, so those two go as plain bytes and text. First match wins (subclasses
# before their bases).
_WIRE_TYPES: list[tuple[type, str]] = [
    (Geometry, "bytea"),
    (JSONB, ""),  # jsonb's binary form starts with a version byte: not taken
    (JSON, "text"),
    (SmallInteger, "int2"),
    (BigInteger, "int8"),
    (Integer, "int4"),
    (Float, "float8"),
    (Boolean, "bool"),
    (String, "text"),  # Text and varchar too
    (DateTime, "timestamptz"),
    (Date, "date"),
    (LargeBinary, "bytea"),
]


def _wire_type(column: Column[Any]) -> str:
    kind = column.type
    if isinstance(kind, DateTime) and not kind.timezone:
        return "timestamp"
    name = next((wire for sql, wire in _WIRE_TYPES if isinstance(kind, sql)), "")
    if not name:
        raise TypeError(f"no binary COPY type for {column.table.name}.{column.name} ({kind})")
    return name


def _insert(
    conn: Connection,
    table: Table,
    count: int,
    block: Callable[[int, int], dict[str, list[Any]]],
    into: str | None = None,  # another table shaped as ``table`` (a temporary one)
) -> None:
    if count == 0:
        return
    raw: Any = conn.connection.dbapi_connection  # the driver's own: psycopg or sqlite3
    name = into or table.name
    blocks = (
        _checked(table, block(start, min(start + _BLOCK, count)))
        for start in range(0, count, _BLOCK)
    )
    first = next(blocks)
    names = ", ".join(f'"{c}"' for c in first)
    if _postgres(conn):
        from psycopg.copy import QueuedLibpqWriter  # psycopg only on PostgreSQL

        # A thread sends each block while the next is made: the server's work on one block (its
        # indexes, its checks) overlaps the making of the next, instead of following it.
        statement = f'COPY "{name}" ({names}) FROM STDIN (FORMAT BINARY)'
        with (
            raw.cursor() as cursor,
            cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy,
        ):
            copy.set_types([_wire_type(table.c[column]) for column in first])
            for columns in itertools.chain([first], blocks):
                for row in zip(*columns.values(), strict=True):
                    copy.write_row(row)
        return
    statement = f'INSERT INTO "{name}" ({names}) VALUES ({", ".join("?" for _ in first)})'
    for columns in itertools.chain([first], blocks):
        _many(raw, statement, list(zip(*columns.values(), strict=True)))


def update_columns(conn: Connection, table: Table, columns: dict[str, list[Any]]) -> None:
    """Set the other columns of the rows whose ids ``columns["id"]`` lists, all at once: on
    PostgreSQL the new values are copied into a temporary table and joined in one ``UPDATE``."""
    if not columns.get("id"):
        return
    assert next(iter(columns)) == "id"
    check_columns(table, columns)
    raw: Any = conn.connection.dbapi_connection
    sets = ", ".join(f'"{c}" = new."{c}"' for c in list(columns)[1:])
    if _postgres(conn):
        names = ", ".join(f'"{c}"' for c in columns)
        conn.exec_driver_sql(
            f'CREATE TEMP TABLE "_new_{table.name}" ON COMMIT DROP AS '
            f'SELECT {names} FROM "{table.name}" WITH NO DATA'
        )
        count = len(columns["id"])
        _insert(
            conn, table, count, lambda start, stop: _rows(columns, start, stop),
            into=f"_new_{table.name}",
        )  # fmt: skip
        conn.exec_driver_sql(
            f'UPDATE "{table.name}" AS t SET {sets} FROM "_new_{table.name}" AS new '
            "WHERE t.id = new.id"
        )
        conn.exec_driver_sql(f'DROP TABLE "_new_{table.name}"')
        return
    assignments = ", ".join(f'"{c}" = ?' for c in list(columns)[1:])
    rows = zip(*list(columns.values())[1:], columns["id"], strict=True)
    _many(raw, f'UPDATE "{table.name}" SET {assignments} WHERE id = ?', list(rows))


def _many(raw: Any, statement: str, rows: Sequence[Sequence[Any]]) -> None:
    cursor = raw.cursor()
    try:
        cursor.executemany(statement, rows)
    finally:
        cursor.close()
