"""The change feed's SQL: one event per audit row, and the counters that caches key on.

Every change is written as an audit row (who, what, before, after) and, in the same transaction, an
event (kind, stream, project, entity, id, actor, time, payload). The stream says which derived views
the change can move; it is decided here, in one table, not by each reader. See docs/change-feed.md.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, func, insert, literal, or_, select

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
    {"export", "export_map", "sign_in", "sign_in_failed", "open_file", "read_denunciation",
     "api_call"}
)  # fmt: skip

#: The streams whose events are changes of the records: what the API's change feed pages through
#: and webhooks are sent (readings, accounts and a restore are not the records' changes).
DATA_STREAMS = (Stream.LAND, Stream.PEOPLE, Stream.STATUSES, Stream.RECORDS)


class Entity(StrEnum):
    """The kinds of record an audit row and an event name: a closed set, each with its stream."""

    USER = "user"
    PROJECT = "project"
    PARCEL = "parcel"
    PARCELS = "parcels"  # a parcel register exported
    HOUSEHOLD = "household"
    HOUSEHOLDS = "households"  # a household register imported or exported
    CONCERN = "concern"
    CONCERNS = "concerns"  # exported
    MEETING = "meeting"
    MEETINGS = "meetings"  # exported
    CONSENT_EVENT = "consent_event"
    COMMITMENT = "commitment"
    COMMITMENTS = "commitments"  # exported
    DOCUMENT = "document"
    DISCLOSURE = "disclosure"
    PROCEDURE_STEP = "procedure_step"
    PETITION = "petition"
    RECEPTION_SESSION = "reception_session"
    BACKLOG_CASE = "backlog_case"
    FIELD_PACKAGE = "field_package"
    PRICE_TABLE = "price_table"
    INVENTORY_LINE = "inventory_line"
    INVENTORY_HOUSEHOLD = "inventory_household"
    COMPENSATION_PLAN = "compensation_plan"
    COMPENSATION_TERMS = "compensation_terms"
    COMPENSATION_SHEET = "compensation_sheet"
    PAYMENT = "payment"
    REPORT = "report"
    STORE = "store"
    API_CLIENT = "api_client"
    WEBHOOK = "webhook"
    CONTACT_CONSENT = "contact_consent"  # a person's consent to be contacted by a channel


#: The stream each kind of record moves (a reading action moves READINGS whatever the kind).
STREAM_OF_ENTITY: dict[Entity, Stream] = {
    Entity.USER: Stream.ACCOUNTS,
    Entity.PROJECT: Stream.LAND,
    Entity.PARCEL: Stream.LAND,
    Entity.PARCELS: Stream.LAND,
    Entity.HOUSEHOLD: Stream.PEOPLE,
    Entity.HOUSEHOLDS: Stream.PEOPLE,
    Entity.CONCERN: Stream.PEOPLE,
    Entity.CONCERNS: Stream.PEOPLE,
    Entity.MEETING: Stream.PEOPLE,
    Entity.MEETINGS: Stream.PEOPLE,
    Entity.CONSENT_EVENT: Stream.STATUSES,
    Entity.COMMITMENT: Stream.RECORDS,
    Entity.COMMITMENTS: Stream.RECORDS,
    Entity.DOCUMENT: Stream.RECORDS,
    Entity.DISCLOSURE: Stream.RECORDS,
    Entity.PROCEDURE_STEP: Stream.RECORDS,
    Entity.PETITION: Stream.RECORDS,
    Entity.RECEPTION_SESSION: Stream.RECORDS,
    Entity.BACKLOG_CASE: Stream.RECORDS,
    Entity.FIELD_PACKAGE: Stream.RECORDS,
    Entity.PRICE_TABLE: Stream.RECORDS,
    Entity.INVENTORY_LINE: Stream.RECORDS,
    Entity.INVENTORY_HOUSEHOLD: Stream.RECORDS,
    Entity.COMPENSATION_PLAN: Stream.RECORDS,
    Entity.COMPENSATION_TERMS: Stream.RECORDS,
    Entity.COMPENSATION_SHEET: Stream.RECORDS,
    Entity.PAYMENT: Stream.RECORDS,
    Entity.REPORT: Stream.READINGS,
    Entity.STORE: Stream.STORE,
    Entity.API_CLIENT: Stream.ACCOUNTS,
    Entity.WEBHOOK: Stream.ACCOUNTS,
    Entity.CONTACT_CONSENT: Stream.PEOPLE,
}
#: The audit action of a household's version bump alone (a consent event recorded against it).
NEW_VERSION = "new_version"


def stream_of(entity: str, action: str) -> Stream:
    """The stream an audit row of ``entity`` and ``action`` belongs to; an entity outside the
    closed set ``Entity`` is refused, never filed silently under a stream."""
    try:
        kind = Entity(entity)
    except ValueError:  # a programming error: a new kind of record must be given its stream
        raise ValueError(f"unknown audit entity {entity!r}: add it to core.events.Entity") from None
    if action in READING_ACTIONS:
        return Stream.READINGS
    if action in ("import", "overlay"):
        return Stream.LAND
    if action == NEW_VERSION:
        return Stream.STATUSES
    return STREAM_OF_ENTITY[kind]


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
    stream = stream_of(entity, action)
    event_id = conn.execute(
        insert(s.events).values(
            at=at, kind=f"{entity}.{action}", stream=str(stream),
            project_id=project_id, entity=entity, entity_id=entity_id, actor=actor,
            audit_id=audit_id, payload=payload,
        ).returning(s.events.c.id)
    ).scalar_one()  # fmt: skip
    if stream in DATA_STREAMS:
        _to_outbox(conn, int(event_id), at)


def _to_outbox(conn: Connection, event_id: int, at: dt.datetime) -> None:
    """A change's delivery to every active webhook, in the change's own transaction: it is sent
    if and only if the change was saved (one INSERT … SELECT, nothing when none is registered)."""
    w = s.webhooks
    conn.execute(
        insert(s.webhook_deliveries).from_select(
            ["webhook_id", "event_id", "status", "attempts", "next_attempt_at"],
            select(w.c.id, literal(event_id), literal("pending"), literal(0),
                   literal(at, s.webhook_deliveries.c.next_attempt_at.type))
            .where(w.c.active.is_(True)),
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
