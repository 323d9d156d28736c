"""Consent history's SQL: append-only events and the latest status per household."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, func, insert, select

from consultations.core import schema as s
from consultations.core.audit import utcnow
from consultations.core.database import new_id
from consultations.core.records import ConsentEvent, ConsentStatus


def insert_consent_event(
    conn: Connection, project_id: int, event: ConsentEvent, document_id: int | None = None
) -> int:
    return new_id(
        conn,
        s.consent_events,
        project_id=project_id,
        household_id=event.household_id,
        status=str(event.status),
        happened_on=event.happened_on,
        recorded_at=event.recorded_at or utcnow(),
        recorded_by=event.recorded_by,
        note=event.note,
        late_reason=event.late_reason,
        meeting_id=event.meeting_id,
        document_id=document_id,
        corrects_id=event.corrects_id,
        correction_reason=event.correction_reason,
    )


def insert_consent_events(conn: Connection, project_id: int, events: list[ConsentEvent]) -> None:
    """``insert_consent_event`` for a whole history register, in one statement."""
    now = utcnow()
    if events:
        conn.execute(insert(s.consent_events), [
            {"project_id": project_id, "household_id": e.household_id, "status": str(e.status),
             "happened_on": e.happened_on, "recorded_at": e.recorded_at or now,
             "recorded_by": e.recorded_by, "note": e.note, "late_reason": e.late_reason,
             "meeting_id": e.meeting_id, "document_id": None}
            for e in events
        ])  # fmt: skip


def consent_events_of(
    conn: Connection,
    project_id: int | None,
    as_of: dt.date | None = None,
    household_id: int | None = None,
    event_id: int | None = None,
) -> list[ConsentEvent]:
    e = s.consent_events
    query = select(e).order_by(e.c.happened_on, e.c.recorded_at, e.c.id)
    if project_id is not None:
        query = query.where(e.c.project_id == project_id)
    if event_id is not None:
        query = query.where(e.c.id == event_id)
    if as_of is not None:
        query = query.where(e.c.happened_on <= as_of)
    if household_id is not None:
        query = query.where(e.c.household_id == household_id)
    return [
        ConsentEvent(
            id=r.id,
            household_id=r.household_id,
            status=ConsentStatus(r.status),
            happened_on=r.happened_on,
            recorded_at=r.recorded_at,
            recorded_by=r.recorded_by,
            note=r.note,
            late_reason=r.late_reason,
            meeting_id=r.meeting_id,
            corrects_id=r.corrects_id,
            correction_reason=r.correction_reason,
            document_id=r.document_id,
        )
        for r in conn.execute(query)
    ]


def latest_statuses(
    conn: Connection, project_id: int, as_of: dt.date | None = None
) -> dict[int, ConsentStatus]:
    """Each household's latest consent status on ``as_of``, in one query (latest by the day it
    happened, then the moment recorded: ``consent.current_status``, done by the database); an
    event another corrects does not count."""
    e = s.consent_events
    c = e.alias("correction")
    rank = (
        func.row_number()
        .over(
            partition_by=e.c.household_id,
            order_by=(e.c.happened_on.desc(), e.c.recorded_at.desc(), e.c.id.desc()),
        )
        .label("rank")
    )
    corrected = select(c.c.corrects_id).where(c.c.corrects_id.is_not(None))
    query = select(e.c.household_id, e.c.status, rank).where(
        e.c.project_id == project_id, e.c.id.not_in(corrected)
    )
    if as_of is not None:
        query = query.where(e.c.happened_on <= as_of)
    latest = query.subquery()
    rows = conn.execute(
        select(latest.c.household_id, latest.c.status).where(latest.c.rank == 1)
    ).all()
    statuses = {str(s): s for s in ConsentStatus}
    return {int(i): statuses[status] for i, status in rows}


def first_consent_day(conn: Connection, project_id: int) -> dt.date | None:
    """The day of the project's earliest consent event (None: none yet)."""
    e = s.consent_events
    day = conn.scalar(select(func.min(e.c.happened_on)).where(e.c.project_id == project_id))
    return dt.date.fromisoformat(day) if isinstance(day, str) else day
