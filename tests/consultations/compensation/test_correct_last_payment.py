"""A cashier corrects the payment just entered in error (issue 30, item 2): the ledger keeps both,
the account counts the correction, every payment check still holds, and only the recorder, on
their latest entry, within the window, may do it."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.compensation.corrections import correct_last_payment, correctable_payment
from consultations.compensation.model import Account, Method, PaymentKind
from consultations.compensation.payments import (
    accounts,
    compensation_totals,
    payments_of,
    record_payment,
)
from consultations.core.access import Actor, Role
from consultations.core.audit import utcnow
from consultations.core.corrections import CORRECTION_MINUTES
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, PermissionDenied, StaleEdit
from consultations.projects.service import find_project

THU, KHOA = Actor("thu", Role.ADMIN), Actor("khoa", Role.ADMIN)
PAID_ON = dt.date(2024, 8, 1)


def owed(store: Store) -> tuple[int, Account]:
    project = find_project(store, "cat-van-220kv")
    found = [a for a in accounts(store, project.id, actor=THU) if a.outstanding_vnd >= 1_000_000]
    return project.id, found[0]


def paid(store: Store, project_id: int, household_id: int) -> int:
    return next(
        a.paid_vnd for a in accounts(store, project_id, actor=THU) if a.household_id == household_id
    )


def pay_in_error(store: Store) -> tuple[int, Account, int]:
    project_id, account = owed(store)
    wrong = record_payment(
        store, project_id, account.household_id, kind=PaymentKind.PAYMENT, paid_on=PAID_ON,
        amount_vnd=100_000, method=Method.CASH, receipt="PT-SAI-01", actor=THU,
    )  # fmt: skip
    return project_id, account, wrong


def test_a_payment_corrected_within_the_window_counts_in_its_place(demo_store: Store) -> None:
    project_id, account, wrong = pay_in_error(demo_store)
    total_before = compensation_totals(demo_store, project_id, actor=THU).paid_vnd
    found = correctable_payment(demo_store, project_id, account.household_id, actor=THU)
    assert found is not None and found[0].id == wrong and found[1] == wrong
    assert correctable_payment(demo_store, project_id, account.household_id, actor=KHOA) is None

    def correct(key: str) -> int:
        return correct_last_payment(
            demo_store, project_id, wrong, kind=PaymentKind.PAYMENT, paid_on=PAID_ON,
            amount_vnd=1_000_000, method=Method.CASH, receipt="PT-SAI-01",
            reason="gõ thiếu một số 0", seen_version=wrong, actor=THU, key=key,
        )  # fmt: skip

    fixed = correct("fix-1")
    assert correct("fix-1") == fixed  # a double tap: one correction
    ledger = payments_of(demo_store, project_id, account.household_id, actor=THU)
    original, correction = (next(p for p in ledger if p.id == i) for i in (wrong, fixed))
    assert original.corrected and not correction.corrected
    assert (correction.corrects_id, correction.correction_reason) == (wrong, "gõ thiếu một số 0")
    assert paid(demo_store, project_id, account.household_id) == account.paid_vnd + 1_000_000
    totals = compensation_totals(demo_store, project_id, actor=THU)
    assert totals.paid_vnd == total_before - 100_000 + 1_000_000


def test_a_corrected_payment_still_never_pays_more_than_approved(demo_store: Store) -> None:
    project_id, account, wrong = pay_in_error(demo_store)
    too_much = account.outstanding_vnd + 1_000  # the 100.000 đ replaced leaves room for less
    with pytest.raises(InvalidRecord, match="nhiều hơn"):
        correct_last_payment(
            demo_store, project_id, wrong, kind=PaymentKind.PAYMENT, paid_on=PAID_ON,
            amount_vnd=too_much, method=Method.CASH, receipt="PT-SAI-01", reason="nhầm",
            seen_version=wrong, actor=THU,
        )  # fmt: skip
    assert paid(demo_store, project_id, account.household_id) == account.paid_vnd + 100_000
    exactly = correct_last_payment(
        demo_store, project_id, wrong, kind=PaymentKind.PAYMENT, paid_on=PAID_ON,
        amount_vnd=account.outstanding_vnd, method=Method.CASH, receipt="PT-SAI-01",
        reason="trả đủ", seen_version=wrong, actor=THU,
    )  # fmt: skip
    assert exactly > wrong
    assert paid(demo_store, project_id, account.household_id) == account.approved_vnd


LATER = dt.timedelta(minutes=CORRECTION_MINUTES + 1)


@pytest.mark.parametrize(
    ("actor", "after", "stale", "refusal", "sentence"),
    [
        (KHOA, dt.timedelta(0), False, PermissionDenied, r"^Chỉ người đã nhập bản ghi này"),
        (THU, LATER, False, InvalidRecord, r"^Đã hết \d+ phút .* bản ghi mới kèm lý do\.$"),
        (THU, dt.timedelta(0), True, StaleEdit, "^Chưa lưu thay đổi của bạn"),
    ],
    ids=["another-person", "after-the-window", "stale-version"],
)  # fmt: skip
def test_a_payment_correction_is_refused_with_what_to_do_instead(
    demo_store: Store, actor: Actor, after: dt.timedelta, stale: bool, refusal: type[Exception],
    sentence: str,
) -> None:  # fmt: skip
    project_id, account, wrong = pay_in_error(demo_store)
    with pytest.raises(refusal, match=sentence):
        correct_last_payment(
            demo_store, project_id, wrong, kind=PaymentKind.PAYMENT, paid_on=PAID_ON,
            amount_vnd=200_000, method=Method.CASH, receipt="PT-SAI-01", reason="nhầm",
            seen_version=wrong - 1 if stale else wrong, actor=actor, now=utcnow() + after,
        )  # fmt: skip
    assert paid(demo_store, project_id, account.household_id) == account.paid_vnd + 100_000
