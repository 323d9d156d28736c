"""The payments ledger and each household's account.

Append-only: an advance, a payment, a deposit at the State treasury (when the household does not
come to receive it) or a correction (negative, to undo a wrong entry), each with its day, amount,
method, receipt and who recorded it. What a household is owed is what the newest approved plan
that includes it says; outstanding = approved − paid; a household still owed money once the
payment deadline of the procedure table (30 days after approval) has passed is late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from consultations.compensation import store as _store
from consultations.compensation.entries import Payment, payment_of
from consultations.compensation.model import (
    Account,
    Method,
    PaymentKind,
    PlanState,
    Section,
    bounded,
    correction_rule,
    payment_rule,
)
from consultations.compensation.money import vnd
from consultations.compensation.roles import council
from consultations.concerns.service import concerns_in
from consultations.core.access import Action, Actor, readable_households, require, require_household
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.corrections import correction_mark, standing
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord, NotFound
from consultations.households.service import households_in
from consultations.procedure.service import rules as procedure_rules
from translations import _, format_date, local_today


def payment_days() -> int:
    return next(r.days for r in procedure_rules() if r.name == "payment")


def _accounts_in(conn: Connection, project_id: int, today: dt.date) -> dict[int, Account]:
    # As things stood on ``today``: plans drafted by then, approvals and payments made by then.
    # (a plan entered after the fact counts from the day it was posted or approved).
    plans = [p for p in _store.plan_rows(conn, project_id)
             if min(d for d in (p["created_at"].date(), p["posted_from"], p["approved_on"]) if d) <= today]  # fmt: skip
    for plan in plans:
        if plan["approved_on"] is not None and plan["approved_on"] > today:
            plan["state"] = PlanState.POSTED
    lines = _store.plan_line_rows(conn, [p["id"] for p in plans])
    owed: dict[int, dict[int, int]] = {}  # household → plan → amount
    for line in lines:
        per_plan = owed.setdefault(line["household_id"], {})
        per_plan[line["plan_id"]] = per_plan.get(line["plan_id"], 0) + int(line["amount_vnd"])
    by_id = {p["id"]: p for p in plans}
    paid: dict[int, int] = {}
    for row in standing(
        _store.payment_rows(conn, project_id), lambda r: r["id"], lambda r: r["corrects_id"]
    ):
        if row["paid_on"] > today:
            continue
        paid[row["household_id"]] = paid.get(row["household_id"], 0) + int(row["amount_vnd"])
    people = {h.id: h for h in households_in(conn, project_id)}
    accounts = {}
    for household_id, per_plan in owed.items():
        newest = max(per_plan)
        fixed = [
            p for p in per_plan if by_id[p]["state"] in (PlanState.APPROVED, PlanState.SUPERSEDED)
        ]
        approved_plan = by_id[max(fixed)] if fixed else None
        approved = per_plan[approved_plan["id"]] if approved_plan else 0
        approved_on = approved_plan["approved_on"] if approved_plan else None
        # The deadline runs from the household's first approval: a supplement adds to what is owed,
        # it does not restart the clock on what was already due.
        first = min((by_id[p]["approved_on"] for p in fixed), default=None)
        pay_by = first + dt.timedelta(days=payment_days()) if first else None
        got = paid.get(household_id, 0)
        household = people.get(household_id)
        accounts[household_id] = Account(
            household_id=household_id, household_code=household.code if household else str(household_id),
            head_name=household.head_name if household else None, estimated_vnd=per_plan[newest],
            approved_vnd=approved, paid_vnd=got, approved_on=approved_on, pay_by=pay_by,
            late=pay_by is not None and today > pay_by and got < approved,
        )  # fmt: skip
    return accounts


def accounts(
    store: Store, project_id: int, *, actor: Actor, today: dt.date | None = None
) -> list[Account]:
    """Each household's money, as ``actor`` may read it (a field officer: their communes')."""
    require(actor, Action.READ_PERSONAL, project_id=project_id)
    with store.read() as conn:
        readable = readable_households(conn, actor, project_id)
        found = _accounts_in(conn, project_id, today or local_today())
    return sorted((a for a in found.values() if readable is None or a.household_id in readable),
                  key=lambda a: a.household_code)  # fmt: skip


def account_of(store: Store, project_id: int, code: str, *, actor: Actor) -> Account:
    """The account of the household with ``code`` (as typed: case and spaces aside)."""
    found = [a for a in accounts(store, project_id, actor=actor)
             if a.household_code.casefold() == code.strip().casefold()]  # fmt: skip
    if not found:
        raise NotFound(_("No household {code} of this project is owed money.").format(code=code))
    return found[0]


@dataclass(frozen=True)
class Totals:
    """A project's money in figures (no names: every role that reads figures)."""

    estimated_vnd: int
    approved_vnd: int
    paid_vnd: int
    households_late: int

    @property
    def outstanding_vnd(self) -> int:
        return self.approved_vnd - self.paid_vnd

    def as_status(self) -> dict[str, int]:
        return {"compensation_estimated_vnd": self.estimated_vnd, "compensation_approved_vnd": self.approved_vnd,
                "compensation_paid_vnd": self.paid_vnd, "payments_late": self.households_late}  # fmt: skip


