"""A receipt's reference and key hash as stored: the same three reads and writes on any table of
matters a citizen can follow (concerns and petitions), each feature's store naming its table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, select, update


def set_key_hash(conn: Connection, table: Table, row_id: int, key_hash: str) -> str | None:
    """Store a new key's hash on row ``row_id``; the row's reference (None: no such row)."""
    conn.execute(update(table).where(table.c.id == row_id).values(key_hash=key_hash))
    return public_ref_of(conn, table, row_id)


def row_by_public_ref(conn: Connection, table: Table, public_ref: str) -> dict[str, Any] | None:
    row = conn.execute(select(table).where(table.c.public_ref == public_ref)).mappings().first()
    return dict(row) if row else None


def public_ref_of(conn: Connection, table: Table, row_id: int) -> str | None:
    found = conn.execute(
        select(table.c.public_ref).where(table.c.id == row_id)
    ).scalar_one_or_none()
    return None if found is None else str(found)
