"""Recording consent: a new dated event on the household's history, never an overwrite.

An event may be entered after the day it happened; beyond ``LATE_ENTRY_DAYS`` (``core.rules``) the
reason is required.
A correction is a later-recorded event for the same or a later day; within a short window its
recorder may instead correct their last entry (``correct_last_consent``): the corrected event stays
in the history and stops counting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from consultations.consent import store as _store
from consultations.consent.store import consent_events_of, insert_consent_event
from consultations.core import schema
from consultations.core.access import (
    Action,
    Actor,
    readable_households,
    require_cited_meeting,
    require_household,
    require_household_read,
)
from consultations.core.audit import utcnow
from consultations.core.commands import run_command
from consultations.core.corrections import Entry, check_correction, may_correct
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord, NotFound
from consultations.core.events import Entity
from consultations.core.records import ConsentEvent, ConsentStatus, Household
from consultations.core.rules import Attachment, check_event_date
from consultations.core.unit import Unit
from consultations.core.versions import bump_version
from consultations.documents.service import add_document_in
from consultations.households.service import household_to_change_in
from translations import _, local_today


def append_consent_in(
    unit: Unit,
    event: ConsentEvent,
    seen_version: int,
    signed_document: Attachment | None,
    household: Household | None = None,
) -> int:
    """In the unit's transaction: move the household to its next version (a stale one is
    refused) and add the event, with one audit row that names the version it made. ``household``:
    the household as this command already read it."""
    household = household or household_to_change_in(unit, event.household_id)
    version = bump_version(unit.conn, schema.households, entity=Entity.HOUSEHOLD,
                           row_id=household.id, seen_version=seen_version)  # fmt: skip
    document_id = event.document_id  # a correction keeps the paper of the event it corrects
    if signed_document is not None:
        document_id = add_document_in(
            unit.conn, household.project_id, kind="signed_agreement",
            title=_("Signed agreement of household {code}").format(code=household.code),
            file_name=signed_document.file_name, content=signed_document.content,
            media_type=signed_document.media_type, issued_on=event.happened_on,
        )  # fmt: skip
    stamped = replace(event, recorded_at=event.recorded_at or unit.now)
    event_id = insert_consent_event(unit.conn, household.project_id, stamped, document_id)
    correction = (
        {"corrects": event.corrects_id, "reason": event.correction_reason}
        if event.corrects_id is not None
        else {}
    )
    unit.audit(
        Entity.CONSENT_EVENT, event_id, "correct" if correction else "create",
        project_id=household.project_id,
        after={"household": household.code, "status": str(event.status),
               "happened_on": event.happened_on.isoformat(), "note": event.note, **correction,
               "version": version},
    )  # fmt: skip
    return event_id


def _check_event(
    status: ConsentStatus,
    happened_on: dt.date,
    note: str | None,
    late_reason: str | None,
    has_paper: bool,
    today: dt.date | None,
) -> None:
    check_event_date(happened_on, late_reason, today or local_today())
    if status is ConsentStatus.AGREED and not has_paper and not (note or "").strip():
        raise InvalidRecord(
            _("An agreement needs its signed document, or a note saying where the signed paper is.")
        )


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
    _check_event(status, happened_on, note, late_reason, signed_document is not None, today)

    def work(unit: Unit) -> int:
        household = household_to_change_in(unit, household_id)
        require_household_read(unit.conn, actor, Action.EDIT_RECORDS, household)
        if meeting_id is not None:  # a meeting of the household's own project and communes
            require_cited_meeting(
                unit.conn, actor, Action.EDIT_RECORDS, household.project_id, meeting_id
            )
        event = ConsentEvent(
            household_id=household_id, status=status, happened_on=happened_on,
            recorded_by=unit.by, note=note, meeting_id=meeting_id, late_reason=late_reason,
        )  # fmt: skip
        return append_consent_in(unit, event, seen_version, signed_document, household)

    event_id = run_command(store, key=key, command="record_consent", actor=actor, work=work)
    with store.read() as conn:
        return consent_events_of(conn, None, event_id=event_id)[0]


def correct_last_consent(
    store: Store,
    event_id: int,
    status: ConsentStatus,
    happened_on: dt.date,
    *,
    seen_version: int,
    actor: Actor,
    reason: str,
    note: str | None = None,
    late_reason: str | None = None,
    signed_document: Attachment | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    key: str | None = None,
) -> ConsentEvent:
    """Correct the consent event ``event_id`` that ``actor`` recorded in error: their latest on
    the household, within the window (``core.corrections``). The correction is a new event that
    names it and says why; the household's status is the correction's. Refused if the household
    changed since ``seen_version``; the same ``key`` again returns the first correction."""
    check_event_date(happened_on, late_reason, today or local_today())

    def work(unit: Unit) -> int:
        found = consent_events_of(unit.conn, None, event_id=event_id)
        if not found:
            raise NotFound(_("The entry you are correcting no longer exists."))
        original = found[0]
        kept = None if signed_document is not None else original.document_id
        has_paper = signed_document is not None or kept is not None
        _check_event(status, happened_on, note, late_reason, has_paper, today)
        household = household_to_change_in(unit, original.household_id)
        require_household_read(unit.conn, actor, Action.EDIT_RECORDS, household)
        history = consent_events_of(unit.conn, None, household_id=original.household_id)
        check_correction(
            _entry(original), latest_entry_of(history, unit.by), actor=unit.by,
            reason=reason, now=now or unit.now,
        )  # fmt: skip
        event = ConsentEvent(
            household_id=original.household_id, status=status, happened_on=happened_on,
            recorded_by=unit.by, note=note, meeting_id=original.meeting_id,
            late_reason=late_reason, corrects_id=original.id, correction_reason=reason.strip(),
            document_id=kept,
        )  # fmt: skip
        return append_consent_in(unit, event, seen_version, signed_document, household)

    new_id = run_command(store, key=key, command="correct_last_consent", actor=actor, work=work)
    with store.read() as conn:
        return consent_events_of(conn, None, event_id=new_id)[0]


def _entry(event: ConsentEvent) -> Entry:
    return Entry(event.id or 0, event.recorded_by, event.recorded_at or utcnow())


def latest_entry_of(history: list[ConsentEvent], actor: str) -> Entry | None:
    """The newest event ``actor`` recorded in a household's history (by the moment stored)."""
    own = [e for e in history if e.recorded_by == actor and e.id is not None]
    return _entry(max(own, key=lambda e: e.id or 0)) if own else None


def correctable_consent(
    store: Store, household_id: int, *, actor: Actor, now: dt.datetime | None = None
) -> ConsentEvent | None:
    """The consent event ``actor`` may still correct on this household (None: none, or its
    window has closed): what the form "Correct the last entry" opens with."""
    history = consent_history(store, household_id, actor=actor)
    latest = latest_entry_of(history, actor.username)
    if latest is None or not may_correct(latest, latest, actor=actor.username, now=now or utcnow()):
        return None
    return next(e for e in history if e.id == latest.id)


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
