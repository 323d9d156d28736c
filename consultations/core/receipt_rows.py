"""A receipt's reference and key hash as stored: the same three reads and writes on any table of
matters a citizen can follow (concerns and petitions), each feature's store naming its table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, select, update

from consultations.core.receipts import new_reference


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


def fresh_references(conn: Connection, table: Table, prefix: str, count: int) -> list[str]:
    """``count`` new references, distinct from each other and from every reference ``table``
    holds: a register of thousands of petitions would otherwise draw the same one now and then
    (about one import in a hundred at 4 000 rows)."""
    chosen: set[str] = set()
    while len(chosen) < count:
        drawn = {new_reference(prefix) for _ in range(count - len(chosen))} - chosen
        for block in _blocks(sorted(drawn), 5_000):
            query = select(table.c.public_ref).where(table.c.public_ref.in_(block))
            drawn -= {str(ref) for ref in conn.execute(query).scalars()}
        chosen |= drawn
    return sorted(chosen)


def _blocks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
