"""The change feed's SQL: one event per audit row, and the counters that caches key on.

Every change is written as an audit row (who, what, before, after) and, in the same transaction, an
event (kind, stream, project, entity, id, actor, time, payload). The stream says which derived views
the change can move; it is decided here, in one table, not by each reader. See docs/change-feed.md.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select

from consultations.core import schema as s


class Stream(StrEnum):
    """What a change can move. Caches of a view key on the counters of the streams it reads."""

    LAND = "land"  # parcels, corridors, foundations, houses, the affected list, project settings
    PEOPLE = "people"  # households, their parcels and villages, concerns, meetings
    STATUSES = "statuses"  # consent events (and the household version they bump)
    RECORDS = "records"  # commitments, documents, disclosures, procedure steps
    ACCOUNTS = "accounts"  # users, passwords, roles and communes
    READINGS = "readings"  # sign-ins and exports: they change no data
    STORE = "store"  # the whole store replaced (a restore)


#: Audit actions that read rather than change the data.
READING_ACTIONS = frozenset(
    {"export", "export_map", "sign_in", "sign_in_failed", "open_file", "read_denunciation"}
)
#: Record kinds (audit entities) and the stream they move; anything not listed moves PEOPLE.
STREAM_OF_ENTITY = {
    "user": Stream.ACCOUNTS,
    "project": Stream.LAND,
    "parcel": Stream.LAND,
    "consent_event": Stream.STATUSES,
    "commitment": Stream.RECORDS,
    "document": Stream.RECORDS,
    "disclosure": Stream.RECORDS,
    "procedure_step": Stream.RECORDS,
    "reception_session": Stream.RECORDS,
    "backlog_case": Stream.RECORDS,
    "store": Stream.STORE,
}
#: The audit action of a household's version bump alone (a consent event recorded against it).
NEW_VERSION = "new_version"


def stream_of(entity: str, action: str) -> Stream:
    """The stream an audit row of ``entity`` and ``action`` belongs to."""
    if action in READING_ACTIONS:
        return Stream.READINGS
    if action in ("import", "overlay"):
        return Stream.LAND
    if action == NEW_VERSION:
        return Stream.STATUSES
    return STREAM_OF_ENTITY.get(entity, Stream.PEOPLE)


def append_event(
    conn: Connection,
    *,
    audit_id: int,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    project_id: int | None,
    payload: dict[str, Any] | None,
) -> None:
    conn.execute(
        insert(s.events).values(
            at=at, kind=f"{entity}.{action}", stream=str(stream_of(entity, action)),
            project_id=project_id, entity=entity, entity_id=entity_id, actor=actor,
            audit_id=audit_id, payload=payload,
        )
    )  # fmt: skip


def stream_heads(conn: Connection, project_ids: list[int]) -> dict[tuple[int | None, str], int]:
    """The latest event id of every stream of the listed projects and of the whole store
    (project none): one grouped query over the feed's (project, stream, id) index."""
    e = s.events
    rows = conn.execute(
        select(e.c.project_id, e.c.stream, func.max(e.c.id))
        .where(or_(e.c.project_id.in_(project_ids), e.c.project_id.is_(None)))
        .group_by(e.c.project_id, e.c.stream)
    ).all()
    return {(row[0], row[1]): int(row[2]) for row in rows}


def store_epoch(conn: Connection, heads: dict[tuple[int | None, str], int]) -> str:
    """The token of the latest restore ("" if none): a restore may bring back smaller counters."""
    restored = heads.get((None, str(Stream.STORE)))
    if restored is None:
        return ""
    payload = conn.scalar(select(s.events.c.payload).where(s.events.c.id == restored))
    return str(payload.get("token", "")) if isinstance(payload, dict) else ""


def events_since(conn: Connection, after_id: int, project_id: int | None = None) -> list[Any]:
    """Events after ``after_id`` in order, of one project (and the store-wide ones) or all."""
    e = s.events
    query = select(e).where(e.c.id > after_id).order_by(e.c.id)
    if project_id is not None:
        query = query.where(or_(e.c.project_id == project_id, e.c.project_id.is_(None)))
    return list(conn.execute(query).mappings())
