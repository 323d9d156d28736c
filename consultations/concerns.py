"""Concerns and grievances: raised, acknowledged, answered, resolved or escalated, and their age."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import pandas as pd

from consultations.access import (
    Action,
    Actor,
    only_readable,
    readable_households,
    require_owned_record,
    require_record,
)
from consultations.consent_log import check_event_date
from consultations.errors import InvalidRecord
from consultations.records import Channel, ConcernCategory
from consultations.storage import schema
from consultations.storage.commands import run_once
from consultations.storage.database import Connection, Store
from consultations.storage.meetings import insert_concern
from consultations.storage.projects import write_audit
from consultations.storage.records import concerns_of
from consultations.storage.versions import versioned_update
from translations import _

#: Good practice (DOMAIN §6): acknowledge within days; the law: resolve within 30 days.
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
) -> int:
    """Record a concern; the same ``key`` again returns the first concern's id."""
    if not text.strip():
        raise InvalidRecord(_("Write down what the concern is."))
    check_event_date(received_on, "-", today or dt.date.today())

    def work(conn: Connection) -> int:
        require_record(conn, actor, Action.EDIT_RECORDS, project_id, household_id)
        concern_id = insert_concern(
            conn, project_id,
            {"household_id": household_id, "category": str(category), "channel": str(channel),
             "text": text.strip(), "received_on": received_on, "meeting_id": meeting_id,
             "recorded_by": str(actor)},
        )  # fmt: skip
        write_audit(conn, actor=str(actor), action="create", entity="concern", entity_id=concern_id,
                    project_id=project_id, after={"category": str(category), "version": 1})  # fmt: skip
        return concern_id

    return run_once(store, key=key, command="raise_concern", actor=str(actor), work=work)


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
    check_event_date(on, "-", today or dt.date.today())
    values: dict[str, object] = {f"{step}_on": on}
    if step is ConcernStep.ANSWERED:
        if not (answer or "").strip():
            raise InvalidRecord(_("Write down the answer that was given."))
        values.update(answer=answer, answered_by=str(actor))

    def work(conn: Connection) -> int:
        require_owned_record(conn, actor, Action.EDIT_RECORDS, "concerns", concern_id, project_id)
        return versioned_update(
            conn, schema.concerns, entity="concern", row_id=concern_id, seen_version=seen_version,
            values=values, actor=str(actor), project_id=project_id,
        )  # fmt: skip

    return run_once(store, key=key, command="update_concern", actor=str(actor), work=work)


def concerns_seen_by(store: Store, project_id: int, *, actor: Actor) -> pd.DataFrame:
    """The project's concerns that ``actor`` may read: a field officer sees those of the households
    in the communes assigned, and the project-wide ones."""
    with store.read() as conn:
        households = readable_households(conn, actor, project_id)
        return only_readable(concerns_of(conn, project_id), households)


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