def totals_of(found: Iterable[Account]) -> Totals:
    """The figures of accounts already read (no second reading of the plans and the ledger)."""
    found = list(found)
    return Totals(sum(a.estimated_vnd for a in found), sum(a.approved_vnd for a in found),
                  sum(a.paid_vnd for a in found), sum(1 for a in found if a.late))  # fmt: skip


def accounts_in(conn: Connection, project_id: int, today: dt.date) -> list[Account]:
    """Every household's account as things stood on ``today``. In the caller's transaction."""
    return list(_accounts_in(conn, project_id, today).values())


def totals_in(conn: Connection, project_id: int, today: dt.date) -> Totals:
    return totals_of(_accounts_in(conn, project_id, today).values())


def compensation_totals(
    store: Store, project_id: int, *, actor: Actor, today: dt.date | None = None
) -> Totals:
    require(actor, Action.READ_FIGURES, project_id=project_id)
    with store.read() as conn:
        return totals_in(conn, project_id, today or local_today())


def check_payment(kind: PaymentKind, paid_on: dt.date, amount_vnd: int, receipt: str | None,
                  today: dt.date) -> None:  # fmt: skip
    """What a payment must be before the ledger is read: the same for the form, the command line
    and an imported list (a sentence for each refusal)."""
    if paid_on > today:
        raise InvalidRecord(_("The day paid is in the future."))
    if amount_vnd == 0 or (amount_vnd < 0 and kind is not PaymentKind.CORRECTION):
        raise InvalidRecord(_("An amount is more than zero (a correction may be negative)."))
    bounded(
        abs(Decimal(amount_vnd)),
        correction_rule() if kind is PaymentKind.CORRECTION else payment_rule(),
    )
    if kind is not PaymentKind.CORRECTION and not (receipt or "").strip():
        raise InvalidRecord(_("Give the receipt or voucher number."))


def _receipt_used(conn: Connection, project_id: int, receipt: str) -> InvalidRecord:
    first = _store.receipt_row(conn, project_id, receipt) or {}
    codes = {h.id: h.code for h in households_in(conn, project_id)}
    return InvalidRecord(_("Receipt {receipt} was already used: {amount} to household {household} on {day}, "
                           "recorded by {who}. Nothing was saved; check the voucher.").format(
        receipt=receipt, amount=vnd(int(first.get("amount_vnd", 0))),
        household=codes.get(first.get("household_id", 0), "?"),
        day=format_date(first.get("paid_on")), who=first.get("recorded_by", "?")))  # fmt: skip


