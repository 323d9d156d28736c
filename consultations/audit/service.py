"""The audit log, read by administrators: who changed or exported what, when."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from consultations.audit.model import AuditEntry
from consultations.audit.store import audit_rows
from consultations.core.access import Action, Actor, require
from consultations.core.database import Store
from consultations.core.typed import records_from
from consultations.households.service import household_in

COLUMNS = ["at", "actor", "action", "entity", "entity_id", "project_id", "before", "after"]


def audit_trail(
    store: Store,
    *,
    actor: Actor,
    user: str | None = None,
    project_id: int | None = None,
    household_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[AuditEntry]:
    """Entries newest first, filtered by user, project, household (its record and every entry that
    names its code) and days (``until`` included)."""
    require(actor, Action.MANAGE_USERS)
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC) if since else None
    end = (
        dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        if until
        else None
    )
    with store.read() as conn:
        rows = audit_rows(conn, actor=user, project_id=project_id, since=start, until=end)
        code = household_in(conn, household_id).code if household_id is not None else None
    frame = pd.DataFrame(rows, columns=["id", *COLUMNS])
    frame["at"] = pd.to_datetime(frame["at"], utc=True)  # SQLite gives it back naive, in UTC
    if household_id is not None:
        own = (frame.entity == "household") & (frame.entity_id == household_id)
        named = frame["after"].map(lambda a: isinstance(a, dict) and a.get("household") == code)
        frame = frame[own | named]
    return records_from(frame, AuditEntry)
