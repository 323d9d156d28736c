"""Concerns and grievances: raised, acknowledged, answered, resolved or escalated, and their age."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import pandas as pd

from consultations.concerns import store as _store
from consultations.concerns.model import Concern
from consultations.concerns.store import concerns_of, fresh_reference, insert_concern
from consultations.core import schema
from consultations.core.access import (
    Action,
    Actor,
    only_readable,
    readable_households,
    require_cited_meeting,
    require_owned_record,
    require_record,
)
from consultations.core.audit import audit_rows_of, utcnow
from consultations.core.commands import run_command
from consultations.core.corrections import Entry, check_correction, may_correct
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.events import Entity
from consultations.core.records import Channel, ConcernCategory
from consultations.core.rules import check_event_date
from consultations.core.typed import records_from
from consultations.core.unit import Unit
from consultations.core.versions import versioned_change
from consultations.outbox.service import acknowledge_in
from translations import _, local_today

#: docs/domain.md, "Concerns and grievances": acknowledge within days; resolve within 30.
ACKNOWLEDGE_WITHIN_DAYS = 5
RESOLVE_WITHIN_DAYS = 30


class ConcernStep(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    ESCALATED = "escalated"

    @property
    def label(self) -> str:
        return {
            ConcernStep.ACKNOWLEDGED: _("Concern acknowledged"),
            ConcernStep.ANSWERED: _("Concern answered"),
            ConcernStep.RESOLVED: _("Concern resolved"),
            ConcernStep.ESCALATED: _("Concern escalated"),
        }[self]


def raise_concern(
    store: Store,
    project_id: int,
    *,
    household_id: int | None,
    category: ConcernCategory,
    channel: Channel,
    text: str,
    received_on: dt.date,
    actor: Actor,
    meeting_id: int | None = None,
    today: dt.date | None = None,
    key: str | None = None,
    asked_vnd: int | None = None,
    asked_for: str | None = None,
) -> int:
    """Record a concern; the same ``key`` again returns the first concern's id. A concern about the
    compensation price may say what the household asks (``asked_vnd``, for ``asked_for``)."""
    if not text.strip():
        raise InvalidRecord(_("Write down what the concern is."))
    if asked_vnd is not None and (
        category is not ConcernCategory.COMPENSATION_PRICE or asked_vnd <= 0
    ):
        raise InvalidRecord(
            _("An amount asked belongs to a concern about the compensation price, and is more than zero.")
        )  # fmt: skip
    check_event_date(received_on, "-", today or local_today())

    def work(unit: Unit) -> int:
        require_record(unit.conn, actor, Action.EDIT_RECORDS, project_id, household_id)
        if meeting_id is not None:  # a meeting of this project, and of the officer's communes
            require_cited_meeting(unit.conn, actor, Action.EDIT_RECORDS, project_id, meeting_id)
        return record_concern_in(
            unit, project_id, household_id=household_id, category=category,
            channel=channel, text=text, received_on=received_on, meeting_id=meeting_id,
            asked_vnd=asked_vnd, asked_for=asked_for if asked_vnd else None,
        )  # fmt: skip

    return run_command(store, key=key, command="raise_concern", actor=actor, work=work)


def record_concern_in(
    unit: Unit,
    project_id: int,
    *,
    household_id: int | None,
    category: ConcernCategory,
    channel: Channel,
    text: str,
    received_on: dt.date,
    meeting_id: int | None = None,
    answer: str | None = None,
    answered_by: str | None = None,
    asked_vnd: int | None = None,
    asked_for: str | None = None,
) -> int:
    """Write one concern and its audit row in the command's unit of work: the one write path
    for a concern, whether from the concern form or raised at a logged meeting (where it is
    acknowledged that day, and answered if the chair answered it). The caller checked scope."""
    answered = bool((answer or "").strip())
    acknowledged = meeting_id is not None and channel is Channel.MEETING
    public_ref = fresh_reference(unit.conn)
    concern_id = insert_concern(
        unit.conn, project_id,
        {"public_ref": public_ref, "household_id": household_id, "category": str(category), "channel": str(channel),
         "text": text.strip(), "received_on": received_on, "meeting_id": meeting_id,
         "acknowledged_on": received_on if acknowledged else None,
         "answered_on": received_on if answered else None,
         "answer": answer if answered else None, "answered_by": answered_by if answered else None,
         "recorded_by": unit.by, "asked_vnd": asked_vnd, "asked_for": asked_for},
    )  # fmt: skip
    unit.audit(Entity.CONCERN, concern_id, "create", project_id=project_id,
               after={"category": str(category), "version": 1})  # fmt: skip
    acknowledge_in(unit.conn, "concern", public_ref, received_on, project_id=project_id,
                   household_id=household_id)  # fmt: skip
    return concern_id


def _step_values(
    step: ConcernStep, on: dt.date | None, answer: str | None, actor: Actor, today: dt.date | None
) -> dict[str, object]:
    """A step's fields: its day (None: not taken after all), and for an answer its text and who."""
    if on is None:
        cleared = {"answer": None, "answered_by": None} if step is ConcernStep.ANSWERED else {}
        return {f"{step}_on": None, **cleared}
    check_event_date(on, "-", today or local_today())
    values: dict[str, object] = {f"{step}_on": on}
    if step is ConcernStep.ANSWERED:
        if not (answer or "").strip():
            raise InvalidRecord(_("Write down the answer that was given."))
        values.update(answer=answer, answered_by=actor.username)
    return values


