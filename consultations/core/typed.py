"""Rows of a read model as frozen typed records: what crosses a door is a record, not a frame.

``records_from`` turns each row into the dataclass named, by field name: a missing value (None,
NaN, NaT) becomes ``None``, a timestamp of a ``date`` field its day, a numpy scalar a Python
value, and a field typed with an enum gets the enum member.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from enum import Enum
from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T")


def _plain(value: Any) -> Any:
    if value is None or (not isinstance(value, (str, dict, list, tuple)) and pd.isna(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def _coerce(value: Any, hint: Any) -> Any:
    value = _plain(value)
    if value is None:
        return None
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    for option in options:
        if isinstance(option, type) and issubclass(option, Enum):
            return option(value)
        if option is dt.date and isinstance(value, dt.datetime | pd.Timestamp):
            return value.date()
        if option is int and isinstance(value, float):
            return int(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def records_from(frame: pd.DataFrame, cls: type[T]) -> list[T]:
    """One ``cls`` per row of ``frame`` (only the columns that are fields of ``cls``)."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    return [
        cls(**{name: _coerce(row[name], hints[name]) for name in names})
        for row in frame.to_dict("records")
    ]


def frame_of(records: list[Any], columns: list[str] | None = None) -> pd.DataFrame:
    """Typed records back as a table (for display), in field order or the ``columns`` given."""
    if not records:
        return pd.DataFrame(columns=columns or [])
    rows = [dataclasses.asdict(r) for r in records]
    return pd.DataFrame(rows, columns=columns or list(rows[0]))
