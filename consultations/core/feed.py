"""The change feed, read: per-project counters that caches key on, and the events themselves.

A cached view keys on the counters of the streams it reads (a map's shapes on ``land``, its colours
on ``statuses``, its filters on ``people``) and on the store it came from. A sign-in or an export
moves no counter, so no cache is thrown away by reading. Event kinds: docs/change-feed.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from consultations.core.access import Action, Actor, require
from consultations.core.database import Connection, Store
from consultations.core.events import Stream, events_since, store_epoch, stream_heads

__all__ = [
    "Event", "FeedCounters", "Stream", "feed_counters", "feed_events", "province_counters",
    "stream_head_in",
]  # fmt: skip


@dataclass(frozen=True)
class FeedCounters:
    """The latest event of each data stream of one project, in one store: a cache key."""

    store: str
    project_id: int
    land: int
    people: int
    statuses: int
    records: int
    epoch: str  # the latest restore's token: counters may go back after one

    @property
    def data(self) -> tuple[int, int, int, int]:
        """Every data stream at once, for views that read them all (figures, dashboards)."""
        return (self.land, self.people, self.statuses, self.records)


@dataclass(frozen=True)
class Event:
    id: int
    at: dt.datetime
    kind: str
    stream: Stream
    project_id: int | None
    entity: str
    entity_id: int | None
    actor: str
    payload: dict[str, Any] | None


def _counters(
    store: Store, heads: dict[tuple[int | None, str], int], epoch: str, project_id: int
) -> FeedCounters:
    def head(stream: Stream) -> int:
        return max(heads.get((project_id, stream), 0), heads.get((None, stream), 0))

    return FeedCounters(
        store=store.url, project_id=project_id, land=head(Stream.LAND),
        people=head(Stream.PEOPLE), statuses=head(Stream.STATUSES), records=head(Stream.RECORDS),
        epoch=epoch,
    )  # fmt: skip


def feed_counters(store: Store, project_id: int) -> FeedCounters:
    """One project's counters (two small queries; no personal data, so no actor)."""
    return province_counters(store, [project_id])[0]


def province_counters(store: Store, project_ids: list[int]) -> tuple[FeedCounters, ...]:
    """Every listed project's counters, read at once: the key of views over all projects."""
    with store.read() as conn:
        heads = stream_heads(conn, project_ids)
        epoch = store_epoch(conn, heads)
    return tuple(_counters(store, heads, epoch, pid) for pid in project_ids)


def stream_head_in(conn: Connection, project_id: int, stream: Stream) -> int:
    """One stream's counter of one project, inside the caller's transaction: what a prepared
    import was planned against, checked again when it is saved."""
    heads = stream_heads(conn, [project_id])
    return max(heads.get((project_id, stream), 0), heads.get((None, stream), 0))


def feed_events(
    store: Store, *, actor: Actor, after_id: int = 0, project_id: int | None = None
) -> list[Event]:
    """The events after ``after_id`` (administrators: what sync and notifications will read)."""
    require(actor, Action.MANAGE_USERS)
    with store.read() as conn:
        rows = events_since(conn, after_id, project_id)
    return [
        Event(
            id=r["id"], at=r["at"], kind=r["kind"], stream=Stream(r["stream"]),
            project_id=r["project_id"], entity=r["entity"], entity_id=r["entity_id"],
            actor=r["actor"], payload=r["payload"],
        )
        for r in rows
    ]  # fmt: skip
