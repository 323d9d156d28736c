"""Meetings' SQL: meetings, attendance, polls and the files linked to them."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, insert, select

from consultations.core import schema as s
from consultations.core.audit import utcnow
from consultations.core.database import new_id
from consultations.core.errors import NotFound
from consultations.core.frames import frame
from translations import _


def meetings_of(conn: Connection, project_id: int) -> pd.DataFrame:
    m = s.meetings
    query = select(m).where(m.c.project_id == project_id).order_by(m.c.held_at.desc(), m.c.id)
    return frame(conn, query)


def meeting_by_id(conn: Connection, meeting_id: int) -> dict[str, Any]:
    row = (
        conn.execute(select(s.meetings).where(s.meetings.c.id == meeting_id))
        .mappings()
        .one_or_none()
    )
    if row is None:
        raise NotFound(_("There is no meeting number {id}.").format(id=meeting_id))
    return dict(row)


def meeting_records(conn: Connection, meeting_id: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The concerns raised and the commitments made at a meeting."""
    c, k, h = s.concerns, s.commitments, s.households
    concerns = frame(conn, select(c.c.category, c.c.text, c.c.answer, c.c.answered_by,
                                  h.c.code.label("household_code"))
                     .outerjoin(h, h.c.id == c.c.household_id)
                     .where(c.c.meeting_id == meeting_id).order_by(c.c.id))  # fmt: skip
    commitments = frame(conn, select(k.c.text, k.c.promised_by, k.c.due_on)
                        .where(k.c.meeting_id == meeting_id).order_by(k.c.id))  # fmt: skip
    return concerns, commitments


def attendance_of(conn: Connection, meeting_id: int) -> pd.DataFrame:
    a, h = s.attendance, s.households
    query = (
        select(
            a.c.attendee_name, a.c.sex, a.c.role, h.c.code.label("household_code"), a.c.household_id
        )
        .outerjoin(h, h.c.id == a.c.household_id)
        .where(a.c.meeting_id == meeting_id)
        .order_by(a.c.id)
    )
    return frame(conn, query)


def meeting_households(conn: Connection, household_id: int) -> pd.DataFrame:
    """The meetings a household attended."""
    a, m = s.attendance, s.meetings
    query = (
        select(m.c.id, m.c.kind, m.c.held_at, m.c.place, m.c.summary)
        .join(a, a.c.meeting_id == m.c.id)
        .where(a.c.household_id == household_id)
        .order_by(m.c.held_at)
    )
    return frame(conn, query)


def poll_tallies(conn: Connection, meeting_id: int) -> pd.DataFrame:
    p, o, v = s.polls, s.poll_options, s.poll_votes
    query = (
        select(p.c.question, o.c.label, o.c.position, v.c.household_id)
        .join(o, o.c.poll_id == p.c.id)
        .outerjoin(v, (v.c.option_id == o.c.id) & (v.c.poll_id == p.c.id))
        .where(p.c.meeting_id == meeting_id)
    )
    votes = frame(conn, query)
    if votes.empty:
        return pd.DataFrame(columns=["question", "label", "votes"])
    tally = votes.groupby(["question", "position", "label"], dropna=False)["household_id"].count()
    return tally.rename("votes").reset_index().sort_values(["question", "position"])


def link_meeting_documents(conn: Connection, meeting_id: int, document_ids: list[int]) -> None:
    if document_ids:
        conn.execute(
            insert(s.meeting_documents),
            [{"meeting_id": meeting_id, "document_id": d} for d in document_ids],
        )


def meeting_files(conn: Connection, meeting_id: int) -> list[Any]:
    d, m = s.documents, s.meeting_documents
    return list(
        conn.execute(
            select(d.c.id, d.c.title, d.c.file_name, d.c.issued_on)
            .join(m, m.c.document_id == d.c.id)
            .where(m.c.meeting_id == meeting_id, d.c.content.is_not(None))
        )
    )


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
