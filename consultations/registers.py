"""Clearway's XLSX registers: households (sheets "Hộ", "Thửa") and history (meetings, events, ...).

Column headers are Vietnamese, as field teams write them; codes (status, category, meeting kind) are
the English values of the enums in ``records``. Reading checks everything first and raises one
``InvalidRecord`` listing the problems, so a bad register changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from consultations.errors import InvalidRecord
from consultations.households import vulnerability_code
from consultations.records import (
    Channel,
    ConcernCategory,
    ConsentStatus,
    MeetingKind,
    ParcelRole,
)
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


class _Problems:
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


def _sheets(path: Path) -> dict[str, pd.DataFrame]:
    frames = pd.read_excel(path, sheet_name=None, dtype=object)
    return {name: frame.where(frame.notna(), None) for name, frame in frames.items()}


def _need(
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


def _enum(kind: type[E], value: Any) -> E:
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
    sheets = _sheets(path)
    people = _need(sheets, "Hộ", ["Mã hộ", "Chủ hộ"], source)
    links = _need(sheets, "Thửa", list(LINK_COLUMNS), source)
    problems = _Problems(source)
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
            role = _enum(ParcelRole, row.get("Vai trò") or ParcelRole.LAND_USER)
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
    return HouseholdRegister(households, parsed_links)


@dataclass(frozen=True)
class HistoryRegister:
    meetings: list[dict[str, Any]]
    attendance: list[dict[str, Any]]
    events: list[dict[str, Any]]
    concerns: list[dict[str, Any]]
    commitments: list[dict[str, Any]]
    votes: list[dict[str, Any]]


def _rows(sheets: dict[str, pd.DataFrame], sheet: str) -> list[dict[str, Any]]:
    return sheets[sheet].to_dict("records") if sheet in sheets else []


def read_history_register(path: Path, household_codes: set[str]) -> HistoryRegister:
    source = Path(path).name
    sheets = _sheets(path)
    problems = _Problems(source)
    meetings, meeting_codes = [], set()
    for i, row in enumerate(_rows(sheets, "Cuộc họp")):
        try:
            meetings.append(
                {
                    "ref": text(row["Mã"]),
                    "kind": _enum(MeetingKind, row["Loại"]),
                    "held_at": to_datetime(row["Thời gian"]),
                    "place": text(row.get("Địa điểm")),
                    "chair_name": text(row.get("Chủ trì")),
                    "chair_title": text(row.get("Chức vụ")),
                    "officials": text(row.get("Thành phần")),
                    "summary": text(row.get("Nội dung")),
                }
            )
            meeting_codes.add(text(row["Mã"]))
        except (KeyError, ValueError) as error:
            problems.add("Cuộc họp", i, str(error))

    def check_refs(sheet: str, i: int, row: dict[str, Any], need_household: bool) -> bool:
        code, meeting = text(row.get("Mã hộ")), text(row.get("Cuộc họp"))
        if (need_household or code) and code not in household_codes:
            problems.add(sheet, i, _("unknown household code {code}").format(code=code))
            return False
        if meeting and meeting not in meeting_codes:
            problems.add(sheet, i, _("unknown meeting {ref}").format(ref=meeting))
            return False
        return True

    attendance = []
    for i, row in enumerate(_rows(sheets, "Tham dự")):
        if check_refs("Tham dự", i, row, need_household=False):
            attendance.append(
                {
                    "meeting": text(row["Cuộc họp"]),
                    "code": text(row.get("Mã hộ")),
                    "attendee_name": text(row.get("Người dự")) or "?",
                    "sex": text(row.get("Giới tính")),
                }
            )
    events = []
    for i, row in enumerate(_rows(sheets, "Sự kiện")):
        if not check_refs("Sự kiện", i, row, need_household=True):
            continue
        try:
            events.append(
                {
                    "code": text(row["Mã hộ"]),
                    "happened_on": to_date(row["Ngày"]),
                    "status": _enum(ConsentStatus, row["Trạng thái"]),
                    "meeting": text(row.get("Cuộc họp")),
                    "note": text(row.get("Ghi chú")),
                }
            )
        except (KeyError, ValueError, TypeError) as error:
            problems.add("Sự kiện", i, str(error))
    concerns = []
    for i, row in enumerate(_rows(sheets, "Ý kiến")):
        if not check_refs("Ý kiến", i, row, need_household=False):
            continue
        try:
            concerns.append(
                {
                    "code": text(row.get("Mã hộ")),
                    "category": _enum(ConcernCategory, row["Loại"]),
                    "channel": _enum(Channel, row["Kênh"]),
                    "text": text(row["Nội dung"]) or "",
                    "received_on": to_date(row["Ngày nhận"]),
                    "answered_on": to_date(row.get("Ngày trả lời")),
                    "answer": text(row.get("Trả lời")),
                    "answered_by": text(row.get("Người trả lời")),
                    "resolved_on": to_date(row.get("Ngày giải quyết")),
                    "meeting": text(row.get("Cuộc họp")),
                }
            )
        except (KeyError, ValueError, TypeError) as error:
            problems.add("Ý kiến", i, str(error))
    commitments = []
    for i, row in enumerate(_rows(sheets, "Cam kết")):
        if not check_refs("Cam kết", i, row, need_household=False):
            continue
        try:
            commitments.append(
                {
                    "meeting": text(row.get("Cuộc họp")),
                    "code": text(row.get("Mã hộ")),
                    "text": text(row["Nội dung"]) or "",
                    "promised_by": text(row["Người cam kết"]) or "",
                    "due_on": to_date(row.get("Hạn")),
                    "done_on": to_date(row.get("Ngày xong")),
                }
            )
        except (KeyError, ValueError, TypeError) as error:
            problems.add("Cam kết", i, str(error))
    votes = []
    for i, row in enumerate(_rows(sheets, "Biểu quyết")):
        if check_refs("Biểu quyết", i, row, need_household=True):
            options = [o.strip() for o in (text(row.get("Phương án")) or "").split("|")]
            choice = text(row.get("Lựa chọn"))
            if choice not in options:
                problems.add("Biểu quyết", i, _("the choice is not one of the options"))
                continue
            votes.append(
                {
                    "meeting": text(row["Cuộc họp"]),
                    "question": text(row.get("Câu hỏi")) or "",
                    "options": options,
                    "code": text(row["Mã hộ"]),
                    "choice": choice,
                }
            )
    problems.raise_if_any()
    return HistoryRegister(meetings, attendance, events, concerns, commitments, votes)
