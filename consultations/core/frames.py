"""A query's rows as a data frame, for read models that are tables."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection


def frame(conn: Connection, query: Any) -> pd.DataFrame:
    rows = conn.execute(query).mappings().all()
    return pd.DataFrame([dict(r) for r in rows], columns=list(query.selected_columns.keys()))
