"""Commitments: what was promised, to whom, by whom and by when; overdue is derived, never stored."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from consultations.access import (
    Action,
    Actor,
    only_readable,
    readable_households,
    require_owned_record,
    require_record,
)
from consultations.errors import InvalidRecord
from consultations.records import CommitmentStatus
from consultations.storage import schema
from consultations.storage.commands import run_once
from consultations.storage.database import Connection, Store
from consultations.storage.meetings import insert_commitment
from consultations.storage.projects import write_audit
from consultations.storage.records import commitments_of
from consultations.storage.versions import versioned_update
from translations import _


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

    def work(conn: Connection) -> int:
        require_record(conn, actor, Action.EDIT_RECORDS, project_id, household_id)
        commitment_id = insert_commitment(
            conn, project_id,
            {"text": text.strip(), "promised_by": promised_by.strip(), "due_on": due_on,
             "meeting_id": meeting_id, "household_id": household_id},
        )  # fmt: skip
        write_audit(conn, actor=str(actor), action="create", entity="commitment", entity_id=commitment_id,
                    project_id=project_id, after={"text": text, "version": 1})  # fmt: skip
        return commitment_id

    return run_once(store, key=key, command="add_commitment", actor=str(actor), work=work)


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

    def work(conn: Connection) -> int:
        require_owned_record(
            conn, actor, Action.EDIT_RECORDS, "commitments", commitment_id, project_id
        )
        return versioned_update(
            conn, schema.commitments, entity="commitment", row_id=commitment_id,
            seen_version=seen_version, actor=str(actor), project_id=project_id,
            values={"status": str(status), "done_on": done_on if status is CommitmentStatus.DONE else None},
        )  # fmt: skip

    return run_once(store, key=key, command="set_commitment_status", actor=str(actor), work=work)


def commitments_seen_by(store: Store, project_id: int, *, actor: Actor) -> pd.DataFrame:
    """The project's commitments that ``actor`` may read (as ``concerns_seen_by``)."""
    with store.read() as conn:
        households = readable_households(conn, actor, project_id)
        return only_readable(commitments_of(conn, project_id), households)


def with_overdue(commitments: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    frame = commitments.copy()
    due = pd.to_datetime(frame.due_on)
    frame["overdue"] = (frame.status == str(CommitmentStatus.OPEN)) & (due < pd.Timestamp(today))
    frame["days_late"] = ((pd.Timestamp(today) - due).dt.days).where(frame.overdue, 0)
    return frame
