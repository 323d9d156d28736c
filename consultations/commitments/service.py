"""Commitments: what was promised, to whom, by whom and by when; overdue is derived, never stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from consultations.commitments import store as _store
from consultations.commitments.model import Commitment
from consultations.commitments.store import commitments_of, insert_commitment
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
from consultations.core.commands import run_command
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.events import Entity
from consultations.core.records import CommitmentStatus
from consultations.core.typed import records_from
from consultations.core.unit import Unit
from consultations.core.versions import versioned_change
from translations import _, local_today


def add_commitment(
    store: Store,
    project_id: int,
    *,
    text: str,
    promised_by: str,
    due_on: dt.date | None,
    actor: Actor,
    meeting_id: int | None = None,
    household_id: int | None = None,
    key: str | None = None,
) -> int:
    """Record what was promised; the same ``key`` again returns the first commitment's id."""
    if not text.strip() or not promised_by.strip():
        raise InvalidRecord(_("A commitment needs what was promised and who promised it."))

    def work(unit: Unit) -> int:
        require_record(unit.conn, actor, Action.EDIT_RECORDS, project_id, household_id)
        if meeting_id is not None:  # a meeting of this project, and of the officer's communes
            require_cited_meeting(unit.conn, actor, Action.EDIT_RECORDS, project_id, meeting_id)
        return record_commitment_in(
            unit, project_id, text=text, promised_by=promised_by, due_on=due_on,
            meeting_id=meeting_id, household_id=household_id,
        )  # fmt: skip

    return run_command(store, key=key, command="add_commitment", actor=actor, work=work)


def record_commitment_in(
    unit: Unit,
    project_id: int,
    *,
    text: str,
    promised_by: str,
    due_on: dt.date | None,
    meeting_id: int | None = None,
    household_id: int | None = None,
) -> int:
    """Write one commitment and its audit row in the command's unit of work: the one write path
    for a promise, from the commitment form or a logged meeting. The caller checked scope."""
    commitment_id = insert_commitment(
        unit.conn, project_id,
        {"text": text.strip(), "promised_by": promised_by.strip(), "due_on": due_on,
         "meeting_id": meeting_id, "household_id": household_id},
    )  # fmt: skip
    unit.audit(Entity.COMMITMENT, commitment_id, "create", project_id=project_id,
               after={"text": text, "version": 1})  # fmt: skip
    return commitment_id


def set_commitment_status(
    store: Store,
    commitment_id: int,
    project_id: int,
    status: CommitmentStatus,
    *,
    seen_version: int,
    actor: Actor,
    done_on: dt.date | None = None,
    key: str | None = None,
) -> int:
    """Mark a commitment open or done; scope is checked on the commitment's own household."""
    if status is CommitmentStatus.DONE and done_on is None:
        raise InvalidRecord(_("Say on which day the commitment was fulfilled."))

    def work(unit: Unit) -> int:
        require_owned_record(
            unit.conn, actor, Action.EDIT_RECORDS, "commitments", commitment_id, project_id
        )
        return versioned_change(
            unit, schema.commitments, entity=Entity.COMMITMENT, row_id=commitment_id,
            seen_version=seen_version, project_id=project_id,
            values={"status": str(status), "done_on": done_on if status is CommitmentStatus.DONE else None},
        )  # fmt: skip

    return run_command(store, key=key, command="set_commitment_status", actor=actor, work=work)


def commitments_seen_by(
    store: Store, project_id: int, *, actor: Actor, today: dt.date | None = None
) -> list[Commitment]:
    """The project's commitments that ``actor`` may read (as ``concerns_seen_by``), by due day,
    with how late each is on ``today``."""
    with store.read() as conn:
        households = readable_households(conn, actor, project_id)
        commitments = only_readable(commitments_of(conn, project_id), households)
    return records_from(with_overdue(commitments, today or local_today()), Commitment)


def with_overdue(commitments: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    frame = commitments.copy()
    due = pd.to_datetime(frame.due_on)
    frame["overdue"] = (frame.status == str(CommitmentStatus.OPEN)) & (due < pd.Timestamp(today))
    frame["days_late"] = ((pd.Timestamp(today) - due).dt.days).where(frame.overdue, 0)
    return frame


# For other features' transactions: the caller holds the connection (entry points never do).
def commitments_in(conn: Connection, project_id: int) -> pd.DataFrame:
    """The project's commitments. In the caller's transaction."""
    return _store.commitments_of(conn, project_id)


def import_commitment_in(conn: Connection, project_id: int, values: dict[str, Any]) -> int:
    """Add a commitment from a history register (imported as it was, done or open). In the caller's transaction."""
    return _store.insert_commitment(conn, project_id, values)
