"""Clearway's XLSX registers: households (sheets "Hộ", "Thửa") and history (meetings, events, ...).

Column headers are Vietnamese, as field teams write them; codes (status, category, meeting kind) are
the English values of the enums in ``core.records``. Reading checks everything first and raises one
``InvalidRecord`` listing the problems, so a bad register changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from consultations.core import schema
from consultations.core.bounds import length_problem, text_limit, too_long
from consultations.core.errors import InvalidRecord
from consultations.core.spreadsheets import read_workbook
from consultations.households.register_cells import (
    id_number_text,
    phone_text,
    plausible_date,
    role_code,
    sex_code,
    shown_date,
    text,
)
from consultations.households.service import vulnerability_code
from translations import _, local_today

HOUSEHOLD_COLUMNS = {
    "Mã hộ": "code",
    "Chủ hộ": "head_name",
    "Giới tính": "head_sex",
    "Ngày sinh": "birth_date",
    "Số nhân khẩu": "members",
    "Thôn": "village",
    "Điện thoại": "phone",
    "Số CCCD": "id_number",
    "Dễ bị tổn thương": "vulnerability",
    "Ghi chú": "notes",
}
#: Columns whose cells are read by their own reader (``register_cells``), not as plain text.
READ_APART = {"head_sex", "birth_date", "phone", "id_number"}
CODE_LIMIT = text_limit(schema.households, "code") or 40
E = TypeVar("E", bound=StrEnum)
LINK_COLUMNS = {"Mã hộ": "code", "Tờ bản đồ": "sheet_no", "Thửa đất": "parcel_no"}


class Problems:
    """What is wrong with a register, grouped by cause: one line per cause with its rows (and the
    values found there), not the same sentence for each of 85 rows."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.groups: dict[tuple[str, str], list[tuple[int, str | None]]] = {}

    def add(self, sheet: str, row: int, message: str, value: Any = None) -> None:
        # Row numbers as Excel shows them: the header is row 1.
        found = None if value is None else str(value)
        self.groups.setdefault((sheet, message), []).append((row + 2, found))

    @property
    def items(self) -> list[str]:
        return [self._line(sheet, cause, found) for (sheet, cause), found in self.groups.items()]

    @staticmethod
    def _line(sheet: str, cause: str, found: list[tuple[int, str | None]]) -> str:
        rows = [row for row, _v in found]
        values = list(dict.fromkeys(v for _r, v in found if v is not None))
        if len(rows) == 1:
            line = _("{sheet}, row {row}: {message}").format(
                sheet=sheet, row=rows[0], message=cause
            )
        else:
            line = _("{sheet}, rows {rows} ({n} rows): {message}").format(
                sheet=sheet, rows=row_ranges(rows), n=len(rows), message=cause
            )
        if values:
            shown = ", ".join(f"“{v}”" for v in values[:5]) + (" …" if len(values) > 5 else "")
            line += " " + _("(found {values})").format(values=shown)
        return line

    def raise_if_any(self) -> None:
        items = self.items
        if items:
            shown = "\n".join(f"- {p}" for p in items[:20])
            more = len(items) - 20
            tail = "\n" + _("… and {n} more.").format(n=more) if more > 0 else ""
            raise InvalidRecord(
                _(
                    "“{source}” has problems; nothing was saved. Fix these and load it again:"
                ).format(source=self.source)
                + "\n"
                + shown
                + tail
            )


def row_ranges(rows: list[int]) -> str:
    """Row numbers as a person reads them: 2–86, 90, 95–96."""
    spans: list[list[int]] = []
    for row in sorted(set(rows)):
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def read_sheets(path: Path) -> dict[str, pd.DataFrame]:
    try:
        if Path(path).suffix.lower() == ".csv":
            frames = {"csv": pd.read_csv(path, dtype=object, encoding="utf-8-sig")}
        else:
            frames = read_workbook(Path(path))
    except (ValueError, KeyError, OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise InvalidRecord(
            _("“{source}” cannot be read as a register ({reason}).").format(
                source=Path(path).name, reason=error
            )
        ) from error
    return {name: frame.where(frame.notna(), None) for name, frame in frames.items()}


def _csv_asread_sheets(sheets: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A CSV register is one table, one row per household and parcel: split it into Hộ and Thửa."""
    table = sheets["csv"]
    people = table.drop_duplicates("Mã hộ") if "Mã hộ" in table.columns else table
    links = table.dropna(subset=[c for c in LINK_COLUMNS if c in table.columns and c != "Mã hộ"])
    return {
        "Hộ": people,
        "Thửa": links
        if set(LINK_COLUMNS) <= set(table.columns)
        else table.iloc[0:0].reindex(columns=list(LINK_COLUMNS)),
    }


def need_columns(
    sheets: dict[str, pd.DataFrame], sheet: str, columns: list[str], source: str
) -> pd.DataFrame:
    if sheet not in sheets:
        raise InvalidRecord(
            _("“{source}” has no sheet “{sheet}”.").format(source=source, sheet=sheet)
        )
    frame = sheets[sheet]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InvalidRecord(
            _("Sheet “{sheet}” of “{source}” lacks the columns: {columns}.").format(
                sheet=sheet, source=source, columns=", ".join(missing)
            )
        )
    return frame


def to_date(value: Any) -> dt.date | None:
    """A date from a spreadsheet cell: a real date, or text written dd/mm/yyyy."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()


def to_datetime(value: Any) -> dt.datetime:
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        moment = value
    else:
        moment = dt.datetime.strptime(str(value).strip(), "%d/%m/%Y %H:%M")
    # Registers hold local (Vietnam, UTC+7) times; the store keeps UTC.
    local = moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=7)))
    return local.astimezone(dt.UTC)


