"""Idempotent commands: a write carried out once per key, whatever the number of times it is sent.

A page gives each form an idempotency key when it is shown and keeps it until the save succeeds;
a double tap, a retried request or a re-sent field package sends the same key again. The key is
claimed first in the write transaction, so a second run waits for the first (SQLite's write lock,
PostgreSQL's unique index) and then returns the first run's result instead of recording twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from consultations.core import schema as s
from consultations.core.access import Actor
from consultations.core.audit import utcnow
from consultations.core.database import Store
from consultations.core.errors import StoreBusy
from consultations.core.events import Entity
from consultations.core.unit import Unit

T = TypeVar("T")


def _previous(conn: Connection, key: str) -> tuple[bool, Any]:
    """Whether ``key`` was used, and what its run returned (as stored: JSON)."""
    row = conn.execute(select(s.commands.c.result).where(s.commands.c.key == key)).one_or_none()
    return (row is not None, row.result if row is not None else None)


def run_command(
    store: Store, *, key: str | None, command: str, actor: Actor, work: Callable[[Unit], T]
) -> T:
    """``run_once`` with the command's unit of work (``core.unit``): ``work`` takes the unit, which
    holds the connection, ``actor``, the moment and the audit writer."""
    return run_once(store, key=key, command=command, actor=actor.username,
                    work=lambda conn: work(Unit(conn, actor)))  # fmt: skip


def log_reading(
    store: Store,
    entity: Entity,
    entity_id: int | None,
    action: str,
    *,
    actor: Actor,
    project_id: int | None,
    after: dict[str, Any],
) -> None:
    """An export or a file read, in the audit log as a command of its own (the reading is done)."""
    run_command(
        store, key=None, command=action, actor=actor,
        work=lambda unit: unit.audit(entity, entity_id, action, project_id=project_id, after=after),
    )  # fmt: skip


def run_once(
    store: Store, *, key: str | None, command: str, actor: str, work: Callable[[Connection], T]
) -> T:
    """Run ``work`` in one write transaction, unless ``key`` was already used: then return what
    its first run returned (``work`` must return JSON-able ids). ``key=None``: always run. A
    transaction that found the store busy (a lock, a deadlock) is tried once more."""
    try:
        return _run_once(store, key=key, command=command, actor=actor, work=work)
    except StoreBusy:
        time.sleep(0.2)
        return _run_once(store, key=key, command=command, actor=actor, work=work)


def _run_once(
    store: Store, *, key: str | None, command: str, actor: str, work: Callable[[Connection], T]
) -> T:
    if key is None:
        with store.begin() as conn:
            return work(conn)
    try:
        with store.begin() as conn:
            seen, result = _previous(conn, key)
            if seen:  # the same command's work returned it, stored as JSON
                return cast(T, result)
            conn.execute(
                insert(s.commands).values(key=key, command=command, actor=actor, at=utcnow())
            )
            result = work(conn)
            conn.execute(update(s.commands).where(s.commands.c.key == key).values(result=result))
            return result
    except IntegrityError:
        # The same key committed by a concurrent run (PostgreSQL): return its result; any other
        # integrity error is the work's own and is raised again.
        with store.read() as conn:
            seen, result = _previous(conn, key)
        if not seen:
            raise
        return cast(T, result)
