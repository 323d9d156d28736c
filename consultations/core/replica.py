"""Read-your-writes with a read replica (``READ_DATABASE_URL``).

Reads may go to a streaming replica of PostgreSQL, which is a moment behind the primary. A person
who has just saved must see the save on the next page: each browser session keeps the change
feed's id of its own last write (``Written``, held in the session and bound to each run with
``follow``); a read for that session goes to the replica only once the replica's feed has reached
that id, waiting up to ``CLEARWAY_REPLICA_WAIT_S`` for it, and otherwise to the primary. A session
that has written nothing, and every command, reads from the replica.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from dataclasses import dataclass

#: Seconds a read after one's own write waits for the replica before it reads the primary.
REPLICA_WAIT_S = float(os.environ.get("CLEARWAY_REPLICA_WAIT_S") or 0.5)


@dataclass
class Written:
    """The change feed's id of this session's last write (0: none yet). Mutable: one per session."""

    feed_id: int = 0


_WRITTEN: ContextVar[Written | None] = ContextVar("clearway_written", default=None)


def follow(written: Written | None) -> None:
    """Reads and writes in this run (this thread) are this session's (None: no session's)."""
    _WRITTEN.set(written)


def written() -> Written | None:
    return _WRITTEN.get()


def read_database_url() -> str | None:
    """The replica to read from, if one is configured."""
    return os.environ.get("READ_DATABASE_URL", "").strip() or None
