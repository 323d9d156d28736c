"""The outbox's and contact consents' SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select, update

from consultations.core import schema as s
from consultations.core.database import new_id


def insert_consent(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.contact_consents, **values)


def consents_of(
    conn: Connection, household_id: int | None = None, username: str | None = None
) -> list[dict[str, Any]]:
    """Every consent row of a household (or an official), oldest first."""
    c = s.contact_consents
    query = select(c).order_by(c.c.on_date, c.c.id)
    query = query.where(c.c.household_id == household_id) if household_id is not None else (
        query.where(c.c.username == username))  # fmt: skip
    return [dict(r) for r in conn.execute(query).mappings()]


def insert_message(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.outbox, **values)


def due_messages(conn: Connection, now: dt.datetime, limit: int) -> list[dict[str, Any]]:
    o = s.outbox
    query = (
        select(o).where(o.c.state == "pending", o.c.next_attempt_at <= now)
        .order_by(o.c.next_attempt_at, o.c.id).limit(limit)
    )  # fmt: skip
    return [dict(r) for r in conn.execute(query).mappings()]


def claim(conn: Connection, message_id: int, seen: dt.datetime, until: dt.datetime) -> bool:
    """Take the message for one try (another deliverer that read it too finds it taken)."""
    o = s.outbox
    done = conn.execute(
        update(o).where(o.c.id == message_id, o.c.state == "pending", o.c.next_attempt_at == seen)
        .values(next_attempt_at=until)
    )  # fmt: skip
    return done.rowcount == 1


def set_outcome(conn: Connection, message_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(s.outbox).where(s.outbox.c.id == message_id).values(**values))


def messages_of(
    conn: Connection, household_id: int | None = None, username: str | None = None
) -> list[dict[str, Any]]:
    o = s.outbox
    query = select(o).order_by(o.c.created_at.desc(), o.c.id.desc())
    query = query.where(o.c.household_id == household_id) if household_id is not None else (
        query.where(o.c.username == username))  # fmt: skip
    return [dict(r) for r in conn.execute(query).mappings()]
