"""Procedure steps' SQL."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, select

from consultations.core import schema as s
from consultations.core.audit import utcnow
from consultations.core.database import new_id
from consultations.core.frames import frame


def insert_step(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.procedure_steps, **values, recorded_at=utcnow())


def steps_of(conn: Connection, project_id: int, household_id: int | None = None) -> pd.DataFrame:
    p = s.procedure_steps
    query = select(p).where(p.c.project_id == project_id).order_by(p.c.happened_on, p.c.id)
    if household_id is not None:
        query = query.where(p.c.household_id == household_id)
    return frame(conn, query)
