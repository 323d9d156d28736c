"""Browser sessions' SQL: open, find and end them by the hash of their token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, insert, select, update

from consultations.storage import schema as s


def insert_session(
    conn: Connection, token_sha256: str, user_id: int, now: dt.datetime, expires_at: dt.datetime
) -> None:
    conn.execute(
        insert(s.sessions).values(
            token_sha256=token_sha256, user_id=user_id, created_at=now, expires_at=expires_at
        )
    )


def live_session_user(conn: Connection, token_sha256: str, now: dt.datetime) -> Any:
    """The user row of a session neither ended nor expired (None otherwise)."""
    x, u = s.sessions, s.users
    return (
        conn.execute(
            select(u)
            .join(x, x.c.user_id == u.c.id)
            .where(x.c.token_sha256 == token_sha256, x.c.ended_at.is_(None), x.c.expires_at > now)
        )
        .mappings()
        .one_or_none()
    )


def end_sessions(
    conn: Connection,
    now: dt.datetime,
    *,
    token_sha256: str | None = None,
    user_id: int | None = None,
) -> None:
    """End one session (by its token) or every session of a user."""
    x = s.sessions
    query = update(x).where(x.c.ended_at.is_(None)).values(ended_at=now)
    if token_sha256 is not None:
        query = query.where(x.c.token_sha256 == token_sha256)
    if user_id is not None:
        query = query.where(x.c.user_id == user_id)
    conn.execute(query)
