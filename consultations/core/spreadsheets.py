"""Tables written for Excel and other spreadsheets, made inert: a text cell that starts like a
formula (``=``, ``+``, ``-``, ``@``, tab or carriage return: OWASP's CSV-injection rule) is written
with a leading apostrophe, so a name like ``=HYPERLINK(…)`` stays text; numbers stay numbers.

A CSV is written here only (``csv_bytes``, ``write_csv``): Excel under Vietnamese regional settings
splits a line on ";" rather than ",", so every piece of a cell that would begin a cell after a
split on ",", ";", a tab or a line break gets the apostrophe too (``x;=1+1`` → ``x;'=1+1``), and
every cell is quoted."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from consultations.core.errors import InvalidRecord
from geo.archives import MAX_SHEET_ROWS, check_workbook, too_large_workbook
from geo.errors import UnreadableLayer
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
    return _text_cells(frame, inert_cell)


def _text_cells(frame: pd.DataFrame, rule: Callable[[Any], Any]) -> pd.DataFrame:
    """A copy of ``frame`` with ``rule`` applied to its text cells and column names."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].map(rule)
    shown.columns = [rule(c) for c in shown.columns]
    return shown


#: A place where a spreadsheet may start a new cell inside a CSV cell (",", the ";" of
#: Vietnamese regional settings, a tab, a line break), followed by what would start a formula.
_SPLIT_THEN_FORMULA = re.compile(r"(?<=[,;\t\r\n])(?= *[=+\-@\t\r])")


def inert_csv_cell(value: Any) -> Any:
    """``inert_cell``, and no piece of the cell starts a formula once split on , ; tab or a line."""
    value = inert_cell(value)
    return _SPLIT_THEN_FORMULA.sub("'", value) if isinstance(value, str) else value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as an inert CSV for Excel: UTF-8 with a byte-order mark (so Vietnamese shows),
    every cell quoted, lines ended as Excel ends them."""
    shown = _text_cells(frame, inert_csv_cell)
    text: str = shown.to_csv(index=False, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def write_csv(frame: pd.DataFrame, out: Path) -> None:
    """Write ``csv_bytes(frame)`` to ``out``."""
    out.write_bytes(csv_bytes(frame))


def read_workbook(path: Path) -> dict[str, pd.DataFrame]:
    """Every sheet of an XLSX by name, every cell as written under the first row's headers: the
    one way the app reads a workbook (registers, petitions, price tables). Its zip and sheets are
    bounded before parsing (``geo.archives.check_workbook``) and reading stops past
    ``MAX_SHEET_ROWS`` rows, so a workbook bomb is refused in seconds with the sizes allowed."""
    try:
        check_workbook(path)
    except UnreadableLayer as error:
        raise InvalidRecord(str(error)) from error
    frames: dict[str, pd.DataFrame] = pd.read_excel(
        path, sheet_name=None, dtype=object, nrows=MAX_SHEET_ROWS + 1
    )
    if any(len(frame) > MAX_SHEET_ROWS for frame in frames.values()):
        raise InvalidRecord(str(too_large_workbook(path, f"> {MAX_SHEET_ROWS}")))
    return frames


def read_rows(path: Path, not_a_table: str) -> pd.DataFrame:
    """The rows of an XLSX (checked as a safe archive first) or a UTF-8 CSV file, every cell as
    written; ``not_a_table`` is the sentence for a file of another kind."""
    if not path.is_file():
        raise InvalidRecord(_("There is no file “{name}”.").format(name=path.name))
    if path.suffix.lower() == ".xlsx":
        return next(iter(read_workbook(path).values()))
    if path.suffix.lower() == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raise InvalidRecord(not_a_table)


def fit_columns(sheet: Any, frame: pd.DataFrame, *, widest: int = 60) -> None:
    """Widen an openpyxl sheet's columns to what ``frame`` (written at its first column) holds, so
    that a printed table is read without widening each column by hand."""
    from openpyxl.utils import get_column_letter  # openpyxl only where a sheet is written

    for index, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column].tolist())])
        sheet.column_dimensions[get_column_letter(index)].width = min(widest, longest + 2)


_PERCENT_TEXT = re.compile(r"([+-]?\d+(?:[.,]\d+)?) ?%")
_WHOLE_TEXT = re.compile(r"[+-]?(?:0|[1-9]\d{0,14})")


def figures_as_numbers(
    sheet: Any, *, header_row: int = 1, text_headers: frozenset[str] = frozenset()
) -> None:
    """A written sheet's figures made numbers a spreadsheet can sum and chart: "72%", "+5 %" and
    "90,1 %" become percents (0.72, shown as 72%), "12" and "+3" whole numbers. Columns headed by
    one of ``text_headers`` (codes such as "0123") and other text stay as they are."""
    headers = {cell.column: cell.value for cell in sheet[header_row]}
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            value = cell.value.strip() if isinstance(cell.value, str) else None
            if value is None or headers.get(cell.column) in text_headers:
                continue
            if found := _PERCENT_TEXT.fullmatch(value):
                digits = found.group(1).replace(",", ".")
                cell.value = float(digits) / 100
                places = "0" * len(digits.partition(".")[2])
                shape = f"0.{places}%" if places else "0%"
                cell.number_format = f"+{shape};-{shape};0%" if value[0] in "+-" else shape
            elif _WHOLE_TEXT.fullmatch(value):
                cell.value = int(value)
                cell.number_format = "+0;-0;0" if value[0] in "+-" else "0"
