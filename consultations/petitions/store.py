"""Petitions', reception sessions' and backlog cases' SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from consultations.core import receipt_rows
from consultations.core import schema as s
from consultations.core.audit import utcnow as utc_now
from consultations.core.database import new_id
from consultations.core.receipts import PETITION_PREFIX


def insert_petition(conn: Connection, values: dict[str, Any]) -> int | None:
    """The new petition's id; None if its body's register already holds its number (a save at
    the same moment on PostgreSQL took it after this one looked)."""
    try:
        with conn.begin_nested():
            return new_id(
                conn, s.petitions, **with_references(conn, [values])[0],
                recorded_at=utc_now(), version=1,
            )  # fmt: skip
    except IntegrityError:
        if petition_by_reference(conn, values["body"], values["reference"]) is None:
            raise
        return None


def with_references(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows, each with a public reference no petition holds (unless the caller chose it)."""
    refs = receipt_rows.fresh_references(conn, s.petitions, PETITION_PREFIX, len(rows))
    return [{"public_ref": ref, **row} for ref, row in zip(refs, rows, strict=True)]


def petition_by_reference(conn: Connection, body: str, reference: str) -> dict[str, Any] | None:
    p = s.petitions
    query = select(p).where(p.c.body == body, p.c.reference == reference)
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def insert_petitions(conn: Connection, rows: list[dict[str, Any]]) -> set[str]:
    """Insert all the rows, or none: then the numbers of theirs that their bodies' registers hold
    (a save at the same moment on PostgreSQL took them after the caller looked)."""
    if not rows:
        return set()
    now = utc_now()
    try:
        with conn.begin_nested():
            fresh = with_references(conn, [{**r, "recorded_at": now, "version": 1} for r in rows])
            conn.execute(s.petitions.insert(), fresh)
    except IntegrityError:
        taken = {r["reference"] for r in rows if r["reference"] in references(conn, r["body"])}
        if not taken:
            raise
        return taken
    return set()


def petition_row(conn: Connection, petition_id: int) -> dict[str, Any] | None:
    row = (
        conn.execute(select(s.petitions).where(s.petitions.c.id == petition_id)).mappings().first()
    )
    return dict(row) if row else None


def petition_rows(
    conn: Connection,
    *,
    body: str | None = None,
    household_id: int | None = None,
    received: tuple[dt.date, dt.date] | None = None,
    project_id: int | None = None,
) -> list[dict[str, Any]]:
    p, h = s.petitions, s.households
    query = select(p, h.c.code.label("household_code")).outerjoin(h, h.c.id == p.c.household_id)
    if body is not None:
        query = query.where(p.c.body == body)
    if household_id is not None:
        query = query.where(p.c.household_id == household_id)
    if received is not None:
        query = query.where(p.c.received_on.between(*received))
    if project_id is not None:
        query = query.where(p.c.project_id == project_id)
    return [dict(r) for r in conn.execute(query.order_by(p.c.received_on, p.c.id)).mappings()]


def concern_owner(conn: Connection, concern_id: int) -> tuple[int, int | None] | None:
    """The project and household of a concern (None: no such concern)."""
    c = s.concerns
    row = conn.execute(select(c.c.project_id, c.c.household_id).where(c.c.id == concern_id)).first()
    return (row[0], row[1]) if row else None


def references(conn: Connection, body: str) -> set[str]:
    p = s.petitions
    return {str(r) for r in conn.scalars(select(p.c.reference).where(p.c.body == body))}


def bodies(conn: Connection) -> list[str]:
    names = set(conn.scalars(select(s.petitions.c.body).distinct()))
    names |= set(conn.scalars(select(s.reception_sessions.c.body).distinct()))
    names |= set(conn.scalars(select(s.backlog_cases.c.body).distinct()))
    return sorted(names)


def insert_session(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.reception_sessions, **values, recorded_at=utc_now(), version=1)


