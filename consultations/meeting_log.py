"""Logging a meeting in one go: who came, what was asked and answered, what changed, what was
promised, the minutes and photos, and any poll. All of it is saved together or not at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from consultations.access import (
    Action,
    Actor,
    only_readable,
    readable_households,
    require,
    require_household,
)
from consultations.consent_log import Attachment, append_consent, check_event_date
from consultations.errors import InvalidRecord
from consultations.records import Channel, ConcernCategory, ConsentEvent, ConsentStatus, MeetingKind
from consultations.storage.database import Store
from consultations.storage.meetings import (
    insert_commitment,
    insert_concern,
    insert_meeting,
    insert_poll,
)
from consultations.storage.projects import write_audit
from consultations.storage.records import attendance_of, insert_document, link_meeting_documents
from translations import _


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
    actor: Actor | str,
    today: dt.date | None = None,
) -> int:
    require(actor, Action.EDIT_RECORDS, project_id=project_id)
    _check(record, today or dt.date.today())
    held_on = record.held_at.date()
    with store.begin() as conn:
        meeting_id = insert_meeting(
            conn, project_id,
            {"kind": str(record.kind), "held_at": record.held_at.astimezone(dt.UTC),
             "place": record.place, "chair_name": record.chair_name, "chair_title": record.chair_title,
             "officials": record.officials, "summary": record.summary, "created_by": str(actor)},
            list(record.parcel_ids),
            [{"attendee_name": a.name, "sex": a.sex, "household_id": a.household_id, "role": a.role}
             for a in record.attendees],
        )  # fmt: skip
        for concern in record.concerns:
            answered = bool((concern.answer or "").strip())
            insert_concern(
                conn, project_id,
                {"household_id": concern.household_id, "category": str(concern.category),
                 "channel": str(Channel.MEETING), "text": concern.text, "received_on": held_on,
                 "acknowledged_on": held_on, "answered_on": held_on if answered else None,
                 "answer": concern.answer if answered else None,
                 "answered_by": record.chair_name if answered else None,
                 "meeting_id": meeting_id, "recorded_by": str(actor)},
            )  # fmt: skip
        for change in record.consent_changes:
            require_household(conn, actor, Action.EDIT_RECORDS, change.household_id)
            event = ConsentEvent(
                household_id=change.household_id, status=change.status, happened_on=held_on,
                recorded_by=str(actor), note=change.note, meeting_id=meeting_id,
            )  # fmt: skip
            append_consent(conn, event, change.seen_version, change.signed_document)
        for promise in record.commitments:
            insert_commitment(
                conn, project_id,
                {"text": promise.text, "promised_by": promise.promised_by, "due_on": promise.due_on,
                 "household_id": promise.household_id, "meeting_id": meeting_id},
            )  # fmt: skip
        documents = [
            insert_document(conn, project_id, kind="meeting_attachment", title=a.file_name,
                            file_name=a.file_name, content=a.content, media_type=a.media_type,
                            issued_on=held_on)
            for a in record.attachments
        ]  # fmt: skip
        link_meeting_documents(conn, meeting_id, documents)
        for poll in record.polls:
            insert_poll(conn, meeting_id, poll.question, list(poll.options), poll.votes)
        write_audit(conn, actor=str(actor), action="create", entity="meeting", entity_id=meeting_id,
                    project_id=project_id,
                    after={"kind": str(record.kind), "held_at": record.held_at.isoformat(),
                           "attendees": len(record.attendees)})  # fmt: skip
    return meeting_id


@dataclass(frozen=True)
class Attendance:
    """Who came to a meeting as one person may see it, and the counts of everyone who came."""

    rows: pd.DataFrame
    total: int
    women: int


def attendance_seen_by(
    store: Store, project_id: int, meeting_id: int, actor: Actor | str
) -> Attendance:
    """Who came to a meeting, as ``actor`` may see it: a field officer sees the households of the
    communes assigned, and those who came for no household (officials, guests); the counts are
    of everyone."""
    with store.read() as conn:
        households = readable_households(conn, actor, project_id)
        everyone = attendance_of(conn, meeting_id)
    shown = only_readable(everyone, households).drop(columns="household_id")
    return Attendance(shown, len(everyone), int((everyone.sex == "F").sum()))
