"""Writing many rows at once, column-wise: ``COPY`` on PostgreSQL, ``executemany`` on SQLite, a
block of rows at a time.

A 100 000-parcel layer is written in about two seconds this way, where SQLAlchemy's row-by-row
``INSERT … RETURNING`` (and its per-value type processing) took over ten. On PostgreSQL a thread
sends each block while the next one is made, so the server's upkeep of the table's indexes and
foreign keys (most of the time) runs beside our making of the text, not after it. Values must
already be what the driver takes: ``geometries`` encodes shapes all at once (hex EWKB text for
PostGIS, EWKB bytes for SQLite), ``json_text`` a JSON column's value. ``insert_new`` returns the
new rows' ids in row order without ``RETURNING``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import ColumnElement, Connection, Table, func, select, text

from consultations.core.bounds import check_columns

_NEEDS_ESCAPE = r"[\\\t\n\r]"
_BLOCK = 10_000  # rows per COPY block sent while the next is made


def _postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def new_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` fresh ids for ``table``, in order. On SQLite the write transaction (``BEGIN
    IMMEDIATE``) already keeps every other writer out, so the next ids are simply the next numbers."""
    if count == 0:
        return []
    if _postgres(conn):  # one row holding them all, not 100 000 rows to fetch one by one
        ids = conn.scalar(
            text(
                "SELECT array_agg(nextval(pg_get_serial_sequence(:table, 'id')) ORDER BY n) "
                "FROM generate_series(1, :n) AS n"
            ),
            {"table": table.name, "n": count},
        )
        return [int(i) for i in ids]
    start = int(conn.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1
    return list(range(start, start + count))


def geometries(conn: Connection, geoms: np.ndarray, epsg: int) -> list[Any]:
    """Shapes as the driver stores them, with their SRID, encoded in one call."""
    with_srid = shapely.set_srid(geoms, epsg)
    return list(shapely.to_wkb(with_srid, hex=_postgres(conn), include_srid=True))


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
    mine: ColumnElement[bool],
) -> list[int]:
    """Insert ``count`` rows whose values (without ``id``) ``block(start, stop)`` gives a block at
    a time, and return their new ids in row order. ``mine`` picks out the rows this transaction
    writes (e.g. its layer's), so that rows other writers commit meanwhile are never mistaken for
    them. On PostgreSQL the server numbers the rows as they arrive, in order; on SQLite the write
    transaction keeps every other writer out, so the ids are taken first."""
    if count == 0:
        return []
    if not _postgres(conn):
        ids = new_ids(conn, table, count)
        _insert(
            conn,
            table,
            count,
            lambda start, stop: {"id": ids[start:stop], **block(start, stop)},
        )
        return ids
    floor = int(conn.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0)
    _insert(conn, table, count, block)
    query = select(table.c.id).where(table.c.id > floor, mine).order_by(table.c.id)
    ids = [row[0] for row in conn.execute(query).fetchall()]
    assert len(ids) == count, "rows numbered by another writer"
    return ids


def _rows(columns: dict[str, list[Any]], start: int, stop: int) -> dict[str, list[Any]]:
    return {name: values[start:stop] for name, values in columns.items()}


def _checked(table: Table, columns: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """A block's text checked against its columns' limits: ``COPY`` and the driver's own
    ``executemany`` pass by SQLAlchemy, so by the store's check of each statement too."""
    check_columns(table, columns)
    return columns


def _copy_text(values: list[Any]) -> pd.Series:
    """One column as PostgreSQL's COPY text format writes it: ``\\N`` for NULL, text with its
    backslashes, tabs and line breaks escaped; made for the whole column at once."""
    series = pd.Series(values, dtype=object)
    missing = series.isna().to_numpy()
    present = series[~missing]
    if present.empty:
        return pd.Series(["\\N"] * len(series), dtype=object)
    kind = pd.api.types.infer_dtype(present, skipna=False)
    if kind == "string":
        text = present.astype("string")
        if text.str.contains(
            _NEEDS_ESCAPE, regex=True
        ).any():  # seldom: hex shapes and keys hold none
            for raw, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
                text = text.str.replace(raw, escaped, regex=False)
        cells = text.astype(object)
    elif kind == "boolean":
        cells = present.map(lambda v: "t" if v else "f")
    elif kind in ("integer", "floating"):
        cells = present.to_numpy(dtype=int if kind == "integer" else float).astype(str)
    else:  # dates, mixed: their own text; anything else through str()
        cells = present.map(str)
    out = pd.Series("\\N", index=series.index, dtype=object)
    out[~missing] = np.asarray(cells, dtype=object)
    return out


def _copy_block(columns: list[list[Any]]) -> bytes:
    """Rows as COPY text: each column made at once, then joined row by row with tabs."""
    cells = [_copy_text(values) for values in columns]
    lines = cells[0].str.cat(cells[1:], sep="\t") if len(cells) > 1 else cells[0]
    return ("\n".join(lines.tolist()) + "\n").encode("utf-8")


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
        statement = f'COPY "{name}" ({names}) FROM STDIN'
        with (
            raw.cursor() as cursor,
            cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy,
        ):
            for columns in itertools.chain([first], blocks):
                copy.write(_copy_block(list(columns.values())))
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
