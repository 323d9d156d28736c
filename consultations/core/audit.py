"""The audit row, written in the same transaction as the change it records (and its event)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from consultations.core import schema as s
from consultations.core.database import new_id
from consultations.core.events import append_event


def json_safe(value: Any) -> Any:
    """A value as JSON can hold it: no NaN, no numpy scalars, dates as ISO text."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dt.date | pd.Timestamp):
        return value.isoformat()
    return value


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
) -> int:
    """Write the audit row and its change event, in the caller's transaction; returns the row id."""
    at = utcnow()
    audit_id = new_id(
        conn, s.audit_log, at=at, actor=actor, action=action, entity=entity,
        entity_id=entity_id, project_id=project_id, before=before, after=after,
    )  # fmt: skip
    append_event(
        conn, audit_id=audit_id, at=at, actor=actor, action=action, entity=entity,
        entity_id=entity_id, project_id=project_id, payload=after,
    )  # fmt: skip
    return audit_id
