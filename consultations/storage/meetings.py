"""Meetings with their attendance and parcels, the concerns raised and the commitments made."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, insert, select

from consultations.storage import schema as s
from consultations.storage.database import new_id
from consultations.storage.projects import utcnow


def insert_meeting(
    conn: Connection,
    project_id: int,
    values: dict[str, Any],
    parcel_ids: list[int],
    attendees: list[dict[str, Any]],
) -> int:
    row = {**values, "project_id": project_id, "created_at": utcnow(), "version": 1}
    meeting_id = new_id(conn, s.meetings, **row)
    if parcel_ids:
        conn.execute(
            insert(s.meeting_parcels),
            [{"meeting_id": meeting_id, "parcel_id": p} for p in sorted(set(parcel_ids))],
        )
    if attendees:
        conn.execute(insert(s.attendance), [{**a, "meeting_id": meeting_id} for a in attendees])
    return meeting_id


def insert_concern(conn: Connection, project_id: int, values: dict[str, Any]) -> int:
    row = {**values, "project_id": project_id, "version": 1}
    return new_id(conn, s.concerns, **row)


def insert_commitment(conn: Connection, project_id: int, values: dict[str, Any]) -> int:
    row = {"status": "open", **values, "project_id": project_id, "version": 1}
    return new_id(conn, s.commitments, **row)


def meeting_count(conn: Connection, project_id: int) -> int:
    query = (
        select(func.count()).select_from(s.meetings).where(s.meetings.c.project_id == project_id)
    )
    return int(conn.scalar(query) or 0)


def insert_poll(
    conn: Connection, meeting_id: int, question: str, options: list[str], votes: dict[int, str]
) -> int:
    """A poll at a meeting with its options (in order) and each household's choice."""
    poll_id = new_id(conn, s.polls, meeting_id=meeting_id, question=question)
    option_ids = {}
    for position, label in enumerate(options):
        option_ids[label] = new_id(
            conn, s.poll_options, poll_id=poll_id, label=label, position=position
        )
    if votes:
        conn.execute(
            insert(s.poll_votes),
            [
                {"poll_id": poll_id, "household_id": h, "option_id": option_ids[choice]}
                for h, choice in votes.items()
            ],
        )
    return poll_id