def session_rows(
    conn: Connection, body: str | None = None, project_id: int | None = None
) -> list[dict[str, Any]]:
    r = s.reception_sessions
    query = select(r).order_by(r.c.held_on, r.c.planned_on, r.c.id)
    if body is not None:
        query = query.where(r.c.body == body)
    if project_id is not None:
        query = query.where(r.c.project_id == project_id)
    return [dict(row) for row in conn.execute(query).mappings()]


def session_row(conn: Connection, session_id: int) -> dict[str, Any] | None:
    r = s.reception_sessions
    row = conn.execute(select(r).where(r.c.id == session_id)).mappings().first()
    return dict(row) if row else None


def insert_citizens(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        now = utc_now()
        conn.execute(s.session_citizens.insert(), [{**r, "recorded_at": now} for r in rows])


def citizen_rows(
    conn: Connection, *, session_id: int | None = None, household_id: int | None = None
) -> list[dict[str, Any]]:
    """Citizens heard, with their household's code and project and the session's day and body."""
    c, h, r = s.session_citizens, s.households, s.reception_sessions
    query = (
        select(
            c,
            h.c.code.label("household_code"),
            r.c.held_on,
            r.c.body,
            func.coalesce(h.c.project_id, r.c.project_id).label("project_id"),
        )
        .outerjoin(h, h.c.id == c.c.household_id)
        .join(r, r.c.id == c.c.session_id)
        .order_by(r.c.held_on, c.c.id)
    )
    if session_id is not None:
        query = query.where(c.c.session_id == session_id)
    if household_id is not None:
        query = query.where(c.c.household_id == household_id)
    return [dict(row) for row in conn.execute(query).mappings()]


def session_denunciations(conn: Connection, session_ids: set[int]) -> list[dict[str, Any]]:
    """The denunciations received at these sessions: who filed each, its project and handler."""
    p = s.petitions
    query = select(p.c.session_id, p.c.household_id, p.c.filer_name, p.c.project_id, p.c.handler,
                   p.c.kind).where(p.c.session_id.in_(session_ids), p.c.kind == "denunciation")  # fmt: skip
    return [dict(row) for row in conn.execute(query).mappings()] if session_ids else []


def insert_case(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.backlog_cases, **values, version=1)


def case_rows(conn: Connection, body: str | None = None) -> list[dict[str, Any]]:
    c = s.backlog_cases
    query = select(c).order_by(c.c.listed_on, c.c.id)
    if body is not None:
        query = query.where(c.c.body == body)
    return [dict(row) for row in conn.execute(query).mappings()]


def case_row(conn: Connection, case_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(s.backlog_cases).where(s.backlog_cases.c.id == case_id)).mappings()
    first = row.first()
    return dict(first) if first else None


def insert_case_session(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.backlog_sessions, **values)


def case_sessions(conn: Connection, case_ids: list[int]) -> list[dict[str, Any]]:
    b = s.backlog_sessions
    query = select(b).where(b.c.case_id.in_(case_ids)).order_by(b.c.held_on, b.c.id)
    return [dict(row) for row in conn.execute(query).mappings()] if case_ids else []


def insert_step(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.petition_steps, **values, recorded_at=utc_now())


def step_rows(conn: Connection, petition_id: int) -> list[dict[str, Any]]:
    t = s.petition_steps
    query = select(t).where(t.c.petition_id == petition_id).order_by(t.c.id)
    return [dict(row) for row in conn.execute(query).mappings()]


def set_key_hash(conn: Connection, petition_id: int, key_hash: str) -> str | None:
    """Store a new key's hash; the petition's reference (None: no such petition)."""
    return receipt_rows.set_key_hash(conn, s.petitions, petition_id, key_hash)


def petition_by_public_ref(conn: Connection, public_ref: str) -> dict[str, Any] | None:
    return receipt_rows.row_by_public_ref(conn, s.petitions, public_ref)


def public_ref_of(conn: Connection, petition_id: int) -> str | None:
    return receipt_rows.public_ref_of(conn, s.petitions, petition_id)
