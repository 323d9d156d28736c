"""This week: what falls due or is late, across the record, for the households a reader may read.

One snapshot of the owners' own deadlines, none reinvented here: a concern's acknowledgement and
answer (``concerns.service``: 5 and 30 days from receipt), a petition's acceptance and settlement
(``petitions.model.due``, from its deadline table), a commitment's due day, a household's procedure
steps (``procedure.service.deadlines``, from its table) and its payment (``compensation.payments``:
30 days from the plan's approval). "Due" means on or before ``today`` + ``NEAR_DAYS``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pandas as pd

from consultations.commitments.service import commitments_in
from consultations.compensation.money import vnd
from consultations.compensation.payments import accounts_in
from consultations.concerns.service import (
    ACKNOWLEDGE_WITHIN_DAYS,
    RESOLVE_WITHIN_DAYS,
    concerns_in,
)
from consultations.core.access import Actor, only_readable, readable_households
from consultations.core.database import Store
from consultations.core.records import CommitmentStatus, Project
from consultations.households.service import households_in
from consultations.petitions.model import PetitionKind
from consultations.petitions.service import petitions_in
from consultations.procedure.service import NEAR_DAYS, DeadlineState, deadlines, steps_in
from translations import _, local_today


class DueKind(StrEnum):
    ACKNOWLEDGE_CONCERN = "acknowledge_concern"
    ANSWER_CONCERN = "answer_concern"
    ACCEPT_PETITION = "accept_petition"
    SETTLE_PETITION = "settle_petition"
    COMMITMENT = "commitment"
    PROCEDURE_STEP = "procedure_step"
    PAYMENT = "payment"

    @property
    def label(self) -> str:
        return {
            DueKind.ACKNOWLEDGE_CONCERN: _("Acknowledge the concern"),
            DueKind.ANSWER_CONCERN: _("Answer the concern"),
            DueKind.ACCEPT_PETITION: _("Accept or refuse the petition"),
            DueKind.SETTLE_PETITION: _("Settle the petition"),
            DueKind.COMMITMENT: _("Keep the commitment"),
            DueKind.PROCEDURE_STEP: _("Procedure step"),
            DueKind.PAYMENT: _("Pay the household"),
        }[self]

    @property
    def page(self) -> str:
        """The page (``app_pages/<page>.py``) where it is handled."""
        return {
            DueKind.ACKNOWLEDGE_CONCERN: "concerns",
            DueKind.ANSWER_CONCERN: "concerns",
            DueKind.ACCEPT_PETITION: "petitions",
            DueKind.SETTLE_PETITION: "petitions",
            DueKind.COMMITMENT: "commitments",
            DueKind.PROCEDURE_STEP: "households",
            DueKind.PAYMENT: "compensation",
        }[self]


@dataclass(frozen=True)
class DueItem:
    kind: DueKind
    due_on: dt.date
    what: str  # the concern's or promise's text, the step's name, the petition's number
    household_id: int | None  # None: about the whole project (or a denouncer's, withheld)
    household_code: str | None
    head_name: str | None
    record_id: int | None  # the concern, petition or commitment; None for a step or a payment

    def days_left(self, today: dt.date) -> int:
        """Days until it falls due; negative: days late."""
        return (self.due_on - today).days

    def late(self, today: dt.date) -> bool:
        return today > self.due_on


@dataclass(frozen=True)
class Week:
    project: Project
    today: dt.date
    items: list[DueItem]  # late first (the oldest first), then by the day each falls due

    @property
    def late(self) -> list[DueItem]:
        return [i for i in self.items if i.late(self.today)]

    @property
    def coming(self) -> list[DueItem]:
        return [i for i in self.items if not i.late(self.today)]


def _day(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return value.date() if isinstance(value, dt.datetime) else value


def _household(value: Any) -> int | None:
    return None if value is None or value != value else int(value)


def this_week(
    store: Store, project: Project, *, actor: Actor, today: dt.date | None = None
) -> Week:
    """What falls due by ``today`` + ``NEAR_DAYS`` (Vietnam's today by default) or is late in
    ``project``, about the households ``actor`` may read (a field officer: those of the communes
    assigned) and the project-wide records; refused to a role that may not read people."""
    day = today or local_today()
    horizon = day + dt.timedelta(days=NEAR_DAYS)
    with store.read() as conn:  # one snapshot: every list from the same moment
        readable = readable_households(conn, actor, project.id)
        people = {h.id: h for h in households_in(conn, project.id)}
        concerns = only_readable(concerns_in(conn, project.id), readable)
        commitments = only_readable(commitments_in(conn, project.id), readable)
        steps = only_readable(steps_in(conn, project.id), readable)
        owed = [a for a in accounts_in(conn, project.id, day)
                if readable is None or a.household_id in readable]  # fmt: skip
        petitions = petitions_in(conn, actor, project.id, day)
    items: list[DueItem] = []

    def add(kind: DueKind, due_on: dt.date | None, what: str, household: int | None,
            record: int | None = None) -> None:  # fmt: skip
        if due_on is None or due_on > horizon:
            return
        person = people.get(household) if household is not None else None
        items.append(DueItem(kind, due_on, what, household, person.code if person else None,
                             person.head_name if person else None, record))  # fmt: skip

    for c in concerns.itertuples():
        if _day(c.resolved_on) or _day(c.escalated_on):
            continue
        received = _day(c.received_on)
        assert received is not None
        if _day(c.acknowledged_on) is None and _day(c.answered_on) is None:
            add(DueKind.ACKNOWLEDGE_CONCERN, received + dt.timedelta(days=ACKNOWLEDGE_WITHIN_DAYS),
                c.text, _household(c.household_id), int(c.id))  # fmt: skip
        if _day(c.answered_on) is None:
            add(DueKind.ANSWER_CONCERN, received + dt.timedelta(days=RESOLVE_WITHIN_DAYS),
                c.text, _household(c.household_id), int(c.id))  # fmt: skip
    for p in petitions:
        if p.decided_on is not None:
            continue
        # A denunciation is never tied to a household here: that would point at its filer.
        household = None
        if p.kind is not PetitionKind.DENUNCIATION and p.household_code:
            household = next((h.id for h in people.values() if h.code == p.household_code), None)
        what = f"{p.reference} · {p.kind.label}"
        if p.accepted_on is None:
            add(DueKind.ACCEPT_PETITION, p.accept_by, what, household, p.id)
        else:
            add(DueKind.SETTLE_PETITION, p.resolve_by, what, household, p.id)
    for k in commitments.itertuples():
        if k.status == str(CommitmentStatus.OPEN):
            add(DueKind.COMMITMENT, _day(k.due_on), k.text, _household(k.household_id), int(k.id))
    paid_by_plan = {a.household_id for a in owed if a.pay_by is not None}
    for a in owed:
        if a.pay_by is not None and a.outstanding_vnd > 0:
            add(DueKind.PAYMENT, a.pay_by, _("{amount} still owed").format(amount=vnd(a.outstanding_vnd)),
                a.household_id)  # fmt: skip
    if not steps.empty:
        for household_id, own in steps.groupby("household_id"):
            for d in deadlines(own, day):
                # The payment deadline of a household in an approved plan is its account's, above.
                if d.rule == "payment" and int(household_id) in paid_by_plan:
                    continue
                if d.state in (DeadlineState.NEAR, DeadlineState.LATE):
                    add(DueKind.PROCEDURE_STEP, d.date, d.to_step.label, int(household_id))
    items.sort(key=lambda i: (i.due_on, i.household_code or "", i.kind))
    return Week(project, day, items)
