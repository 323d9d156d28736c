"""Tables written for Excel and other spreadsheets, made inert: a text cell that starts like a
formula (``=``, ``+``, ``-``, ``@``, tab or carriage return: OWASP's CSV-injection rule) is written
with a leading apostrophe, so a name like ``=HYPERLINK(…)`` stays text; numbers stay numbers."""

from __future__ import annotations

from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and value not in ("-", "+"):
        return "'" + value  # a lone "-" (nothing to show) cannot run
    return value


def inert(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot run as formulas."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].map(inert_cell)
    shown.columns = [inert_cell(c) for c in shown.columns]
    return shown
