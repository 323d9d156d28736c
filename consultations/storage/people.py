"""Households, their links to parcels, and their consent history (append-only)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

import pandas as pd
from sqlalchemy import Connection, String, cast, func, insert, select
from sqlalchemy.exc import IntegrityError

from consultations.errors import DuplicateRecord
from consultations.records import ConsentEvent, ConsentStatus, Household, ParcelRole
from consultations.storage import schema as s
from consultations.storage.database import new_id
from consultations.storage.projects import utcnow
from translations import _


def insert_household(conn: Connection, project_id: int, values: dict[str, Any]) -> int:
    code = values["code"]
    exists = conn.scalar(
        select(s.households.c.id).where(
            s.households.c.project_id == project_id, s.households.c.code == code
        )
    )
    if exists is not None:
        raise DuplicateRecord(
            _("Household code “{code}” is used twice; each household needs its own code.").format(
                code=code
            )
        )
    row = {"vulnerability": [], "affected": True, **values, "project_id": project_id, "version": 1}
    return new_id(conn, s.households, **row)


def _used_twice(codes: list[str]) -> DuplicateRecord:
    return DuplicateRecord(
        _("Household code “{code}” is used twice; each household needs its own code.").format(
            code=", ".join(codes[:20])
        )
    )


def insert_households(
    conn: Connection, project_id: int, households: list[dict[str, Any]]
) -> dict[str, int]:
    """``insert_household`` for a whole register in one statement; returns id by code. A code used
    twice, in the register or already in the project, refuses the lot."""
    h = s.households
    codes = Counter(row["code"] for row in households)
    taken = set(conn.scalars(select(h.c.code).where(h.c.project_id == project_id)))
    twice = sorted({c for c, n in codes.items() if n > 1} | (set(codes) & taken))
    if twice:
        raise _used_twice(twice)
    if not households:
        return {}
    columns = {k for h in households for k in h} - {"vulnerability", "affected"}
    rows = [
        {**dict.fromkeys(columns), "vulnerability": [], "affected": True, **h,
         "project_id": project_id, "version": 1}
        for h in households
    ]  # fmt: skip
    try:
        with conn.begin_nested():  # a register saved at the same moment by someone else
            conn.execute(insert(h), rows)
    except IntegrityError as error:
        now_taken = set(conn.scalars(select(h.c.code).where(h.c.project_id == project_id)))
        raise _used_twice(sorted(set(codes) & now_taken) or sorted(codes)) from error
    ids = conn.execute(select(h.c.code, h.c.id).where(h.c.project_id == project_id)).all()
    return {code: int(i) for code, i in ids if code in codes}


def link_parcels(conn: Connection, links: list[tuple[int, int, ParcelRole, float | None]]) -> None:
    """``link_parcel`` for many (household id, parcel id, role, share) in one statement."""
    if links:
        conn.execute(
            insert(s.household_parcels),
            [
                {"household_id": h, "parcel_id": p, "role": str(r), "share": sh}
                for h, p, r, sh in links
            ],
        )


def link_parcel(
    conn: Connection, household_id: int, parcel_id: int, role: ParcelRole, share: float | None
) -> None:
    conn.execute(
        insert(s.household_parcels).values(
            household_id=household_id, parcel_id=parcel_id, role=str(role), share=share
        )
    )


def to_household(row: Any) -> Household:
    data = dict(row._mapping)
    data["vulnerability"] = tuple(data["vulnerability"] or ())
    data.pop("birth_date", None)
    return Household(**data)


def households_of(conn: Connection, project_id: int) -> list[Household]:
    rows = conn.execute(
        select(s.households)
        .where(s.households.c.project_id == project_id)
        .order_by(s.households.c.code)
    )
    return [to_household(r) for r in rows]


def parcel_households(conn: Connection, project_id: int) -> dict[int, list[int]]:
    """Parcel id → ids of the households linked to it (only parcels with a link)."""
    hp, h = s.household_parcels, s.households
    rows = conn.execute(
        select(hp.c.parcel_id, hp.c.household_id)
        .join(h, h.c.id == hp.c.household_id)
        .where(h.c.project_id == project_id)
    ).all()  # fetched at once: row by row is several times slower for a whole project
    links: dict[int, list[int]] = defaultdict(list)
    for parcel_id, household_id in rows:
        links[parcel_id].append(household_id)
    return dict(links)


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


def household_affected(conn: Connection, project_id: int) -> dict[int, bool]:
    """Each household's id and whether it is affected: all that figures need, without the records."""
    h = s.households
    rows = conn.execute(select(h.c.id, h.c.affected).where(h.c.project_id == project_id)).all()
    return {int(i): bool(affected) for i, affected in rows}


def consent_events_of(
    conn: Connection,
    project_id: int | None,
    as_of: dt.date | None = None,
    household_id: int | None = None,
    event_id: int | None = None,
) -> list[ConsentEvent]:
    e = s.consent_events
    query = select(e).order_by(e.c.happened_on, e.c.id)
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
        )
        for r in conn.execute(query)
    ]


def latest_statuses(
    conn: Connection, project_id: int, as_of: dt.date | None = None
) -> dict[int, ConsentStatus]:
    """Each household's latest consent status on ``as_of``, in one query (latest by the day it
    happened, then the order recorded: ``consent.current_status``, done by the database)."""
    e = s.consent_events
    rank = (
        func.row_number()
        .over(partition_by=e.c.household_id, order_by=(e.c.happened_on.desc(), e.c.id.desc()))
        .label("rank")
    )
    query = select(e.c.household_id, e.c.status, rank).where(e.c.project_id == project_id)
    if as_of is not None:
        query = query.where(e.c.happened_on <= as_of)
    latest = query.subquery()
    rows = conn.execute(
        select(latest.c.household_id, latest.c.status).where(latest.c.rank == 1)
    ).all()
    statuses = {str(s): s for s in ConsentStatus}
    return {int(i): statuses[status] for i, status in rows}


def parcel_people_rows(conn: Connection, project_id: int) -> pd.DataFrame:
    """One row per (parcel, household) link: parcel_id, household_id, code, head_name, village, and
    vulnerability as its stored JSON text (``[]`` when none), for lists of people by parcel."""
    hp, h = s.household_parcels, s.households
    query = (
        select(hp.c.parcel_id, hp.c.household_id, h.c.code, h.c.head_name, h.c.village,
               cast(h.c.vulnerability, String).label("vulnerability"))
        .join(h, h.c.id == hp.c.household_id)
        .where(h.c.project_id == project_id)
        .order_by(hp.c.parcel_id, h.c.code)
    )  # fmt: skip
    rows = [tuple(r) for r in conn.execute(query)]  # plain tuples: pandas probes Row objects slowly
    return pd.DataFrame(rows, columns=list(query.selected_columns.keys()))


def lock_households(conn: Connection, household_ids: list[int]) -> None:
    """Lock the households a transaction will change, in id order, before changing any: two
    transactions touching the same households in opposite orders then queue instead of
    deadlocking (PostgreSQL; SQLite's writes already queue as a whole)."""
    if conn.dialect.name != "postgresql" or not household_ids:
        return
    h = s.households
    conn.execute(
        select(h.c.id)
        .where(h.c.id.in_(sorted(set(household_ids))))
        .order_by(h.c.id)
        .with_for_update()
    ).all()
