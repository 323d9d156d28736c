"""Clearway's XLSX history register: meetings, attendance, consent events, concerns, commitments
and poll votes, checked row by row (see ``registers``) before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from consultations.core.records import Channel, ConcernCategory, ConsentStatus, MeetingKind
from consultations.households.register_cells import sex_code, text
from consultations.households.registers import (
    Problems,
    enum_value,
    read_sheets,
    to_date,
    to_datetime,
)
from translations import _


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
    sheets = read_sheets(path)
    problems = Problems(source)
    meetings, meeting_codes = [], set()
    for i, row in enumerate(_rows(sheets, "Cuộc họp")):
        try:
            meetings.append(
                {
                    "ref": text(row["Mã"]),
                    "kind": enum_value(MeetingKind, row["Loại"]),
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
        if not check_refs("Tham dự", i, row, need_household=False):
            continue
        try:  # "Nữ", "nu" or "F": stored "F", so the meeting counts its women
            sex = sex_code(row.get("Giới tính"))
        except ValueError as error:
            problems.add("Tham dự", i, f"“Giới tính”: {error}", row.get("Giới tính"))
            continue
        attendance.append(
            {
                "meeting": text(row["Cuộc họp"]),
                "code": text(row.get("Mã hộ")),
                "attendee_name": text(row.get("Người dự")) or "?",
                "sex": sex,
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
                    "status": enum_value(ConsentStatus, row["Trạng thái"]),
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
                    "category": enum_value(ConcernCategory, row["Loại"]),
                    "channel": enum_value(Channel, row["Kênh"]),
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
