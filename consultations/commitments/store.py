"""Commitments' SQL."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, select

from consultations.core import schema as s
from consultations.core.database import new_id
from consultations.core.frames import frame


def commitments_of(conn: Connection, project_id: int) -> pd.DataFrame:
    c, m = s.commitments, s.meetings
    query = (
        select(c, m.c.held_at.label("meeting_held_at"), m.c.place.label("meeting_place"))
        .outerjoin(m, m.c.id == c.c.meeting_id)
        .where(c.c.project_id == project_id)
        .order_by(c.c.due_on, c.c.id)
    )
    return frame(conn, query)


def insert_commitment(conn: Connection, project_id: int, values: dict[str, Any]) -> int:
    row = {"status": "open", **values, "project_id": project_id, "version": 1}
    return new_id(conn, s.commitments, **row)
