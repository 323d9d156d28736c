"""Reading and writing the consultation records: households, concerns, commitments, procedure steps,
documents and disclosures. Edits go through ``versions.versioned_update``; history rows are inserted."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pandas as pd
from sqlalchemy import Connection, insert, select

from consultations.errors import NotFound
from consultations.records import Household
from consultations.storage import schema as s
from consultations.storage.database import new_id
from consultations.storage.people import to_household
from consultations.storage.projects import utcnow
from translations import _


def household_by_id(conn: Connection, household_id: int) -> Household:
    row = conn.execute(select(s.households).where(s.households.c.id == household_id)).one_or_none()
    if row is None:
        raise NotFound(_("There is no household number {id}.").format(id=household_id))
    return to_household(row)


def household_parcel_keys(conn: Connection, project_id: int) -> dict[int, list[str]]:
    """Household id → "sheet/parcel" of each parcel it is linked to."""
    hp, p = s.household_parcels, s.parcels
    rows = conn.execute(
        select(hp.c.household_id, p.c.sheet_no, p.c.parcel_no)
        .join(p, p.c.id == hp.c.parcel_id)
        .where(p.c.project_id == project_id)
    )
    keys: dict[int, list[str]] = {}
    for household_id, sheet, parcel in rows:
        keys.setdefault(household_id, []).append(f"{sheet}/{parcel}")
    return keys


def frame(conn: Connection, query: Any) -> pd.DataFrame:
    rows = conn.execute(query).mappings().all()
    return pd.DataFrame([dict(r) for r in rows], columns=list(query.selected_columns.keys()))


def concerns_of(conn: Connection, project_id: int, household_id: int | None = None) -> pd.DataFrame:
    c, h = s.concerns, s.households
    query = (
        select(c, h.c.code.label("household_code"), h.c.head_name, h.c.village)
        .outerjoin(h, h.c.id == c.c.household_id)
        .where(c.c.project_id == project_id)
        .order_by(c.c.received_on, c.c.id)
    )
    if household_id is not None:
        query = query.where(c.c.household_id == household_id)
    return frame(conn, query)


def commitments_of(conn: Connection, project_id: int) -> pd.DataFrame:
    c, m = s.commitments, s.meetings
    query = (
        select(c, m.c.held_at.label("meeting_held_at"), m.c.place.label("meeting_place"))
        .outerjoin(m, m.c.id == c.c.meeting_id)
        .where(c.c.project_id == project_id)
        .order_by(c.c.due_on, c.c.id)
    )
    return frame(conn, query)


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


def meeting_project(conn: Connection, meeting_id: int) -> int | None:
    """The project a meeting belongs to (None: no such meeting)."""
    value = conn.scalar(select(s.meetings.c.project_id).where(s.meetings.c.id == meeting_id))
    return int(value) if value is not None else None


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


def insert_document(
    conn: Connection,
    project_id: int,
    *,
    kind: str,
    title: str,
    file_name: str | None,
    content: bytes | None,
    media_type: str | None = None,
    issued_on: dt.date | None = None,
) -> int:
    digest = hashlib.sha256(content).hexdigest() if content is not None else None
    return new_id(
        conn,
        s.documents,
        project_id=project_id,
        kind=kind,
        title=title,
        file_name=file_name,
        media_type=media_type,
        sha256=digest,
        content=content,
        issued_on=issued_on,
        created_at=utcnow(),
    )


def documents_of(conn: Connection, project_id: int) -> pd.DataFrame:
    d = s.documents
    query = (
        select(d.c.id, d.c.kind, d.c.title, d.c.file_name, d.c.sha256, d.c.issued_on)
        .where(d.c.project_id == project_id)
        .order_by(d.c.issued_on, d.c.id)
    )
    return frame(conn, query)


def insert_disclosure(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.disclosures, **values)


def disclosures_of(
    conn: Connection, project_id: int, household_id: int | None = None
) -> pd.DataFrame:
    x, d, h = s.disclosures, s.documents, s.households
    query = (
        select(x, d.c.title, d.c.kind, h.c.code.label("household_code"))
        .join(d, d.c.id == x.c.document_id)
        .join(h, h.c.id == x.c.household_id)
        .where(d.c.project_id == project_id)
        .order_by(x.c.delivered_on, x.c.id)
    )
    if household_id is not None:
        query = query.where(x.c.household_id == household_id)
    return frame(conn, query)


def insert_step(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.procedure_steps, **values, recorded_at=utcnow())


def steps_of(conn: Connection, project_id: int, household_id: int | None = None) -> pd.DataFrame:
    p = s.procedure_steps
    query = select(p).where(p.c.project_id == project_id).order_by(p.c.happened_on, p.c.id)
    if household_id is not None:
        query = query.where(p.c.household_id == household_id)
    return frame(conn, query)


def link_meeting_documents(conn: Connection, meeting_id: int, document_ids: list[int]) -> None:
    if document_ids:
        conn.execute(
            insert(s.meeting_documents),
            [{"meeting_id": meeting_id, "document_id": d} for d in document_ids],
        )


def document_owners(conn: Connection, document_id: int) -> tuple[int, set[int]] | None:
    """A stored file's project and the households it is evidence for (a signed agreement, a
    delivery receipt); None if there is no such file."""
    d, e, x, st = s.documents, s.consent_events, s.disclosures, s.procedure_steps
    project_id = conn.scalar(select(d.c.project_id).where(d.c.id == document_id))
    if project_id is None:
        return None
    households = set(conn.scalars(select(e.c.household_id).where(e.c.document_id == document_id)))
    households |= set(
        conn.scalars(select(x.c.household_id).where(x.c.receipt_document_id == document_id))
    )
    households |= set(
        conn.scalars(select(st.c.household_id).where(st.c.document_id == document_id))
    )
    return int(project_id), {int(h) for h in households}


def document_file(conn: Connection, document_id: int) -> Any:
    d = s.documents
    return conn.execute(
        select(d.c.title, d.c.file_name, d.c.media_type, d.c.content).where(d.c.id == document_id)
    ).one_or_none()


def household_documents(conn: Connection, household_id: int) -> list[Any]:
    """The files that are evidence for one household: signed agreements and receipts."""
    d, e, x = s.documents, s.consent_events, s.disclosures
    signed = (
        select(d.c.id, d.c.title, d.c.file_name, d.c.issued_on)
        .join(e, e.c.document_id == d.c.id)
        .where(e.c.household_id == household_id, d.c.content.is_not(None))
    )
    receipts = (
        select(d.c.id, d.c.title, d.c.file_name, d.c.issued_on)
        .join(x, x.c.receipt_document_id == d.c.id)
        .where(x.c.household_id == household_id, d.c.content.is_not(None))
    )
    return list(conn.execute(signed.union(receipts)))


def meeting_files(conn: Connection, meeting_id: int) -> list[Any]:
    d, m = s.documents, s.meeting_documents
    return list(
        conn.execute(
            select(d.c.id, d.c.title, d.c.file_name, d.c.issued_on)
            .join(m, m.c.document_id == d.c.id)
            .where(m.c.meeting_id == meeting_id, d.c.content.is_not(None))
        )
    )
