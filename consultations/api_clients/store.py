"""API clients' SQL: the clients, their webhooks, the outbox of deliveries, the feed's pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, and_, or_, select, update

from consultations.core import schema as s
from consultations.core.database import new_id
from consultations.core.events import DATA_STREAMS


def insert_client(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.api_clients, **values)


def client_rows(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(s.api_clients).order_by(s.api_clients.c.id)).mappings()
    return [dict(r) for r in rows]


def client_by(
    conn: Connection, *, name: str | None = None, key_sha256: str | None = None
) -> dict[str, Any] | None:
    c = s.api_clients
    where = c.c.name == name if name is not None else c.c.key_sha256 == key_sha256
    row = conn.execute(select(c).where(where)).mappings().one_or_none()
    return dict(row) if row else None


def set_revoked(conn: Connection, client_id: int, at: dt.datetime) -> None:
    c = s.api_clients
    conn.execute(update(c).where(c.c.id == client_id).values(revoked_at=at))
    w = s.webhooks
    conn.execute(update(w).where(w.c.client_id == client_id).values(active=False))


def insert_webhook(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.webhooks, **values)


def webhook_rows(conn: Connection, client_id: int | None = None) -> list[dict[str, Any]]:
    w = s.webhooks
    query = select(w).order_by(w.c.id)
    if client_id is not None:
        query = query.where(w.c.client_id == client_id)
    return [dict(r) for r in conn.execute(query).mappings()]


def delivery_rows(conn: Connection, webhook_ids: list[int], limit: int) -> list[dict[str, Any]]:
    d = s.webhook_deliveries
    query = select(d).where(d.c.webhook_id.in_(webhook_ids)).order_by(d.c.id.desc()).limit(limit)
    return [dict(r) for r in conn.execute(query).mappings()]


def due_deliveries(conn: Connection, now: dt.datetime, limit: int) -> list[dict[str, Any]]:
    """Pending deliveries whose time has come, oldest first, with their webhook and event."""
    d, w, e, c = s.webhook_deliveries, s.webhooks, s.events, s.api_clients
    query = (
        select(d.c.id, d.c.attempts, d.c.event_id, w.c.url, w.c.secret, e.c.at, e.c.kind,
               e.c.entity, e.c.entity_id, e.c.project_id, c.c.role.label("client_role"),
               c.c.projects.label("client_projects"))
        .join(w, w.c.id == d.c.webhook_id)
        .join(c, c.c.id == w.c.client_id)
        .join(e, e.c.id == d.c.event_id)
        .where(d.c.status == "pending", d.c.next_attempt_at <= now, w.c.active.is_(True))
        .order_by(d.c.id)
        .limit(limit)
    )  # fmt: skip
    return [dict(r) for r in conn.execute(query).mappings()]


def update_delivery(conn: Connection, delivery_id: int, values: dict[str, Any]) -> None:
    d = s.webhook_deliveries
    conn.execute(update(d).where(d.c.id == delivery_id).values(**values))


def changes_after(
    conn: Connection, after_id: int, limit: int, project_ids: frozenset[int] | None
) -> list[dict[str, Any]]:
    """The data streams' events after ``after_id`` in order (of the listed projects and the
    store-wide ones, when ``project_ids`` is given), at most ``limit``; never their payloads."""
    e, ce = s.events, s.consent_events
    query = (
        select(
            e.c.id, e.c.at, e.c.kind, e.c.entity, e.c.entity_id, e.c.project_id, ce.c.household_id
        )  # a consent event's household, which it moved to a new version
        .outerjoin(ce, and_(e.c.entity == "consent_event", ce.c.id == e.c.entity_id))
        .where(e.c.id > after_id, e.c.stream.in_([str(x) for x in DATA_STREAMS]))
        .order_by(e.c.id)
        .limit(limit)
    )
    if project_ids is not None:
        query = query.where(
            or_(e.c.project_id.in_(list(project_ids)), and_(e.c.project_id.is_(None)))
        )
    return [dict(r) for r in conn.execute(query).mappings()]
