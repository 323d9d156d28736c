"""Logging a meeting in one go: who came, what was asked and answered, what changed, what was
promised, the minutes and photos, and any poll. All of it is saved together or not at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from consultations.commitments.service import record_commitment_in
from consultations.concerns.service import record_concern_in
from consultations.consent.service import append_consent_in
from consultations.core.access import (
    Action,
    Actor,
    only_readable,
    readable_households,
    require,
    require_household,
    require_meeting,
    require_parcels,
)
from consultations.core.commands import run_command
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.events import Entity
from consultations.core.records import (
    Channel,
    ConcernCategory,
    ConsentEvent,
    ConsentStatus,
    MeetingKind,
)
from consultations.core.rules import Attachment, check_event_date
from consultations.core.unit import Unit
from consultations.documents.evidence import FileRef, file_refs
from consultations.documents.service import add_document_in
from consultations.households.service import lock_households_in, parcel_households_in
from consultations.meetings import store as _store
from consultations.meetings.store import (
    attendance_of,
    insert_meeting,
    insert_poll,
    link_meeting_documents,
    meetings_of,
    poll_tallies,
)
from translations import _, local_today


@dataclass(frozen=True)
class Attendee:
    name: str
    sex: str | None = None  # "F" / "M", for disaggregated counts
    household_id: int | None = None
    role: str | None = None


@dataclass(frozen=True)
class RaisedConcern:
    household_id: int | None
    category: ConcernCategory
    text: str
    answer: str | None = None  # answered at the meeting, by its chair


@dataclass(frozen=True)
class ConsentChange:
    household_id: int
    status: ConsentStatus
    seen_version: int
    note: str | None = None
    signed_document: Attachment | None = None


@dataclass(frozen=True)
class Promise:
    text: str
    promised_by: str
    due_on: dt.date | None = None
    household_id: int | None = None


@dataclass(frozen=True)
class Poll:
    question: str
    options: tuple[str, ...]
    votes: dict[int, str] = field(default_factory=dict)  # household id → option


@dataclass(frozen=True)
class MeetingRecord:
    kind: MeetingKind
    held_at: dt.datetime  # aware; stored in UTC
    place: str
    chair_name: str
    chair_title: str = ""
    officials: str = ""
    summary: str = ""
    parcel_ids: tuple[int, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    concerns: tuple[RaisedConcern, ...] = ()
    consent_changes: tuple[ConsentChange, ...] = ()
    commitments: tuple[Promise, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    polls: tuple[Poll, ...] = ()


def _check(record: MeetingRecord, today: dt.date) -> None:
    if record.held_at.tzinfo is None:
        raise InvalidRecord(_("A meeting time needs its time zone."))
    check_event_date(record.held_at.date(), "-", today)
    if not record.place.strip() or not record.chair_name.strip():
        raise InvalidRecord(_("A meeting needs its place and who chaired it."))
    for poll in record.polls:
        if len(poll.options) < 2 or set(poll.votes.values()) - set(poll.options):
            raise InvalidRecord(
                _("Poll “{question}”: give at least two options, and only votes for them.").format(
                    question=poll.question
                )
            )


def log_meeting(
    store: Store,
    project_id: int,
    record: MeetingRecord,
    *,
    actor: Actor,
    today: dt.date | None = None,
    key: str | None = None,
) -> int:
    require(actor, Action.EDIT_RECORDS, project_id=project_id)
    _check(record, today or local_today())
    held_on = record.held_at.date()
    named = {a.household_id for a in record.attendees} | {c.household_id for c in record.concerns}
    named |= {c.household_id for c in record.consent_changes}
    named |= {p.household_id for p in record.commitments}
    named |= {h for poll in record.polls for h in poll.votes}

    def work(unit: Unit) -> int:
        conn = unit.conn
        # Every household and parcel the meeting writes about must be of this project and within
        # the actor's communes; checked in id order, before anything is written.
        for household_id in sorted(h for h in named if h is not None):
            require_household(conn, actor, Action.EDIT_RECORDS, household_id, project_id)
        require_parcels(conn, actor, Action.EDIT_RECORDS, project_id, record.parcel_ids)
        lock_households_in(conn, [c.household_id for c in record.consent_changes])
        meeting_id = insert_meeting(
            conn, project_id,
            {"kind": str(record.kind), "held_at": record.held_at.astimezone(dt.UTC),
             "place": record.place, "chair_name": record.chair_name, "chair_title": record.chair_title,
             "officials": record.officials, "summary": record.summary, "created_by": unit.by},
            list(record.parcel_ids),
            [{"attendee_name": a.name, "sex": a.sex, "household_id": a.household_id, "role": a.role}
             for a in record.attendees],
        )  # fmt: skip
        for concern in record.concerns:
            record_concern_in(
                unit, project_id, household_id=concern.household_id,
                category=concern.category, channel=Channel.MEETING, text=concern.text,
                received_on=held_on, meeting_id=meeting_id, answer=concern.answer,
                answered_by=record.chair_name,
            )  # fmt: skip
        for change in record.consent_changes:
            event = ConsentEvent(
                household_id=change.household_id, status=change.status, happened_on=held_on,
                recorded_by=unit.by, note=change.note, meeting_id=meeting_id,
            )  # fmt: skip
            append_consent_in(unit, event, change.seen_version, change.signed_document)
        for promise in record.commitments:
            record_commitment_in(
                unit, project_id, text=promise.text, promised_by=promise.promised_by,
                due_on=promise.due_on, household_id=promise.household_id, meeting_id=meeting_id,
            )  # fmt: skip
        documents = [
            add_document_in(conn, project_id, kind="meeting_attachment", title=a.file_name,
                            file_name=a.file_name, content=a.content, media_type=a.media_type,
                            issued_on=held_on)
            for a in record.attachments
        ]  # fmt: skip
        link_meeting_documents(conn, meeting_id, documents)
        for poll in record.polls:
            insert_poll(conn, meeting_id, poll.question, list(poll.options), poll.votes)
        unit.audit(Entity.MEETING, meeting_id, "create", project_id=project_id,
                   after={"kind": str(record.kind), "held_at": record.held_at.isoformat(),
                          "attendees": len(record.attendees)})  # fmt: skip
        return meeting_id

    return run_command(store, key=key, command="log_meeting", actor=actor, work=work)


@dataclass(frozen=True)
class Attendance:
    """Who came to a meeting as one person may see it, and the counts of everyone who came."""

    rows: pd.DataFrame
    total: int
    women: int


def attendance_seen_by(
    store: Store, project_id: int, meeting_id: int, *, actor: Actor
) -> Attendance:
    """Who came to a meeting, as ``actor`` may see it: a field officer sees the households of the
    communes assigned, and those who came for no household (officials, guests); the counts are
    of everyone."""
    with store.read() as conn:
        households = readable_households(conn, actor, project_id)
        require_meeting(conn, project_id, meeting_id)
        everyone = attendance_of(conn, meeting_id)
    shown = only_readable(everyone, households).drop(columns="household_id")
    return Attendance(shown, len(everyone), int((everyone.sex == "F").sum()))


@dataclass(frozen=True)
class MeetingSummary:
    """One meeting as the log lists it."""

    id: int
    kind: MeetingKind
    held_at: dt.datetime
    place: str
    chair_name: str
    summary: str


@dataclass(frozen=True)
class PollTally:
    question: str
    option: str
    votes: int


def project_meetings(store: Store, project_id: int, *, actor: Actor) -> list[MeetingSummary]:
    """The project's meetings, newest first, for those who may read its records."""
    require(actor, Action.READ_PERSONAL, project_id=project_id)
    with store.read() as conn:
        meetings = meetings_of(conn, project_id)
    return [
        MeetingSummary(int(m.id), MeetingKind(m.kind), m.held_at, m.place or "", m.chair_name or "",
                       m.summary or "")
        for m in meetings.itertuples()
    ]  # fmt: skip


