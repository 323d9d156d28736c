"""Concerns' SQL."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, select

from consultations.core import schema as s
from consultations.core.database import new_id
from consultations.core.frames import frame


def concerns_of(conn: Connection, project_id: int, household_id: int | None = None) -> pd.DataFrame:
    c, h = s.concerns, s.households
    query = (
        select(c, h.c.code.label("household_code"), h.c.head_name, h.c.village)
        .outerjoin(h, h.c.id == c.c.household_id)
        .where(c.c.project_id == project_id)
        .order_by(c.c.received_on, c.c.id)
    )
    if household_id is not None:
        query = query.where(c.c.household_id == household_id)
    return frame(conn, query)


def insert_concern(conn: Connection, project_id: int, values: dict[str, Any]) -> int:
    row = {**values, "project_id": project_id, "version": 1}
    return new_id(conn, s.concerns, **row)
