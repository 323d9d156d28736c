"""A list of payments made (the State treasury's or a commune's statement), recorded all or nothing.

One row per payment: ``Mã hộ`` (the household's code), ``Số tiền`` (đồng, typed the Vietnamese way),
``Số chứng từ`` (the receipt or voucher), ``Ngày chi`` (dd/mm/yyyy), and optionally ``Hình thức``
(cash, transfer, treasury, or their names) and ``Loại`` (payment, advance, deposit). Each row is
checked as the payment form checks it, then recorded through the same ledger door, in one
transaction: a bad row names itself and changes nothing. The same file imported twice is recorded
once (its SHA-256 is the idempotency key).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from consultations.compensation.model import Method, PaymentKind, payment_rule
from consultations.compensation.payments import check_payment, record_payment_in
from consultations.compensation.roles import council
from consultations.core.access import Actor
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.numbers import read_number
from consultations.core.spreadsheets import read_rows
from consultations.households.service import households_in
from translations import _, local_today

COLUMNS = {
    "Mã hộ": "household",
    "Số tiền": "amount",
    "Số chứng từ": "receipt",
    "Ngày chi": "paid_on",
}
OPTIONAL = {"Hình thức": "method", "Loại": "kind"}
MAX_ERRORS = 20


@dataclass(frozen=True)
class PaidRow:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    household_code: str
    kind: PaymentKind
    paid_on: dt.date
    amount_vnd: int
    method: Method
    receipt: str


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet's number cell
    return str(value).strip()


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(_text(value), pattern).date()
        except ValueError:
            continue
    raise InvalidRecord(_("“{value}” is not a day (dd/mm/yyyy).").format(value=_text(value)))


def _choice(value: Any, choices: list[Any], default: Any) -> Any:
    text = _text(value).lower()
    if not text:
        return default
    for choice in choices:
        if text in (str(choice), choice.label.lower()):
            return choice
    raise InvalidRecord(_("“{value}” is none of: {names}.").format(
        value=_text(value), names=", ".join(c.label for c in choices)))  # fmt: skip


def _row(number: int, record: dict[str, Any], today: dt.date) -> PaidRow:
    kinds = [
        PaymentKind.PAYMENT,
        PaymentKind.ADVANCE,
        PaymentKind.DEPOSIT,
    ]  # corrections: one by one
    paid = PaidRow(
        number, _text(record["Mã hộ"]), _choice(record.get("Loại"), kinds, PaymentKind.PAYMENT),
        _day(record["Ngày chi"]), int(read_number(_text(record["Số tiền"]), payment_rule())),
        _choice(record.get("Hình thức"), list(Method), Method.TRANSFER), _text(record["Số chứng từ"]),
    )  # fmt: skip
    if not paid.household_code:
        raise InvalidRecord(_("column “Mã hộ” is empty"))
    check_payment(paid.kind, paid.paid_on, paid.amount_vnd, paid.receipt, today)
    return paid


def _failed(errors: list[str]) -> InvalidRecord:
    more = len(errors) - MAX_ERRORS
    return InvalidRecord(_("Nothing was recorded; fix these rows: {rows}").format(
        rows=" · ".join(errors[:MAX_ERRORS]) + (f" (+{more})" if more > 0 else "")))  # fmt: skip


def read_payments(path: Path, today: dt.date | None = None) -> list[PaidRow]:
    """Every row of the list, checked as the form checks a payment; a sentence naming each bad row."""
    frame = read_rows(path, _("A list of payments is an .xlsx or a UTF-8 .csv file."))
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InvalidRecord(
            _("The list of payments lacks the columns: {names}.").format(names=", ".join(missing))
        )
    rows: list[PaidRow] = []
    errors: list[str] = []
    receipts: dict[str, int] = {}
    for number, record in enumerate(frame.to_dict("records"), start=2):
        if not any(_text(record.get(c)) for c in (*COLUMNS, *OPTIONAL)):
            continue  # a blank row
        try:
            paid = _row(number, record, today or local_today())
        except InvalidRecord as error:
            errors.append(_("Row {n}: {what}").format(n=number, what=str(error)))
            continue
        if paid.receipt in receipts:
            errors.append(_("Row {n}: receipt {receipt} is also on row {first}").format(
                n=number, receipt=paid.receipt, first=receipts[paid.receipt]))  # fmt: skip
        receipts.setdefault(paid.receipt, number)
        rows.append(paid)
    if errors:
        raise _failed(errors)
    if not rows:
        raise InvalidRecord(_("The list of payments has no rows."))
    return rows


def import_payments(
    store: Store, project_id: int, path: Path, *, actor: Actor, today: dt.date | None = None
) -> int:
    """Record every payment of the list, or none; the number recorded."""
    council(actor, project_id)
    day = today or local_today()
    rows = read_payments(path, day)

    def work(conn: Connection) -> int:
        ids = {h.code: h.id for h in households_in(conn, project_id)}
        errors = [_("Row {n}: no household {code} in this project").format(n=r.row, code=r.household_code)
                  for r in rows if r.household_code not in ids]  # fmt: skip
        if errors:
            raise _failed(errors)
        # One household after another (the file's order within each): two lists recorded at once
        # take the households' locks in the same order.
        for paid in sorted(rows, key=lambda r: (ids[r.household_code], r.row)):
            try:
                record_payment_in(conn, project_id, ids[paid.household_code], kind=paid.kind, paid_on=paid.paid_on,
                                  amount_vnd=paid.amount_vnd, method=paid.method, receipt=paid.receipt,
                                  actor=actor, today=day)  # fmt: skip
            except InvalidRecord as error:
                errors.append(_("Row {n}: {what}").format(n=paid.row, what=str(error)))
        if errors:
            raise _failed(errors)
        return len(rows)

    key = f"import-payments:{project_id}:{hashlib.sha256(path.read_bytes()).hexdigest()}"
    return run_once(store, key=key, command="import_payments", actor=str(actor), work=work)