def record_payment_in(
    conn: Connection, project_id: int, household_id: int, *, kind: PaymentKind, paid_on: dt.date, amount_vnd: int,
    method: Method, receipt: str | None, actor: Actor, today: dt.date, corrects: Payment | None = None,
    reason: str | None = None,
) -> int:  # fmt: skip
    """One ledger entry in the caller's write transaction, the household's account locked first;
    with ``corrects``, the entry that replaces it (which keeps its receipt, if the same)."""
    check_payment(kind, paid_on, amount_vnd, receipt, today)
    require_household(conn, actor, Action.READ_PERSONAL, household_id, project_id)
    _store.lock_account(conn, household_id)
    receipt = (receipt or "").strip() or None
    if (
        receipt
        and receipt != (corrects and corrects.receipt)
        and _store.receipt_row(conn, project_id, receipt)
    ):
        raise _receipt_used(conn, project_id, receipt)
    account = _accounts_in(conn, project_id, today).get(household_id)
    if account is None or account.approved_on is None:
        raise InvalidRecord(_("This household is in no approved plan yet: nothing is owed to pay."))
    if paid_on < account.approved_on:
        raise InvalidRecord(_("The day paid is before the plan was approved."))
    paid = account.paid_vnd - (corrects.amount_vnd if corrects and corrects.paid_on <= today else 0)
    if paid + amount_vnd > account.approved_vnd:
        raise InvalidRecord(_("That would pay {more} more than the {approved} approved.").format(
            more=vnd(paid + amount_vnd - account.approved_vnd), approved=vnd(account.approved_vnd)))  # fmt: skip
    if paid + amount_vnd < 0:
        raise InvalidRecord(_("A correction cannot take back more than was paid."))
    values: dict[str, Any] = {"project_id": project_id, "household_id": household_id, "kind": str(kind),
                              "paid_on": paid_on, "amount_vnd": amount_vnd, "method": str(method),
                              "receipt": receipt, "recorded_by": str(actor), "corrects_id": corrects and corrects.id,
                              "correction_reason": reason if corrects else None}  # fmt: skip
    payment_id = _store.insert_payment(conn, values)
    if payment_id is None:  # the same receipt, committed by another save a moment ago
        raise _receipt_used(conn, project_id, receipt or "")
    write_audit(conn, actor=str(actor), action="correct" if corrects else "pay", entity="payment", entity_id=payment_id,
                project_id=project_id, after={**values, "paid_on": paid_on.isoformat()})  # fmt: skip
    return payment_id


def record_payment(
    store: Store, project_id: int, household_id: int, *, kind: PaymentKind, paid_on: dt.date, amount_vnd: int,
    method: Method, receipt: str | None, actor: Actor, key: str | None = None, today: dt.date | None = None,
) -> int:  # fmt: skip
    """Add an entry to the ledger: once per receipt, never more than the household is owed, at
    least 1.000 đ; two at once for one household are written one after the other."""
    council(actor, project_id)
    day = today or local_today()
    check_payment(kind, paid_on, amount_vnd, receipt, day)

    def work(conn: Connection) -> int:
        return record_payment_in(conn, project_id, household_id, kind=kind, paid_on=paid_on, amount_vnd=amount_vnd,
                                 method=method, receipt=receipt, actor=actor, today=day)  # fmt: skip

    return run_once(store, key=key, command="record_payment", actor=str(actor), work=work)


def payments_of(store: Store, project_id: int, household_id: int, *, actor: Actor) -> list[Payment]:
    with store.read() as conn:
        require_household(conn, actor, Action.READ_PERSONAL, household_id, project_id)
        return payments_in(conn, project_id, household_id)


def payments_in(conn: Connection, project_id: int, household_id: int) -> list[Payment]:
    """A household's ledger entries, corrected ones too (``corrected``: another replaces it). In
    the caller's transaction; the caller checked the reader."""
    rows = _store.payment_rows(conn, project_id, household_id)
    corrected = {r["corrects_id"] for r in rows}
    return [payment_of(r, r["id"] in corrected) for r in rows]


