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

from consultations.core.errors import InvalidRecord
from consultations.core.records import ParcelRole
from consultations.core.spreadsheets import read_workbook
from consultations.households.service import vulnerability_code
from translations import _

HOUSEHOLD_COLUMNS = {
    "Mã hộ": "code",
    "Chủ hộ": "head_name",
    "Giới tính": "head_sex",
    "Số nhân khẩu": "members",
    "Thôn": "village",
    "Điện thoại": "phone",
    "Số CCCD": "id_number",
    "Dễ bị tổn thương": "vulnerability",
}
E = TypeVar("E", bound=StrEnum)
LINK_COLUMNS = {"Mã hộ": "code", "Tờ bản đồ": "sheet_no", "Thửa đất": "parcel_no"}


class Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, sheet: str, row: int, message: str) -> None:
        # Row numbers as Excel shows them: the header is row 1.
        self.items.append(
            _("{sheet}, row {row}: {message}").format(sheet=sheet, row=row + 2, message=message)
        )

    def raise_if_any(self) -> None:
        if self.items:
            shown = "\n".join(f"- {p}" for p in self.items[:20])
            more = len(self.items) - 20
            tail = "\n" + _("… and {n} more.").format(n=more) if more > 0 else ""
            raise InvalidRecord(
                _(
                    "“{source}” has problems; nothing was saved. Fix these and load it again:"
                ).format(source=self.source)
                + "\n"
                + shown
                + tail
            )


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


def text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    return result or None


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


def read_household_register(path: Path) -> HouseholdRegister:
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
            problems.add("Hộ", i, _("household code {code} appears twice").format(code=code))
        seen.add(code)
        cells = {HOUSEHOLD_COLUMNS[k]: text(v) for k, v in row.items() if k in HOUSEHOLD_COLUMNS}
        members = cells.pop("members", None)
        written = [
            v.strip() for v in (cells.pop("vulnerability", None) or "").split(";") if v.strip()
        ]
        codes = [vulnerability_code(v) for v in written]
        for word, code in zip(written, codes, strict=True):
            if code is None:
                problems.add("Hộ", i, _("unknown vulnerability “{text}”").format(text=word))
        record: dict[str, Any] = {
            **cells,
            "members": int(members) if members and members.isdigit() else None,
            "vulnerability": [c for c in codes if c],
        }
        households.append(record)
    parsed_links = []
    for i, row in enumerate(links.to_dict("records")):
        code = text(row.get("Mã hộ"))
        if code not in seen:
            problems.add("Thửa", i, _("household code {code} is not on sheet Hộ").format(code=code))
            continue
        try:
            role = enum_value(ParcelRole, row.get("Vai trò") or ParcelRole.LAND_USER)
        except ValueError as error:
            problems.add("Thửa", i, str(error))
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
