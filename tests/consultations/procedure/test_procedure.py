"""Legal deadlines computed from a household's procedure steps, on the edge dates."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from consultations.procedure.service import Deadline, DeadlineState, Step, add_months, deadlines

D = dt.date


def steps(*rows: tuple[Step, dt.date] | tuple[Step, dt.date, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"step": str(r[0]), "happened_on": r[1], "land_type": r[2] if len(r) > 2 else None}
            for r in rows
        ]
    )


def by_rule(found: list[Deadline], rule: str) -> Deadline:
    return next(d for d in found if d.rule == rule)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 3, 15), 12, D(2025, 3, 15)),
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_month_end(
    start: dt.date, months: int, end: dt.date
) -> None:
    assert add_months(start, months) == end


@pytest.mark.parametrize(
    ("land_type", "decided_after_days", "state"),
    [
        ("agricultural", 89, DeadlineState.DONE_LATE),
        ("agricultural", 90, DeadlineState.DONE),
        ("non_agricultural", 179, DeadlineState.DONE_LATE),
        ("non_agricultural", 180, DeadlineState.DONE),
    ],
)
def test_the_notice_must_come_90_or_180_days_before_the_decision(
    land_type: str, decided_after_days: int, state: DeadlineState
) -> None:
    notice = D(2024, 1, 10)
    found = deadlines(
        steps(
            (Step.NOTICE_ISSUED, notice, land_type),
            (Step.RECOVERY_DECISION, notice + dt.timedelta(days=decided_after_days)),
        ),
        today=D(2024, 12, 31),
    )
    rule = (
        "notice_period_agricultural"
        if land_type == "agricultural"
        else "notice_period_non_agricultural"
    )
    assert by_rule(found, rule).state is state
    assert all(
        d.rule
        != (
            "notice_period_non_agricultural"
            if land_type == "agricultural"
            else "notice_period_agricultural"
        )
        for d in found
    )


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (D(2024, 3, 1), DeadlineState.OPEN),
        (D(2024, 3, 4), DeadlineState.NEAR),
        (D(2024, 3, 11), DeadlineState.NEAR),
        (D(2024, 3, 12), DeadlineState.LATE),
    ],
)
def test_payment_within_30_days_of_approval_is_flagged_near_then_late(
    today: dt.date, state: DeadlineState
) -> None:
    found = deadlines(steps((Step.PLAN_APPROVED, D(2024, 2, 10))), today=today)
    payment = by_rule(found, "payment")
    assert payment.date == D(2024, 3, 11)
    assert payment.state is state


def test_a_notice_is_valid_twelve_months() -> None:
    found = deadlines(
        steps((Step.NOTICE_ISSUED, D(2024, 2, 29), "agricultural")), today=D(2025, 3, 1)
    )
    validity = by_rule(found, "notice_validity")
    assert validity.date == D(2025, 2, 28) and validity.state is DeadlineState.LATE


def test_a_refused_inventory_needs_written_persuasion_within_15_days() -> None:
    found = deadlines(steps((Step.INVENTORY_REFUSED, D(2024, 5, 1)), (Step.PERSUASION, D(2024, 5, 16))),
                      today=D(2024, 6, 1))  # fmt: skip
    assert by_rule(found, "written_persuasion").state is DeadlineState.DONE
    assert by_rule(found, "compulsory_inventory").date == D(2024, 5, 26)


def test_every_deadline_state_and_rule_kind_is_shown_in_vietnamese_words() -> None:
    """The household's file showed ``not_before``, ``due`` and ``open``: codes, not words."""
    from consultations.procedure.service import rule_kind_label, rules

    kinds = {r.kind for r in rules()}
    assert kinds == {"due", "not_before"}
    shown = [rule_kind_label(k) for k in kinds] + [s.label for s in DeadlineState]
    assert "Chưa đến hạn" in shown and "Không được làm trước" in shown
    assert all(text and "_" not in text and text.isascii() is False for text in shown), shown
