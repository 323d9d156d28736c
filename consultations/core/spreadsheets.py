"""Tables written for Excel and other spreadsheets, made inert: a text cell that starts like a
formula (``=``, ``+``, ``-``, ``@``, tab or carriage return: OWASP's CSV-injection rule) is written
with a leading apostrophe, so a name like ``=HYPERLINK(…)`` stays text; numbers stay numbers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from consultations.core.errors import InvalidRecord
from geo.archives import check_workbook
from translations import _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


#: A plain signed number ("+6", "-2", "+12,5 %"): a figure's change, not a formula.
_SIGNED_NUMBER = re.compile(r"[+-]\d+(?:[.,]\d+)?(?: ?%)?")


def inert_cell(value: Any) -> Any:
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and value not in ("-", "+")  # a lone "-" (nothing to show) cannot run
        and not _SIGNED_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def inert(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot run as formulas."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].map(inert_cell)
    shown.columns = [inert_cell(c) for c in shown.columns]
    return shown


def read_rows(path: Path, not_a_table: str) -> pd.DataFrame:
    """The rows of an XLSX (checked as a safe archive first) or a UTF-8 CSV file, every cell as
    written; ``not_a_table`` is the sentence for a file of another kind."""
    if not path.is_file():
        raise InvalidRecord(_("There is no file “{name}”.").format(name=path.name))
    if path.suffix.lower() == ".xlsx":
        check_workbook(path)
        return pd.read_excel(path, dtype=object)
    if path.suffix.lower() == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raise InvalidRecord(not_a_table)


def fit_columns(sheet: Any, frame: pd.DataFrame, *, widest: int = 60) -> None:
    """Widen an openpyxl sheet's columns to what ``frame`` (written at its first column) holds, so
    that a printed table is read without widening each column by hand."""
    for index, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column].tolist())])
        sheet.column_dimensions[get_column_letter(index)].width = min(widest, longest + 2)
