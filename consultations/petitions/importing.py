"""A body's petition register from a spreadsheet (XLSX or UTF-8 CSV), all or nothing.

One row per petition, with Vietnamese headers (``COLUMNS``); a value may be written as its label
("Khiếu nại", accents optional) or its code ("complaint"). By the import protocol
(``core/imports.py``): ``prepare_petitions`` reads and checks every row once (the errors listed by
row; one error saves nothing) into ``PreparedPetitions``; ``save_petitions`` saves exactly those,
refused naming the numbers another save put in the register meanwhile.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from consultations.core.access import Action, Actor, require
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.imports import ImportPreview
from consultations.core.records import Channel, ConcernCategory
from consultations.core.spreadsheets import read_rows
from consultations.households.service import fold
from consultations.petitions import store as _store
from consultations.petitions.model import Competence, Complexity, FilerKind, Outcome, PetitionKind
from consultations.petitions.service import NewPetition, check_petition, petition_values
from translations import _, local_today

#: Header → field. Required: number, day received, kind, category, content.
COLUMNS = {
    "Số đơn": "reference", "Ngày nhận": "received_on", "Hình thức nhận": "channel",
    "Người gửi": "filer_kind", "Họ tên": "filer_name", "Địa chỉ": "filer_address",
    "Loại đơn": "kind", "Lĩnh vực": "category", "Nội dung": "content",
    "Đủ điều kiện xử lý": "eligible", "Thẩm quyền": "competence", "Chuyển đến": "transferred_to",
    "Ngày chuyển": "transferred_on", "Ngày thụ lý": "accepted_on", "Phức tạp": "complexity",
    "Vùng sâu, vùng xa": "remote", "Ngày giải quyết": "decided_on", "Quyết định": "decision",
    "Kết quả": "outcome",
}  # fmt: skip
REQUIRED = ("Số đơn", "Ngày nhận", "Loại đơn", "Lĩnh vực", "Nội dung")
MAX_ERRORS = 20
_CHANNEL_LABELS = {Channel.CITIZEN_RECEPTION: "Tiếp công dân", Channel.WRITTEN_PETITION: "Đơn gửi",
                   Channel.MEETING: "Cuộc họp", Channel.HOUSEHOLD_VISIT: "Đến hộ", Channel.PHONE: "Điện thoại"}  # fmt: skip


class _BadCell(ValueError):
    """A cell its column cannot take: the column, the value and what the column expects."""

    def __init__(self, column: str, value: object, expected: str) -> None:
        super().__init__(str(value))
        self.column, self.value, self.expected = column, str(value), expected


def _names(label: str) -> set[str]:
    """A label and its parts as a register may write them: "Kiến nghị, phản ánh" also as "Kiến
    nghị" or "Phản ánh"; "Kiến nghị (bằng văn bản)" also as "Kiến nghị"."""
    whole = fold(label)
    short = fold(label.split("(")[0].strip())
    parts = {
        fold(p.strip()) for p in re.split(r",|/| hoặc | or |;", label.split("(")[0]) if p.strip()
    }
    return {whole, short} | parts


def _choice(enum: Any, text: str, column: str, labels: dict[Any, str] | None = None) -> Any:
    wanted = fold(text)
    for member in enum:
        label = labels.get(member, "") if labels else member.label
        if wanted == fold(str(member)) or wanted in _names(label):
            return member
    shown = [labels.get(m, str(m)) if labels else m.label for m in enum]
    raise _BadCell(
        column, text, _("one of {choices}").format(choices=", ".join(f"“{c}”" for c in shown))
    )


def _yes(text: str, column: str) -> bool:
    if fold(text) in ("", "co", "x", "yes", "1", "true", "dung"):
        return True
    if fold(text) in ("khong", "no", "0", "false", "sai"):
        return False
    raise _BadCell(column, text, _("“có” or “không”"))


def _day(value: Any, column: str) -> dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == "":
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()[:10]
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _BadCell(column, text, _("a date such as 31/12/2025"))


def _petition(body: str, record: dict[str, Any]) -> NewPetition:
    text = {k: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).strip()
            for k, v in record.items()}  # fmt: skip
    return NewPetition(
        body=body, reference=text["Số đơn"], received_on=_required_day(record["Ngày nhận"]),
        channel=_choice(Channel, text.get("Hình thức nhận") or "written_petition", "Hình thức nhận",
                        _CHANNEL_LABELS),
        filer_kind=_choice(FilerKind, text.get("Người gửi") or "one", "Người gửi"),
        kind=_choice(PetitionKind, text["Loại đơn"], "Loại đơn"),
        category=_choice(ConcernCategory, text["Lĩnh vực"], "Lĩnh vực"),
        content=text["Nội dung"], eligible=_yes(text.get("Đủ điều kiện xử lý", ""), "Đủ điều kiện xử lý"),
        competence=_choice(Competence, text.get("Thẩm quyền") or "own", "Thẩm quyền"),
        filer_name=text.get("Họ tên") or None, filer_address=text.get("Địa chỉ") or None,
        transferred_to=text.get("Chuyển đến") or None, transferred_on=_day(record.get("Ngày chuyển"), "Ngày chuyển"),
        accepted_on=_day(record.get("Ngày thụ lý"), "Ngày thụ lý"),
        complexity=Complexity.COMPLICATED if _yes_or_no(text.get("Phức tạp"), "Phức tạp") else Complexity.NORMAL,
        remote=_yes_or_no(text.get("Vùng sâu, vùng xa"), "Vùng sâu, vùng xa"),
        decided_on=_day(record.get("Ngày giải quyết"), "Ngày giải quyết"),
        decision=text.get("Quyết định") or None,
        outcome=_choice(Outcome, text["Kết quả"], "Kết quả") if text.get("Kết quả") else None,
    )  # fmt: skip


