"""Accounts in the store: users, their password hashes, sign-in failures and scopes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, case, delete, func, insert, select, update

from consultations.storage import schema as s
from consultations.storage.database import new_id


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


def household_communes(conn: Connection, household_id: int) -> tuple[int, set[str]]:
    """The household's project and the communes of the parcels it is linked to."""
    h, hp, p = s.households, s.household_parcels, s.parcels
    project_id = conn.scalar(select(h.c.project_id).where(h.c.id == household_id))
    rows = conn.execute(
        select(p.c.commune)
        .join(hp, hp.c.parcel_id == p.c.id)
        .where(hp.c.household_id == household_id)
    )
    return int(project_id or 0), {r.commune for r in rows if r.commune}


def project_household_communes(conn: Connection, project_id: int) -> dict[int, set[str]]:
    """``household_communes`` for every household of a project, in one query."""
    h, hp, p = s.households, s.household_parcels, s.parcels
    rows = conn.execute(
        select(h.c.id, p.c.commune)
        .select_from(
            h.outerjoin(hp, hp.c.household_id == h.c.id).outerjoin(p, p.c.id == hp.c.parcel_id)
        )
        .where(h.c.project_id == project_id)
    ).all()
    communes: dict[int, set[str]] = {}
    for household_id, commune in rows:
        communes.setdefault(int(household_id), set())
        if commune:
            communes[int(household_id)].add(commune)
    return communes


def utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes: they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def concern_household(conn: Connection, concern_id: int) -> int | None:
    value = conn.scalar(select(s.concerns.c.household_id).where(s.concerns.c.id == concern_id))
    return int(value) if value is not None else None


def parcel_places(conn: Connection, parcel_ids: list[int]) -> dict[int, tuple[int, str | None]]:
    """Each listed parcel's project and commune."""
    p = s.parcels
    rows = conn.execute(
        select(p.c.id, p.c.project_id, p.c.commune).where(p.c.id.in_(parcel_ids))
    ).all()
    return {int(r.id): (int(r.project_id), r.commune or None) for r in rows}


def record_owner(conn: Connection, table_name: str, row_id: int) -> tuple[int, int | None] | None:
    """The project and household (if any) of a concern or commitment; None if there is no such
    record. Scope is checked on the record's own project, never on one the caller names."""
    table = s.metadata.tables[table_name]
    row = conn.execute(
        select(table.c.project_id, table.c.household_id).where(table.c.id == row_id)
    ).one_or_none()
    if row is None:
        return None
    return int(row.project_id), (int(row.household_id) if row.household_id is not None else None)


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
