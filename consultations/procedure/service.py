"""The legal procedure per household (docs/domain.md, "Procedure and deadlines"): dated steps, and the deadlines computed from them.

Steps are appended, never edited. Deadlines come from ``data/deadlines.csv`` (rules change; code
should not): a ``due`` rule says step B must happen within N days (or months) of step A; a
``not_before`` rule says step B may not happen until N days after step A.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import functools
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pandas as pd

from consultations.core.access import Action, Actor, require_household_read
from consultations.core.commands import run_command
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.events import Entity
from consultations.core.rules import check_event_date
from consultations.core.unit import Unit
from consultations.households.service import household_to_change_in
from consultations.procedure import store as _store
from consultations.procedure.store import insert_step
from translations import _, local_today

NEAR_DAYS = 7
_RULES_CSV = Path(__file__).parent / "deadlines.csv"


class Step(StrEnum):
    NOTICE_ISSUED = "notice_issued"
    NOTICE_DELIVERED = "notice_delivered"
    INVENTORY_SIGNED = "inventory_signed"
    INVENTORY_REFUSED = "inventory_refused"
    PERSUASION = "persuasion"
    PLAN_POSTED = "plan_posted"
    PLAN_MEETING = "plan_meeting"
    PLAN_APPROVED = "plan_approved"
    RECOVERY_DECISION = "recovery_decision"
    PAYMENT = "payment"
    HANDOVER = "handover"

    @property
    def label(self) -> str:
        return {
            Step.NOTICE_ISSUED: _("Recovery notice issued"),
            Step.NOTICE_DELIVERED: _("Notice delivered"),
            Step.INVENTORY_SIGNED: _("Inventory minutes signed"),
            Step.INVENTORY_REFUSED: _("Inventory minutes refused"),
            Step.PERSUASION: _("Written persuasion"),
            Step.PLAN_POSTED: _("Compensation plan posted"),
            Step.PLAN_MEETING: _("Opinion at the plan meeting"),
            Step.PLAN_APPROVED: _("Compensation plan approved"),
            Step.RECOVERY_DECISION: _("Recovery decision"),
            Step.PAYMENT: _("Payment"),
            Step.HANDOVER: _("Site handover"),
        }[self]


class DeadlineState(StrEnum):
    DONE = "done"
    DONE_LATE = "done_late"  # a due step done after its date, or a not-before step done too early
    OPEN = "open"
    NEAR = "near"
    LATE = "late"

    @property
    def label(self) -> str:
        return {
            DeadlineState.DONE: _("Done in time"),
            DeadlineState.DONE_LATE: _("Done outside the legal time"),
            DeadlineState.OPEN: _("Not yet due"),
            DeadlineState.NEAR: _("Due within {n} days").format(n=NEAR_DAYS),
            DeadlineState.LATE: _("Late"),
        }[self]


def rule_kind_label(kind: str) -> str:
    """A rule's kind from the table (``due``, ``not_before``) as people say it."""
    return {"due": _("To be done by"), "not_before": _("Not to be done before")}.get(kind, kind)


@dataclass(frozen=True)
class Rule:
    name: str
    from_step: Step
    to_step: Step
    kind: str
    days: int
    months: int
    land_type: str | None


@dataclass(frozen=True)
class Deadline:
    rule: str
    to_step: Step
    kind: str
    date: dt.date
    done_on: dt.date | None
    state: DeadlineState

    @property
    def kind_label(self) -> str:
        return rule_kind_label(self.kind)


@functools.cache
def rules() -> tuple[Rule, ...]:
    with _RULES_CSV.open(encoding="utf-8") as f:
        return tuple(
            Rule(r["rule"], Step(r["from_step"]), Step(r["to_step"]), r["kind"], int(r["days"]),
                 int(r["months"]), r["land_type"] or None)
            for r in csv.DictReader(f)
        )  # fmt: skip


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (31/01 + 1 month → 28 or 29/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadlines(steps: pd.DataFrame, today: dt.date) -> list[Deadline]:
    """The deadlines of one household's steps (columns step, happened_on, land_type), as of today."""
    first: dict[str, dt.date] = {}
    land_type = None
    for row in steps.sort_values("happened_on").itertuples():
        first.setdefault(row.step, row.happened_on)
        if row.step == Step.NOTICE_ISSUED and row.land_type:
            land_type = row.land_type
    result = []
    for rule in rules():
        start = first.get(rule.from_step)
        if start is None or (rule.land_type and rule.land_type != (land_type or "agricultural")):
            continue
        date = add_months(start, rule.months) + dt.timedelta(days=rule.days)
        done = first.get(rule.to_step)
        if rule.kind == "not_before":
            state = DeadlineState.DONE_LATE if done and done < date else (
                DeadlineState.DONE if done else DeadlineState.OPEN)  # fmt: skip
        elif done is not None:
            state = DeadlineState.DONE if done <= date else DeadlineState.DONE_LATE
        elif today > date:
            state = DeadlineState.LATE
        elif (date - today).days <= NEAR_DAYS:
            state = DeadlineState.NEAR
        else:
            state = DeadlineState.OPEN
        result.append(Deadline(rule.name, rule.to_step, rule.kind, date, done, state))
    return result


def record_step(
    store: Store,
    household_id: int,
    step: Step,
    happened_on: dt.date,
    *,
    actor: Actor,
    ends_on: dt.date | None = None,
    outcome: str | None = None,
    land_type: str | None = None,
    note: str | None = None,
    late_reason: str | None = None,
    today: dt.date | None = None,
    key: str | None = None,
) -> int:
    check_event_date(happened_on, late_reason, today or local_today())
    if step is Step.NOTICE_ISSUED and land_type not in ("agricultural", "non_agricultural"):
        raise InvalidRecord(
            _("Say whether the notice is for agricultural or non-agricultural land.")
        )
    if ends_on is not None and ends_on < happened_on:
        raise InvalidRecord(_("A period cannot end before it starts."))

    def work(unit: Unit) -> int:
        household = household_to_change_in(unit, household_id)
        require_household_read(unit.conn, actor, Action.EDIT_RECORDS, household)
        step_id = insert_step(
            unit.conn,
            {"project_id": household.project_id, "household_id": household_id, "step": str(step),
             "happened_on": happened_on, "ends_on": ends_on, "outcome": outcome,
             "land_type": land_type, "note": note or late_reason, "recorded_by": unit.by},
        )  # fmt: skip
        unit.audit(Entity.PROCEDURE_STEP, step_id, "create", project_id=household.project_id,
                   after={"step": str(step), "happened_on": happened_on.isoformat()})  # fmt: skip
        return step_id

    return run_command(store, key=key, command="record_step", actor=actor, work=work)


# For other features' transactions: the caller holds the connection (entry points never do).
def steps_in(conn: Connection, project_id: int, household_id: int | None = None) -> pd.DataFrame:
    """The procedure steps recorded in the project (or for one household). In the caller's transaction."""
    return _store.steps_of(conn, project_id, household_id)
