"""Recording consent: a new dated event on the household's history, never an overwrite.

An event may be entered after the day it happened; beyond ``LATE_ENTRY_DAYS`` (``core.rules``) the
reason is required.
A correction is simply a later-recorded event for the same or a later day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from consultations.consent import store as _store
from consultations.consent.store import consent_events_of, insert_consent_event
from consultations.core import schema
from consultations.core.access import (
    Action,
    Actor,
    readable_households,
    require_cited_meeting,
    require_household,
)
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.records import ConsentEvent, ConsentStatus
from consultations.core.rules import Attachment, check_event_date
from consultations.core.versions import versioned_update
from consultations.documents.service import add_document_in
from consultations.households.service import household_in
from translations import _, local_today


def append_consent_in(
    conn: Any, event: ConsentEvent, seen_version: int, signed_document: Attachment | None
) -> int:
    """Inside a transaction: bump the household's version (stale edits fail) and add the event."""
    household = household_in(conn, event.household_id)
    versioned_update(
        conn, schema.households, entity="household", row_id=household.id,
        seen_version=seen_version, values={}, actor=event.recorded_by, project_id=household.project_id,
        because={"status": str(event.status)},
    )  # fmt: skip
    document_id = None
    if signed_document is not None:
        document_id = add_document_in(
            conn, household.project_id, kind="signed_agreement",
            title=_("Signed agreement of household {code}").format(code=household.code),
            file_name=signed_document.file_name, content=signed_document.content,
            media_type=signed_document.media_type, issued_on=event.happened_on,
        )  # fmt: skip
    event_id = insert_consent_event(conn, household.project_id, event, document_id)
    write_audit(
        conn, actor=event.recorded_by, action="create", entity="consent_event", entity_id=event_id,
        project_id=household.project_id,
        after={"household": household.code, "status": str(event.status),
               "happened_on": event.happened_on.isoformat(), "note": event.note},
    )  # fmt: skip
    return event_id


def record_consent(
    store: Store,
    household_id: int,
    status: ConsentStatus,
    happened_on: dt.date,
    *,
    seen_version: int,
    actor: Actor,
    note: str | None = None,
    late_reason: str | None = None,
    meeting_id: int | None = None,
    signed_document: Attachment | None = None,
    today: dt.date | None = None,
    key: str | None = None,
) -> ConsentEvent:
    """Append a consent event; refused if the household changed since ``seen_version``. The same
    ``key`` again (a double tap) records nothing and returns the first event."""
    check_event_date(happened_on, late_reason, today or local_today())
    if status is ConsentStatus.AGREED and signed_document is None and not (note or "").strip():
        raise InvalidRecord(
            _("An agreement needs its signed document, or a note saying where the signed paper is.")
        )
    event = ConsentEvent(
        household_id=household_id, status=status, happened_on=happened_on, recorded_by=str(actor),
        note=note, meeting_id=meeting_id, late_reason=late_reason,
    )  # fmt: skip

    def work(conn: Connection) -> int:
        require_household(conn, actor, Action.EDIT_RECORDS, household_id)
        if meeting_id is not None:  # a meeting of the household's own project and communes
            project_id = household_in(conn, household_id).project_id
            require_cited_meeting(conn, actor, Action.EDIT_RECORDS, project_id, meeting_id)
        return append_consent_in(conn, event, seen_version, signed_document)

    event_id = run_once(store, key=key, command="record_consent", actor=str(actor), work=work)
    with store.read() as conn:
        return consent_events_of(conn, None, event_id=event_id)[0]


def consent_history(store: Store, household_id: int, *, actor: Actor) -> list[ConsentEvent]:
    """One household's consent events, oldest first, for those who may read it."""
    with store.read() as conn:
        require_household(conn, actor, Action.READ_PERSONAL, household_id)
        return consent_events_of(conn, None, household_id=household_id)


def consent_events_seen_by(store: Store, project_id: int, *, actor: Actor) -> list[ConsentEvent]:
    """A project's consent events, oldest first, of the households ``actor`` may read (a field
    officer: those of the communes assigned)."""
    with store.read() as conn:
        readable = readable_households(conn, actor, project_id)
        events = consent_events_of(conn, project_id)
    return [e for e in events if readable is None or e.household_id in readable]


# For other features' transactions: the caller holds the connection (entry points never do).
def consent_events_in(
    conn: Connection,
    project_id: int | None,
    as_of: dt.date | None = None,
    household_id: int | None = None,
    event_id: int | None = None,
) -> list[ConsentEvent]:
    """Consent events, oldest first, of a project or household, up to a day. In the caller's transaction."""
    return _store.consent_events_of(conn, project_id, as_of, household_id, event_id)


def import_consent_events_in(conn: Connection, project_id: int, events: list[ConsentEvent]) -> None:
    """``insert_consent_event`` for a whole history register, in one statement. In the caller's
    transaction."""
    return _store.insert_consent_events(conn, project_id, events)


def latest_statuses_in(
    conn: Connection, project_id: int, as_of: dt.date | None = None
) -> dict[int, ConsentStatus]:
    """Each household's latest consent status on ``as_of``, in one query (latest by the day it
    happened, then the moment recorded: ``consent.current_status``, done by the database). In
    the caller's transaction."""
    return _store.latest_statuses(conn, project_id, as_of)


def first_consent_day_in(conn: Connection, project_id: int) -> dt.date | None:
    """The day of the project's earliest consent event (None: none yet), where a history of
    consent begins. In the caller's transaction."""
    return _store.first_consent_day(conn, project_id)
