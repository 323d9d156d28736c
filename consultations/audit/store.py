"""The audit log's SQL: its rows, newest first, and the latest id."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, func, select

from consultations.core import schema as s


def latest_audit_id(conn: Connection) -> int:
    """The id of the latest audit entry of any kind."""
    return int(conn.scalar(select(func.max(s.audit_log.c.id))) or 0)


def audit_rows(
    conn: Connection,
    *,
    actor: str | None = None,
    project_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 5000,
) -> list[dict[str, Any]]:
    a = s.audit_log
    query = select(a).order_by(a.c.id.desc()).limit(limit)
    if actor:
        query = query.where(a.c.actor == actor)
    if project_id is not None:
        query = query.where(a.c.project_id == project_id)
    if since is not None:
        query = query.where(a.c.at >= since)
    if until is not None:
        query = query.where(a.c.at < until)
    return [dict(r) for r in conn.execute(query).mappings()]
