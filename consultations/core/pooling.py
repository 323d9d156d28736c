"""How many PostgreSQL connections each process of a deployment may hold, and whether they go
through PgBouncer.

One Streamlit process keeps two pools (reads and writes, ``core/database.py``), each 10 connections
and 10 more in a burst: 40 a process, against PostgreSQL's default ``max_connections`` of 100. A
province runs several app servers and a worker on one database (``deploy/``), so the launcher sizes
the pools from the server's ``max_connections`` and the number of processes, and hands each process
its share in ``CLEARWAY_PG_POOL`` and ``CLEARWAY_PG_OVERFLOW``.

Behind PgBouncer in transaction mode (``CLEARWAY_PGBOUNCER=1``) a server connection changes hands
between transactions: psycopg 3's prepared statements (a statement prepared on one server
connection, executed on another) fail on PgBouncer 1.18, Debian 12's, so they are switched off, and
a session setting (``SET lock_timeout``) is made per transaction instead of per connection.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

#: Connections no Clearway process may take: PostgreSQL's superuser_reserved_connections (3), and
#: room for an operator's psql, a backup and a one-off ``cli.py`` command.
RESERVED = 8
#: Two pools a process: reads and writes.
POOLS_PER_PROCESS = 2
#: A pool never needs more than one process had alone (10 kept, 10 more in a burst).
MOST_PER_POOL = 20


@dataclass(frozen=True)
class PoolSize:
    """One pool's connections: ``kept`` open, and ``burst`` more opened for a moment under load."""

    kept: int
    burst: int

    @property
    def most(self) -> int:
        return self.kept + self.burst


def pool_size(max_connections: int, processes: int) -> PoolSize:
    """Each pool's share, so that ``processes`` processes of two pools each at their most stay
    within ``max_connections`` less what is reserved. Refused in words when there is not even one
    connection per pool."""
    budget = max_connections - RESERVED
    most = min(MOST_PER_POOL, budget // (processes * POOLS_PER_PROCESS))
    if most < 1:
        raise ValueError(
            f"max_connections={max_connections} leaves no connection for {processes} processes: "
            f"raise max_connections to at least {RESERVED + processes * POOLS_PER_PROCESS} "
            "or run fewer app servers (or put PgBouncer in front)"
        )
    kept = (most + 1) // 2
    return PoolSize(kept=kept, burst=most - kept)


def pgbouncer_pool_size(max_connections: int) -> int:
    """PgBouncer's server connections for the one database: all that is not reserved."""
    return max(1, max_connections - RESERVED)


def configured_pool() -> PoolSize:
    """This process's share, as the launcher set it; alone, a process keeps 10 and bursts 10."""
    kept = int(os.environ.get("CLEARWAY_PG_POOL") or 10)
    burst = int(os.environ.get("CLEARWAY_PG_OVERFLOW") or kept)
    return PoolSize(kept=kept, burst=burst)


def through_pgbouncer() -> bool:
    """Whether ``DATABASE_URL`` points at PgBouncer in transaction mode (``CLEARWAY_PGBOUNCER``)."""
    return os.environ.get("CLEARWAY_PGBOUNCER", "").strip().lower() in ("1", "true", "yes")