def poll_results(
    store: Store, project_id: int, meeting_id: int, *, actor: Actor
) -> list[PollTally]:
    """The polls of one meeting of ``project_id``: votes per option (who voted is not shown)."""
    require(actor, Action.READ_PERSONAL, project_id=project_id)
    with store.read() as conn:
        require_meeting(conn, project_id, meeting_id)
        tallies = poll_tallies(conn, meeting_id)
    return [PollTally(str(t.question), str(t.label), int(t.votes)) for t in tallies.itertuples()]


def parcels_of_households(
    store: Store, project_id: int, household_ids: list[int], *, actor: Actor
) -> tuple[int, ...]:
    """The parcels the listed households hold: those a meeting with them covers."""
    require(actor, Action.READ_PERSONAL, project_id=project_id)
    with store.read() as conn:
        links = parcel_households_in(conn, project_id)
    wanted = set(household_ids)
    return tuple(p for p, hids in links.items() if set(hids) & wanted)


# For other features' transactions: the caller holds the connection (entry points never do).
def add_meeting_in(
    conn: Connection,
    project_id: int,
    values: dict[str, Any],
    parcel_ids: list[int],
    attendees: list[dict[str, Any]],
) -> int:
    """Add a meeting from a history register (its attendees and parcels). In the caller's transaction."""
    return _store.insert_meeting(conn, project_id, values, parcel_ids, attendees)


def add_poll_in(
    conn: Connection, meeting_id: int, question: str, options: list[str], votes: dict[int, str]
) -> int:
    """A poll at a meeting with its options (in order) and each household's choice. In the
    caller's transaction."""
    return _store.insert_poll(conn, meeting_id, question, options, votes)


def files_of_meeting(
    store: Store, project_id: int, meeting_id: int, *, actor: Actor
) -> list[FileRef]:
    """A meeting's minutes, photos and other files; their content opens through
    ``documents.evidence.open_file``."""
    require(actor, Action.READ_PERSONAL, project_id=project_id)
    with store.read() as conn:
        require_meeting(conn, project_id, meeting_id)
        return file_refs(_store.meeting_files(conn, meeting_id))


def household_meetings_in(conn: Connection, household_id: int) -> pd.DataFrame:
    """The meetings a household attended. In the caller's transaction."""
    return _store.meeting_households(conn, household_id)


def meetings_in(conn: Connection, project_id: int) -> pd.DataFrame:
    """The project's meetings, newest first. In the caller's transaction."""
    return _store.meetings_of(conn, project_id)