def household_money_in(
    conn: Connection, project_id: int, household_id: int
) -> list[tuple[dt.date, str, str]]:
    """A household's money for its timeline: the plans approved for it and its payments (day,
    kind, what). In the caller's transaction; the caller has checked the reader may read it."""
    rows: list[tuple[dt.date, str, str]] = []
    plans = {p["id"]: p for p in _store.plan_rows(conn, project_id)}
    owed: dict[int, int] = {}
    for line in _store.plan_line_rows(conn, list(plans), household_id):
        owed[line["plan_id"]] = owed.get(line["plan_id"], 0) + int(line["amount_vnd"])
    for plan_id, amount in owed.items():
        plan = plans[plan_id]
        if plan["approved_on"] is not None:
            rows.append((plan["approved_on"], _("Compensation approved"),
                         _("{title} ({decision}): {amount}").format(title=plan["title"], decision=plan["decision"],
                                                                   amount=vnd(amount))))  # fmt: skip
    for p in payments_in(conn, project_id, household_id):
        mark = correction_mark(p.corrected, p.correction_reason if p.corrects_id else None)
        rows.append((p.paid_on, p.kind.label,
                     f"{vnd(p.amount_vnd)} · {p.method.label} · {p.receipt or ''}".strip(" ·") + mark))  # fmt: skip
    return rows


@dataclass(frozen=True)
class Asked:
    """A price concern that names an amount, beside what the household's newest plan offers."""

    household_id: int
    household_code: str
    received_on: dt.date
    part: str  # the section's label, or "the whole plan"
    asked_vnd: int
    offered_vnd: int
    open: bool


def asked_in(conn: Connection, project_id: int) -> list[Asked]:
    """Price concerns with an amount asked, and the newest plan's offer for the same part."""
    concerns = concerns_in(conn, project_id)
    if concerns.empty or "asked_vnd" not in concerns:
        return []
    asking = concerns[concerns.asked_vnd.notna()]
    plans = _store.plan_rows(conn, project_id)
    lines = _store.plan_line_rows(conn, [p["id"] for p in plans])
    people = {h.id: h.code for h in households_in(conn, project_id)}
    out = []
    for c in asking.itertuples():
        household_id = int(c.household_id)
        own = [x for x in lines if x["household_id"] == household_id]
        newest = max((x["plan_id"] for x in own), default=None)
        part = None if c.asked_for is None or pd.isna(c.asked_for) else Section(str(c.asked_for))
        offered = sum(int(x["amount_vnd"]) for x in own
                      if x["plan_id"] == newest and (part is None or x["section"] == part))  # fmt: skip
        out.append(Asked(household_id, people.get(household_id, "?"), c.received_on,
                         part.label if part else _("the whole plan"), int(c.asked_vnd), offered,
                         pd.isna(c.resolved_on) and pd.isna(c.escalated_on)))  # fmt: skip
    return out


def asked_and_offered(store: Store, project_id: int, *, actor: Actor) -> list[Asked]:
    """What households asking about the price ask, beside what they are offered (those ``actor``
    may read)."""
    require(actor, Action.READ_PERSONAL, project_id=project_id)
    with store.read() as conn:
        readable = readable_households(conn, actor, project_id)
        return [
            a for a in asked_in(conn, project_id) if readable is None or a.household_id in readable
        ]


def by_commune(owed: list[Account], communes: dict[int, str], asked: list[Asked]) -> pd.DataFrame:
    """The project's money by commune (a household's commune: that of its first parcel): households,
    approved, paid, outstanding, late, and open price concerns."""
    rows: dict[str, dict[str, int]] = {}
    for account in owed:
        row = rows.setdefault(communes.get(account.household_id) or "-", dict.fromkeys(
            ("households", "estimated", "approved", "paid", "late", "asking"), 0))  # fmt: skip
        row["households"] += 1
        row["estimated"] += account.estimated_vnd
        row["approved"] += account.approved_vnd
        row["paid"] += account.paid_vnd
        row["late"] += int(account.late)
    for a in asked:
        if a.open and (communes.get(a.household_id) or "-") in rows:
            rows[communes.get(a.household_id) or "-"]["asking"] += 1
    return pd.DataFrame([
        {_("Commune"): commune, _("Households"): r["households"], _("Estimated"): vnd(r["estimated"]),
         _("Approved"): vnd(r["approved"]), _("Paid"): vnd(r["paid"]),
         _("Outstanding"): vnd(r["approved"] - r["paid"]), _("Households late for payment"): r["late"],
         _("Open concerns about the price"): r["asking"]}
        for commune, r in sorted(rows.items())
    ])  # fmt: skip
