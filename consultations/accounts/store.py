"""Accounts' SQL: users, their scopes, the sign-in attempt counter, browser sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, case, delete, func, insert, select, update

from consultations.core import schema as s
from consultations.core.database import new_id


def user_row(conn: Connection, username: str) -> dict[str, Any] | None:
    row = (
        conn.execute(select(s.users).where(s.users.c.username == username)).mappings().one_or_none()
    )
    return dict(row) if row else None


def user_row_any_case(conn: Connection, username: str) -> dict[str, Any] | None:
    """``user_row`` ignoring letter case (e-mail addresses from a single sign-on)."""
    u = s.users
    rows = (
        conn.execute(select(u).where(func.lower(u.c.username) == username.lower())).mappings().all()
    )
    return dict(rows[0]) if len(rows) == 1 else None


def user_by_id(conn: Connection, user_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(s.users).where(s.users.c.id == user_id)).mappings().one_or_none()
    return dict(row) if row is not None else None


def user_count(conn: Connection) -> int:
    return int(conn.scalar(select(func.count()).select_from(s.users)) or 0)


def insert_user(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.users, **values)


def update_user(conn: Connection, user_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(s.users).where(s.users.c.id == user_id).values(**values))


def scopes_of(conn: Connection, user_id: int) -> list[tuple[int, str | None]]:
    rows = conn.execute(
        select(s.user_scopes.c.project_id, s.user_scopes.c.commune)
        .where(s.user_scopes.c.user_id == user_id)
        .order_by(s.user_scopes.c.id)
    )
    return [(int(r.project_id), r.commune) for r in rows]


def replace_scopes(conn: Connection, user_id: int, scopes: list[tuple[int, str | None]]) -> None:
    conn.execute(delete(s.user_scopes).where(s.user_scopes.c.user_id == user_id))
    if scopes:
        conn.execute(
            insert(s.user_scopes),
            [{"user_id": user_id, "project_id": p, "commune": c} for p, c in scopes],
        )


def all_users(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(s.users).order_by(s.users.c.username)).mappings()
    return [{k: v for k, v in r.items() if k != "password_hash"} for r in rows]


def utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes: they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def claim_attempt(
    conn: Connection, user_id: int, now: dt.datetime, max_failures: int
) -> int | None:
    """Count one more sign-in attempt, atomically, before its password is checked: the new count,
    or None while the account is locked or has used up its attempts. A lock that has run out is
    lifted here (the count starts again), in the same single statement."""
    u = s.users
    expired = u.c.locked_until.is_not(None) & (u.c.locked_until <= now)
    row = conn.execute(
        update(u)
        .where(
            u.c.id == user_id,
            u.c.locked_until.is_(None) | (u.c.locked_until <= now),
            (u.c.failed_attempts < max_failures) | expired,
        )
        .values(
            failed_attempts=case((expired, 1), else_=u.c.failed_attempts + 1),
            locked_until=case((expired, None), else_=u.c.locked_until),
        )
        .returning(u.c.failed_attempts)
    ).one_or_none()
    return int(row[0]) if row is not None else None


def insert_session(
    conn: Connection, token_sha256: str, user_id: int, now: dt.datetime, expires_at: dt.datetime
) -> None:
    conn.execute(
        insert(s.sessions).values(
            token_sha256=token_sha256,
            user_id=user_id,
            created_at=now,
            expires_at=expires_at,
            last_seen_at=now,
        )
    )


def _last_seen() -> Any:
    x = s.sessions
    return func.coalesce(x.c.last_seen_at, x.c.created_at)


def live_session_user(
    conn: Connection, token_sha256: str, now: dt.datetime, idle_since: dt.datetime
) -> Any:
    """The user row of a session neither ended, expired, nor idle since before ``idle_since``
    (None otherwise), with the session's last activity as ``session_seen_at``."""
    x, u = s.sessions, s.users
    return (
        conn.execute(
            select(u, _last_seen().label("session_seen_at"))
            .join(x, x.c.user_id == u.c.id)
            .where(
                x.c.token_sha256 == token_sha256,
                x.c.ended_at.is_(None),
                x.c.expires_at > now,
                _last_seen() > idle_since,
            )
        )
        .mappings()
        .one_or_none()
    )


def touch_session(
    conn: Connection, token_sha256: str, now: dt.datetime, seen_before: dt.datetime
) -> None:
    """Record activity ``now`` on a live session last seen before ``seen_before`` (else nothing:
    the clock moves at most that often, and never back)."""
    x = s.sessions
    conn.execute(
        update(x)
        .where(x.c.token_sha256 == token_sha256, x.c.ended_at.is_(None), _last_seen() < seen_before)
        .values(last_seen_at=now)
    )


def end_sessions(
    conn: Connection,
    now: dt.datetime,
    *,
    token_sha256: str | None = None,
    user_id: int | None = None,
    keep_sha256: str | None = None,
) -> int:
    """End one session (by its token) or every session of a user (but ``keep_sha256``'s);
    returns how many ended."""
    x = s.sessions
    query = update(x).where(x.c.ended_at.is_(None)).values(ended_at=now)
    if token_sha256 is not None:
        query = query.where(x.c.token_sha256 == token_sha256)
    if user_id is not None:
        query = query.where(x.c.user_id == user_id)
    if keep_sha256 is not None:
        query = query.where(x.c.token_sha256 != keep_sha256)
    return int(conn.execute(query).rowcount or 0)
