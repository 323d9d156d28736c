"""Concerns' SQL."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, select

from consultations.core import receipt_rows
from consultations.core import schema as s
from consultations.core.database import new_id
from consultations.core.frames import frame
from consultations.core.receipts import CONCERN_PREFIX


def concerns_of(conn: Connection, project_id: int, household_id: int | None = None) -> pd.DataFrame:
    c, h = s.concerns, s.households
    query = (
        select(c, h.c.code.label("household_code"), h.c.head_name, h.c.village)
        .outerjoin(h, h.c.id == c.c.household_id)
        .where(c.c.project_id == project_id)
        .order_by(c.c.received_on, c.c.id)
    )
    if household_id is not None:
        query = query.where(c.c.household_id == household_id)
    return frame(conn, query)


def insert_concern(conn: Connection, project_id: int, values: dict[str, Any]) -> int:
    row = with_references(conn, [{**values, "project_id": project_id, "version": 1}])[0]
    return new_id(conn, s.concerns, **row)


def with_references(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows, each with a public reference no concern holds (unless the caller chose it)."""
    refs = receipt_rows.fresh_references(conn, s.concerns, CONCERN_PREFIX, len(rows))
    return [{"public_ref": ref, **row} for ref, row in zip(refs, rows, strict=True)]


def fresh_reference(conn: Connection) -> str:
    """A public reference no concern holds yet (to print on its receipt)."""
    return str(with_references(conn, [{}])[0]["public_ref"])


def set_key_hash(conn: Connection, concern_id: int, key_hash: str) -> str | None:
    """Store a new key's hash; the concern's reference (None: no such concern)."""
    return receipt_rows.set_key_hash(conn, s.concerns, concern_id, key_hash)


def concern_by_public_ref(conn: Connection, public_ref: str) -> dict[str, Any] | None:
    return receipt_rows.row_by_public_ref(conn, s.concerns, public_ref)


def public_ref_of(conn: Connection, concern_id: int) -> str | None:
    return receipt_rows.public_ref_of(conn, s.concerns, concern_id)
