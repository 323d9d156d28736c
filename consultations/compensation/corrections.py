"""Correcting the payment just entered in error (issue 30, item 2).

Within ``core.corrections.CORRECTION_MINUTES`` the person who recorded a ledger entry may replace
their latest entry for a household: the new entry names the one it replaces and why, the replaced
one stays in the ledger and stops counting, and every check of a payment still holds (never more
than approved, a receipt once, one save at a time per household). Afterwards a mistake is put
right as before, with a correction entry.
"""

from __future__ import annotations

import datetime as dt

from consultations.compensation import store as _store
from consultations.compensation.entries import Payment, payment_of
from consultations.compensation.model import Method, PaymentKind
from consultations.compensation.payments import check_payment, record_payment_in
from consultations.compensation.roles import council
from consultations.core.access import Action, Actor, require_household
from consultations.core.audit import utcnow
from consultations.core.commands import run_once
from consultations.core.corrections import Entry, check_correction, may_correct
from consultations.core.database import Connection, Store
from consultations.core.errors import NotFound, StaleEdit
from translations import _, format_datetime, local_today


def _entry(payment: Payment) -> Entry:
    return Entry(payment.id, payment.recorded_by, payment.recorded_at or utcnow())


def _ledger(conn: Connection, project_id: int, household_id: int) -> list[Payment]:
    return [payment_of(r) for r in _store.payment_rows(conn, project_id, household_id)]


def _latest_own(ledger: list[Payment], actor: str) -> Payment | None:
    return max((p for p in ledger if p.recorded_by == actor), key=lambda p: p.id, default=None)


def correct_last_payment(
    store: Store, project_id: int, payment_id: int, *, kind: PaymentKind, paid_on: dt.date,
    amount_vnd: int, method: Method, receipt: str | None, reason: str, seen_version: int,
    actor: Actor, key: str | None = None, today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> int:  # fmt: skip
    """Replace the ledger entry ``payment_id`` that ``actor`` recorded in error with these values.
    ``seen_version`` is the newest entry of the household's ledger the form showed: an entry
    recorded since refuses the correction. The same ``key`` again returns the first correction."""
    council(actor, project_id)
    day = today or local_today()
    check_payment(kind, paid_on, amount_vnd, receipt, day)

    def work(conn: Connection) -> int:
        row = _store.payment_row(conn, project_id, payment_id)
        if row is None:
            raise NotFound(_("The entry you are correcting no longer exists."))
        original = payment_of(row)
        require_household(conn, actor, Action.READ_PERSONAL, original.household_id, project_id)
        _store.lock_account(conn, original.household_id)
        ledger = _ledger(conn, project_id, original.household_id)
        newest = max(ledger, key=lambda p: p.id)  # the ledger holds at least the original
        if newest.id != seen_version:
            raise StaleEdit(
                _("Your edit was not saved. Changes since you opened it: {changes}").format(
                    changes=f"{format_datetime(newest.recorded_at)} {newest.recorded_by}: "
                    f"{newest.kind.label}"
                )
            )
        latest = _latest_own(ledger, str(actor))
        check_correction(
            _entry(original), _entry(latest) if latest else None, actor=str(actor),
            reason=reason, now=now or utcnow(),
        )  # fmt: skip
        return record_payment_in(
            conn, project_id, original.household_id, kind=kind, paid_on=paid_on,
            amount_vnd=amount_vnd, method=method, receipt=receipt, actor=actor, today=day,
            corrects=original, reason=reason.strip(),
        )  # fmt: skip

    return run_once(store, key=key, command="correct_last_payment", actor=str(actor), work=work)


def correctable_payment(
    store: Store, project_id: int, household_id: int, *, actor: Actor,
    now: dt.datetime | None = None,
) -> tuple[Payment, int] | None:  # fmt: skip
    """The ledger entry ``actor`` may still correct for this household, with the ledger's newest
    entry (the version the correction form sends); None when there is none or its window closed."""
    with store.read() as conn:
        require_household(conn, actor, Action.READ_PERSONAL, household_id, project_id)
        ledger = _ledger(conn, project_id, household_id)
    latest = _latest_own(ledger, str(actor))
    if latest is None:
        return None
    entry = _entry(latest)
    if not may_correct(entry, entry, actor=str(actor), now=now or utcnow()):
        return None
    return latest, max(p.id for p in ledger)