def enum_value(kind: type[E], value: Any) -> E:
    try:
        return kind(str(value).strip())
    except ValueError:
        known = ", ".join(k.value for k in kind)
        raise ValueError(
            _("“{value}” is not one of: {known}").format(value=value, known=known)
        ) from None


@dataclass(frozen=True)
class HouseholdRegister:
    households: list[dict[str, Any]]
    links: list[dict[str, Any]]  # code, sheet_no, parcel_no, old_commune, role, share


def read_household_register(path: Path, today: dt.date | None = None) -> HouseholdRegister:
    source = Path(path).name
    sheets = read_sheets(path)
    if "csv" in sheets:
        sheets = _csv_asread_sheets(sheets)
    people = need_columns(sheets, "Hộ", ["Mã hộ", "Chủ hộ"], source)
    links = need_columns(sheets, "Thửa", list(LINK_COLUMNS), source)
    problems = Problems(source)
    households, seen = [], set()
    for i, row in enumerate(people.to_dict("records")):
        code, head = text(row.get("Mã hộ")), text(row.get("Chủ hộ"))
        if not code or not head:
            problems.add("Hộ", i, _("every household needs a code and a head of household"))
            continue
        if code in seen:
            problems.add("Hộ", i, _("a household code that appears twice"), code)
        seen.add(code)
        if too_long(code, CODE_LIMIT):
            problems.add("Hộ", i, length_problem("Mã hộ", code, CODE_LIMIT))
        households.append(_household(row, i, problems, today or local_today()))
    parsed_links = []
    for i, row in enumerate(links.to_dict("records")):
        code = text(row.get("Mã hộ"))
        if code not in seen:
            problems.add("Thửa", i, _("a household code that is not on sheet Hộ"), code)
            continue
        try:
            role = role_code(row.get("Vai trò"))
        except ValueError as error:
            problems.add("Thửa", i, f"“Vai trò”: {error}", row.get("Vai trò"))
            continue
        share = row.get("Tỷ lệ")
        parsed_links.append(
            {
                "code": code,
                "sheet_no": text(row.get("Tờ bản đồ")),
                "parcel_no": text(row.get("Thửa đất")),
                "old_commune": text(row.get("Xã cũ")),
                "role": role,
                "share": float(share) if share is not None else None,
            }
        )
    problems.raise_if_any()
    if not households:
        raise InvalidRecord(_("“{source}” lists no household.").format(source=source))
    return HouseholdRegister(households, parsed_links)


def _household(row: dict[str, Any], i: int, problems: Problems, today: dt.date) -> dict[str, Any]:
    """One row of sheet Hộ as the store keeps it: codes for coded columns, phone and ID numbers
    with their leading 0, a plausible birth date; each problem added to ``problems``."""
    cells = {
        HOUSEHOLD_COLUMNS[k]: text(v)
        for k, v in row.items()
        if k in HOUSEHOLD_COLUMNS and HOUSEHOLD_COLUMNS[k] not in READ_APART
    }
    members = cells.pop("members", None)
    written = [v.strip() for v in (cells.pop("vulnerability", None) or "").split(";") if v.strip()]
    codes = [vulnerability_code(v) for v in written]
    for word, code in zip(written, codes, strict=True):
        if code is None:
            problems.add("Hộ", i, _("unknown vulnerability"), word)
    record: dict[str, Any] = {
        **cells,
        "members": int(members) if members and members.isdigit() else None,
        "vulnerability": [c for c in codes if c],
        "phone": phone_text(row.get("Điện thoại")),
        "id_number": id_number_text(row.get("Số CCCD")),
    }
    try:
        record["head_sex"] = sex_code(row.get("Giới tính"))
    except ValueError as error:
        problems.add("Hộ", i, f"“Giới tính”: {error}", row.get("Giới tính"))
    born = row.get("Ngày sinh")
    try:
        day = to_date(born)
    except ValueError:  # ``strptime``'s own words are English and technical
        problem = _("not a date written dd/mm/yyyy")
        problems.add("Hộ", i, f"“Ngày sinh”: {problem}", born)
        return record
    try:
        record["birth_date"] = plausible_date(day, today, birth=True)
    except ValueError as error:
        problems.add("Hộ", i, f"“Ngày sinh”: {error}", _cell_date(born))
    return record


def _cell_date(value: Any) -> str:
    if isinstance(value, dt.date):
        return shown_date(value)
    return str(value)
