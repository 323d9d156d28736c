"""The reception days ahead, as the public page lists them: day, place and who receives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from consultations.core.database import Connection
from consultations.petitions import store as _store


@dataclass(frozen=True)
class ReceptionDay:
    on: dt.date
    body: str
    place: str | None


def reception_days_in(
    conn: Connection, project_id: int, body: str | None, today: dt.date
) -> list[ReceptionDay]:
    """Scheduled, not yet held sessions from ``today`` on: the project's own, and its issuing
    body's general ones. In the caller's transaction."""
    rows = _store.session_rows(conn, project_id=project_id)
    if body:
        rows += [r for r in _store.session_rows(conn, body=body) if r["project_id"] is None]
    days = {
        (r["planned_on"], r["body"], r["place"])
        for r in rows
        if r["held_on"] is None and r["planned_on"] is not None and r["planned_on"] >= today
    }
    return [ReceptionDay(*d) for d in sorted(days, key=lambda d: (d[0], d[1], d[2] or ""))]
