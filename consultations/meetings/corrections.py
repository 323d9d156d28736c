"""Correcting the meeting just logged in error (issue 30, item 2): its kind, day and time, place or
summary, by the person who logged it, within ``core.corrections.CORRECTION_MINUTES``.

A meeting is one row with its version; its correction changes the row (so the counts of meetings
by kind and month use it), and the audit row names the change it corrects and why, beside the
original in the log. Who attended, the concerns raised and the consent changes are records of
their own, corrected each on its own page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from consultations.core import schema
from consultations.core.access import Action, Actor, require
from consultations.core.audit import audit_rows_of, utcnow
from consultations.core.commands import run_command
from consultations.core.corrections import Entry, check_correction, may_correct
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord, NotFound
from consultations.core.events import Entity
from consultations.core.records import MeetingKind
from consultations.core.rules import check_event_date
from consultations.core.unit import Unit
from consultations.core.versions import versioned_change
from consultations.meetings.store import meeting_by_id
from translations import _, local_today


def _entry(row: Any) -> Entry:
    return Entry(int(row.id), str(row.actor), row.at)


def _entries(conn: Connection, meeting_id: int, actor: str) -> tuple[Entry | None, Entry | None]:
    """The meeting's latest change (its logging or a correction), and ``actor``'s latest."""
    rows = audit_rows_of(conn, entity="meeting", entity_id=meeting_id)
    own = [r for r in rows if r.actor == actor]
    return (_entry(rows[-1]) if rows else None, _entry(own[-1]) if own else None)


def correct_last_meeting(
    store: Store, meeting_id: int, project_id: int, *, kind: MeetingKind, held_at: dt.datetime,
    place: str, summary: str | None, seen_version: int, actor: Actor, reason: str,
    today: dt.date | None = None, now: dt.datetime | None = None, key: str | None = None,
) -> int:  # fmt: skip
    """Correct the meeting ``actor`` just logged; refused if it changed since ``seen_version``, if
    another changed it since, or once the window closed. Returns the meeting's new version."""
    require(actor, Action.EDIT_RECORDS, project_id=project_id)
    if held_at.tzinfo is None:
        raise InvalidRecord(_("A meeting time needs its time zone."))
    check_event_date(held_at.date(), "-", today or local_today())
    if not place.strip():
        raise InvalidRecord(_("A meeting needs its place and who chaired it."))

    def work(unit: Unit) -> int:
        if meeting_by_id(unit.conn, meeting_id)["project_id"] != project_id:
            raise NotFound(_("There is no meeting number {id}.").format(id=meeting_id))
        latest, own = _entries(unit.conn, meeting_id, unit.by)
        check_correction(latest, own, actor=unit.by, reason=reason, now=now or unit.now)
        values = {"kind": str(kind), "held_at": held_at.astimezone(dt.UTC), "place": place.strip(),
                  "summary": summary}  # fmt: skip
        return versioned_change(
            unit, schema.meetings, entity=Entity.MEETING, row_id=meeting_id,
            seen_version=seen_version, values=values, project_id=project_id,
            because={"corrects": latest.id if latest else None, "reason": reason.strip()},
        )  # fmt: skip

    return run_command(store, key=key, command="correct_last_meeting", actor=actor, work=work)


def correctable_meeting(
    store: Store, meeting_id: int, project_id: int, *, actor: Actor, now: dt.datetime | None = None
) -> int | None:
    """The meeting's version when ``actor`` may still correct it (they logged or last corrected
    it, and the window is open), else None."""
    require(actor, Action.READ_PERSONAL, project_id=project_id)
    with store.read() as conn:
        meeting = meeting_by_id(conn, meeting_id)
        latest, own = _entries(conn, meeting_id, actor.username)
    if meeting["project_id"] != project_id:
        return None
    if not may_correct(latest, own, actor=actor.username, now=now or utcnow()):
        return None
    return int(meeting["version"])
