"""The audit row, written in the same transaction as the change it records (and its event)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from consultations.core import schema as s
from consultations.core.database import new_id
from consultations.core.errors import InvalidRecord
from consultations.core.events import READING_ACTIONS, append_event
from translations import _


def json_safe(value: Any) -> Any:
    """A value as JSON can hold it: no NaN, no numpy scalars, dates as ISO text."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dt.date | pd.Timestamp):
        return value.isoformat()
    return value


#: What a closed project still allows: reading its records, and being reopened.
STILL_ALLOWED_WHEN_CLOSED = READING_ACTIONS | {"reopen"}


def closed_name(conn: Connection, project_id: int) -> str | None:
    """The project's name if it is closed (None: open, or no such project)."""
    row = conn.execute(
        select(s.projects.c.name, s.projects.c.closed_at).where(s.projects.c.id == project_id)
    ).one_or_none()
    return row.name if row is not None and row.closed_at is not None else None


def refuse_closed(name: str | None) -> None:
    """Refuse a change of the closed project ``name`` (None: the project is open)."""
    if name is not None:
        raise InvalidRecord(
            _(
                "“{name}” is closed: its records can be read and exported, not changed. An "
                "administrator can reopen it."
            ).format(name=name)
        )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def write_audit(
    conn: Connection,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    project_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
    closed_checked: bool = False,
) -> int:
    """Write the audit row and its change event, in the caller's transaction; returns the row id.

    Every change of a project's records passes here, so this is where a closed project refuses
    it (unless ``closed_checked``: a unit of work checks it once per command): raising rolls the
    whole transaction back. Reading (exports, opening a file) and reopening go on."""
    if project_id is not None and action not in STILL_ALLOWED_WHEN_CLOSED and not closed_checked:
        refuse_closed(closed_name(conn, project_id))
    at = at or utcnow()
    audit_id = new_id(
        conn, s.audit_log, at=at, actor=actor, action=action, entity=entity,
        entity_id=entity_id, project_id=project_id, before=before, after=after,
    )  # fmt: skip
    append_event(
        conn, audit_id=audit_id, at=at, actor=actor, action=action, entity=entity,
        entity_id=entity_id, project_id=project_id, payload=after,
    )  # fmt: skip
    return audit_id


def audited_since(
    conn: Connection, *, actor: str, action: str, entity: str, since: dt.datetime
) -> set[int]:
    """The ids of ``entity`` rows that ``actor``'s ``action`` was already logged for since ``since``
    (a reading logged once a day, not at every rerun of a page)."""
    a = s.audit_log
    query = select(a.c.entity_id).where(a.c.actor == actor, a.c.action == action,
                                        a.c.entity == entity, a.c.at >= since)  # fmt: skip
    return {int(i) for i in conn.scalars(query) if i is not None}


def audit_rows_of(conn: Connection, *, entity: str, entity_id: int) -> list[Any]:
    """One record's audit rows, oldest first (id, at, actor, action, after): who changed what
    on it, and when."""
    a = s.audit_log
    query = (
        select(a.c.id, a.c.at, a.c.actor, a.c.action, a.c.after)
        .where(a.c.entity == entity, a.c.entity_id == entity_id)
        .order_by(a.c.id)
    )
    return list(conn.execute(query))