def _required_day(value: Any) -> dt.date:
    day = _day(value, "Ngày nhận")
    if day is None:
        raise InvalidRecord(_("the day received is empty"))
    return day


def _yes_or_no(text: str | None, column: str) -> bool:
    return bool(text) and _yes(text or "", column)


def numbers_taken(body: str, taken: set[str]) -> InvalidRecord:
    return InvalidRecord(_("Nothing was imported: these numbers are already in the register of {body}: {refs}.").format(
        body=body, refs=", ".join(sorted(taken)[:MAX_ERRORS])))  # fmt: skip


@dataclass(frozen=True)
class PreparedPetitions:
    """A register read and checked once: the petitions ``save_petitions`` adds, all or none."""

    body: str
    file_name: str
    petitions: tuple[NewPetition, ...]

    def preview(self) -> ImportPreview:
        return ImportPreview(
            added=len(self.petitions),
            lines=(_("{n} petitions to add to the register of {body}.").format(
                n=len(self.petitions), body=self.body),),
        )  # fmt: skip


def prepare_petitions(
    path: Path, *, body: str, actor: Actor, today: dt.date | None = None
) -> PreparedPetitions:
    """Every row of the register at ``path`` read and checked for ``body``'s register; nothing is
    saved, and one bad row refuses the file, naming every bad row."""
    require(actor, Action.EDIT_RECORDS)
    require(actor, Action.IMPORT)
    frame = read_rows(path, _("A petition register is an .xlsx or a UTF-8 .csv file."))
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InvalidRecord(
            _("The register lacks the columns: {names}.").format(names=", ".join(missing))
        )
    today = today or local_today()
    petitions, errors, seen = [], [], set()
    for number, record in enumerate(frame.to_dict("records"), start=2):  # row 1: the headers
        try:
            petition = _petition(body, record)
            check_petition(petition, today)
            if petition.reference in seen:
                raise InvalidRecord(_("number {ref} appears twice").format(ref=petition.reference))
            seen.add(petition.reference)
            petitions.append(petition)
        except _BadCell as error:
            errors.append(_("Row {n}, column “{column}”: “{value}” is not {expected}.").format(
                n=number, column=error.column, value=error.value, expected=error.expected))  # fmt: skip
        except InvalidRecord as error:
            errors.append(_("Row {n}: {what}").format(n=number, what=error))
    if errors:
        more = len(errors) - MAX_ERRORS
        raise InvalidRecord(_("Nothing was imported; fix these rows: {rows}").format(
            rows=" · ".join(errors[:MAX_ERRORS]) + (f" (+{more})" if more > 0 else "")))  # fmt: skip
    return PreparedPetitions(body, path.name, tuple(petitions))


def save_petitions(
    store: Store, prepared: PreparedPetitions, *, actor: Actor, key: str | None = None
) -> int:
    """Add the prepared petitions to their body's register, or none (a number another save put
    there since refuses them all, naming it); how many."""
    require(actor, Action.EDIT_RECORDS)
    require(actor, Action.IMPORT)
    body, petitions = prepared.body, prepared.petitions
    numbers = {p.reference for p in petitions}

    def work(conn: Connection) -> int:
        taken = _store.references(conn, body) & numbers
        taken = taken or _store.insert_petitions(
            conn, [petition_values(p, actor) for p in petitions]
        )
        if taken:
            raise numbers_taken(body, taken)
        write_audit(conn, actor=str(actor), action="import_register", entity="petition", entity_id=None,
                    project_id=None, after={"body": body, "file": prepared.file_name, "rows": len(petitions)})  # fmt: skip
        return len(petitions)

    return run_once(store, key=key, command="import_petitions", actor=str(actor), work=work)


def import_petitions(
    store: Store, path: Path, *, body: str, actor: Actor, key: str | None = None,
    today: dt.date | None = None,
) -> int:  # fmt: skip
    """Prepare the register at ``path`` and save it at once (the command line); how many."""
    prepared = prepare_petitions(path, body=body, actor=actor, today=today)
    return save_petitions(store, prepared, actor=actor, key=key)