def update_concern(
    store: Store,
    concern_id: int,
    project_id: int,
    step: ConcernStep,
    on: dt.date,
    *,
    seen_version: int,
    actor: Actor,
    answer: str | None = None,
    today: dt.date | None = None,
    key: str | None = None,
) -> int:
    """Mark a step of a concern on a date; an answer needs its text and who gave it (``actor``)."""
    values = _step_values(step, on, answer, actor, today)

    def work(unit: Unit) -> int:
        require_owned_record(
            unit.conn, actor, Action.EDIT_RECORDS, "concerns", concern_id, project_id
        )
        return versioned_change(
            unit, schema.concerns, entity=Entity.CONCERN, row_id=concern_id,
            seen_version=seen_version, values=values, project_id=project_id,
        )  # fmt: skip

    return run_command(store, key=key, command="update_concern", actor=actor, work=work)


def correct_last_concern_step(
    store: Store,
    concern_id: int,
    project_id: int,
    step: ConcernStep,
    on: dt.date | None,
    *,
    seen_version: int,
    actor: Actor,
    reason: str,
    answer: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    key: str | None = None,
) -> int:
    """Correct the ``step`` that ``actor`` marked on this concern in error: their latest change to
    it, within the window (``core.corrections``): another day, another answer, or ``on=None``
    (the step was not taken). The audit row names the change it corrects and why, beside it."""
    values = _step_values(step, on, answer, actor, today)

    def work(unit: Unit) -> int:
        require_owned_record(
            unit.conn, actor, Action.EDIT_RECORDS, "concerns", concern_id, project_id
        )
        rows = audit_rows_of(unit.conn, entity=Entity.CONCERN, entity_id=concern_id)
        marked = [_entry(r) for r in rows if f"{step}_on" in (r.after or {})]
        own = [_entry(r) for r in rows if r.actor == unit.by]
        check_correction(marked[-1] if marked else None, own[-1] if own else None,
                         actor=unit.by, reason=reason, now=now or unit.now)  # fmt: skip
        return versioned_change(
            unit, schema.concerns, entity=Entity.CONCERN, row_id=concern_id,
            seen_version=seen_version, values=values, project_id=project_id,
            because={"corrects": marked[-1].id, "reason": reason.strip()},
        )  # fmt: skip

    return run_command(store, key=key, command="correct_concern_step", actor=actor, work=work)


def _entry(row: Any) -> Entry:
    return Entry(int(row.id), str(row.actor), row.at)


def correctable_step(
    store: Store, concern_id: int, project_id: int, *, actor: Actor, now: dt.datetime | None = None
) -> ConcernStep | None:
    """The step of this concern ``actor`` may still correct (their latest change marked it and
    the window is open), or None."""
    with store.read() as conn:
        require_owned_record(conn, actor, Action.READ_PERSONAL, "concerns", concern_id, project_id)
        rows = audit_rows_of(conn, entity="concern", entity_id=concern_id)
    own = [r for r in rows if r.actor == actor.username]
    if not own:
        return None
    entry = _entry(own[-1])
    steps = [step for step in ConcernStep if f"{step}_on" in (own[-1].after or {})]
    if not steps or not may_correct(entry, entry, actor=actor.username, now=now or utcnow()):
        return None
    return steps[0]


def concerns_seen_by(
    store: Store, project_id: int, *, actor: Actor, today: dt.date | None = None
) -> list[Concern]:
    """The project's concerns that ``actor`` may read, oldest first, aged on ``today``: a field
    officer sees those of the households in the communes assigned, and the project-wide ones."""
    with store.read() as conn:
        households = readable_households(conn, actor, project_id)
        concerns = only_readable(concerns_of(conn, project_id), households)
    return records_from(with_ageing(concerns, today or local_today()), Concern)


def with_ageing(concerns: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Add ``open``, ``age_days`` (to resolution, or to today) and the two overdue flags."""
    frame = concerns.copy()
    if frame.empty:
        return frame.assign(open=[], age_days=[], ack_overdue=[], overdue=[])
    received = pd.to_datetime(frame.received_on)
    closed = pd.to_datetime(frame.resolved_on).fillna(pd.to_datetime(frame.escalated_on))
    end = closed.fillna(pd.Timestamp(today))
    frame["open"] = closed.isna()
    frame["age_days"] = (end - received).dt.days
    frame["ack_overdue"] = (
        frame.open & frame.acknowledged_on.isna() & (frame.age_days > ACKNOWLEDGE_WITHIN_DAYS)
    )
    frame["overdue"] = frame.open & (frame.age_days > RESOLVE_WITHIN_DAYS)
    return frame


# For other features' transactions: the caller holds the connection (entry points never do).
def concerns_in(conn: Connection, project_id: int, household_id: int | None = None) -> pd.DataFrame:
    """The project's concerns (or one household's). In the caller's transaction."""
    return _store.concerns_of(conn, project_id, household_id)


def import_concern_in(conn: Connection, project_id: int, values: dict[str, Any]) -> int:
    """Add a concern from a history register (imported with its dates and answer). In the caller's transaction."""
    return _store.insert_concern(conn, project_id, values)
