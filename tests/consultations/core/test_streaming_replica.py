"""Read-your-writes on a real PostgreSQL streaming replica: the test builds its own primary and
hot standby with PostgreSQL's own tools (initdb, pg_ctl, pg_basebackup -R) on free ports, in
temporary folders owned by the ``postgres`` user, migrates the app's schema and loads the demo on
the primary, and reads through ``open_store(primary, read_url=standby)``. To show the wait for the
standby is real it pauses the standby's replay (``pg_wal_replay_pause``): the session's own save
is still read (from the primary), the standby alone does not have it until replay resumes."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import consultations.core.database as database
from consultations.core.access import operator
from consultations.core.database import Store, open_store
from consultations.core.engines import replica_reached
from consultations.core.replica import Written, follow
from consultations.households.service import edit_household, households_seen_by
from consultations.projects.service import find_project
from tests.consultations.outbox.servers import free_port
from tests.fixtures import CONTENTS

pytestmark = pytest.mark.postgis

ADMIN = operator("test")
OS_USER = "postgres"
#: Small, quick clusters: nothing here must survive a crash.
SETTINGS = ["fsync = off", "synchronous_commit = off", "full_page_writes = off",
            "shared_buffers = 16MB", "max_connections = 30", "listen_addresses = '127.0.0.1'",
            "wal_level = replica", "max_wal_senders = 4", "hot_standby = on",
            "wal_receiver_status_interval = 1s"]  # fmt: skip
#: Seconds a step (a cluster starting, the standby catching up) may take before the test fails.
PATIENCE_S = 60.0
#: The app's wait for the standby after one's own write (CLEARWAY_REPLICA_WAIT_S), shortened.
WAIT_S = 0.3


def _bin_dir() -> Path | None:
    """PostgreSQL's own programs for a major version that has PostGIS installed."""
    for initdb in sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True):
        major = initdb.parent.parent.name
        if Path(f"/usr/share/postgresql/{major}/extension/postgis.control").exists():
            return initdb.parent
    return None


def _as_postgres(*command: str | Path) -> None:
    subprocess.run(["runuser", "-u", OS_USER, "--", *map(str, command)],
                   check=True, capture_output=True, text=True, cwd="/")  # fmt: skip


class Cluster:
    """One PostgreSQL cluster in ``folder``, listening on 127.0.0.1:``port`` only."""

    def __init__(self, bin_dir: Path, folder: Path, port: int) -> None:
        self.bin_dir, self.data, self.port = bin_dir, folder / "data", port

    def url(self, database_name: str = "clearway") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database_name}"

    def configure(self) -> None:
        """Its port and socket folder (its own, not the system cluster's), and the settings."""
        settings = [*SETTINGS, f"port = {self.port}", f"unix_socket_directories = '{self.data}'"]
        with (self.data / "postgresql.auto.conf").open("a") as conf:
            conf.write("\n".join(settings) + "\n")

    def start(self) -> None:
        _as_postgres(self.bin_dir / "pg_ctl", "-D", self.data, "-l", self.data / "log",
                     "-w", "-t", str(int(PATIENCE_S)), "start")  # fmt: skip

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            _as_postgres(self.bin_dir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")


def _make_primary(bin_dir: Path, folder: Path) -> Cluster:
    primary = Cluster(bin_dir, folder, free_port())
    _as_postgres(bin_dir / "initdb", "-D", primary.data, "-U", "postgres", "--auth=trust",
                 "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
    with (primary.data / "pg_hba.conf").open("a") as hba:
        hba.write("host replication all 127.0.0.1/32 trust\n")
    primary.configure()
    primary.start()
    admin = create_engine(primary.url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE clearway"))
    admin.dispose()
    app = create_engine(primary.url())
    with app.begin() as conn:
        conn.execute(text("CREATE EXTENSION postgis"))
    app.dispose()
    store = open_store(primary.url())
    store.migrate()
    CONTENTS["demo"](store)  # the demo, as every demo test has it
    store.dispose()
    return primary


def _make_standby(primary: Cluster, folder: Path) -> Cluster:
    standby = Cluster(primary.bin_dir, folder, free_port())
    # -R: standby.signal and primary_conninfo; -X stream: the WAL written meanwhile comes along.
    _as_postgres(primary.bin_dir / "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port),
                 "-U", "postgres", "-D", standby.data, "-R", "-X", "stream", "-c", "fast",
                 "--no-sync")  # fmt: skip
    standby.configure()  # after the primary's settings: its own port and socket folder win
    standby.start()
    return standby


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[Cluster, Cluster]]:
    """A primary holding the demo and a hot standby streaming from it; both stopped and deleted
    afterwards, whatever happened."""
    bin_dir = _bin_dir()
    if bin_dir is None or shutil.which("runuser") is None:
        pytest.skip("PostgreSQL's programs with PostGIS, or runuser, are not installed")
    owner = pwd.getpwnam(OS_USER)
    folder = Path(tempfile.mkdtemp(prefix="clearway-streaming-"))
    os.chown(folder, owner.pw_uid, owner.pw_gid)
    made: list[Cluster] = []
    try:
        made.append(_make_primary(bin_dir, folder / "primary"))
        made.append(_make_standby(made[0], folder / "standby"))
        yield made[0], made[1]
    finally:
        for cluster in reversed(made):
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def replicated(
    clusters: tuple[Cluster, Cluster], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Store, Store]]:
    """The app's store reading from the standby, and the standby alone (read-only)."""
    monkeypatch.setattr(database, "REPLICA_WAIT_S", WAIT_S)
    primary, standby = clusters
    store, alone = open_store(primary.url(), read_url=standby.url()), open_store(standby.url())
    yield store, alone
    follow(None)
    with alone.engine.connect() as conn:  # never leave the standby paused for the next test
        conn.execute(text("SELECT pg_wal_replay_resume()"))
    store.dispose()
    alone.dispose()


def _household(store: Store, code: str) -> tuple[int, int, str | None]:
    project = find_project(store, "cat-van-220kv")
    found = [h for h in households_seen_by(store, project.id, actor=ADMIN) if h.code == code]
    return found[0].id, found[0].version, found[0].phone


def _replay(alone: Store, paused: bool) -> None:
    with alone.engine.connect() as conn:
        conn.execute(text("SELECT pg_wal_replay_pause()" if paused else
                          "SELECT pg_wal_replay_resume()"))  # fmt: skip
        if paused:  # pausing is a request: wait until replay has stopped
            for _ in range(int(PATIENCE_S * 20)):
                state = conn.scalar(text("SELECT pg_get_wal_replay_pause_state()"))
                if state == "paused":
                    return
                conn.execute(text("SELECT pg_sleep(0.05)"))
            raise AssertionError("the standby's replay did not pause")


def test_the_standby_streams_from_the_primary(clusters: tuple[Cluster, Cluster]) -> None:
    primary, standby = clusters
    on_primary, on_standby = create_engine(primary.url()), create_engine(standby.url())
    with on_primary.connect() as conn:
        senders = conn.scalar(text("SELECT count(*) FROM pg_stat_replication "
                                   "WHERE state = 'streaming'"))  # fmt: skip
    with on_standby.connect() as conn:
        in_recovery = conn.scalar(text("SELECT pg_is_in_recovery()"))
        receiving = conn.scalar(text("SELECT status FROM pg_stat_wal_receiver"))
    on_primary.dispose()
    on_standby.dispose()
    assert (senders, in_recovery, receiving) == (1, True, "streaming")


def test_a_session_reads_its_own_save_through_the_streaming_standby(
    replicated: tuple[Store, Store],
) -> None:
    store, alone = replicated
    mine = Written()
    follow(mine)
    household_id, version, _phone = _household(store, "CV01")
    edit_household(store, household_id, version, {"phone": "0912345678"}, actor=ADMIN)
    assert mine.feed_id > 0  # the change feed's id of the save

    assert _household(store, "CV01")[2] == "0912345678"
    # the standby reaches the save by streaming, and the standby alone then has it
    assert replica_reached(alone.engine, mine.feed_id, PATIENCE_S)
    follow(None)
    assert _household(alone, "CV01")[2] == "0912345678"


def test_with_replay_paused_the_session_reads_the_primary_until_the_standby_catches_up(
    replicated: tuple[Store, Store],
) -> None:
    store, alone = replicated
    mine, theirs = Written(), Written()
    follow(mine)
    household_id, version, before = _household(store, "CV02")
    _replay(alone, paused=True)
    edit_household(store, household_id, version, {"phone": "0987654321"}, actor=ADMIN)

    # the standby does not reach the save within the wait: the session reads the primary
    assert not replica_reached(alone.engine, mine.feed_id, WAIT_S)
    assert _household(store, "CV02")[2] == "0987654321"
    follow(theirs)  # a session that wrote nothing reads the standby, as the standby alone does
    assert _household(store, "CV02")[2] == before
    follow(None)
    assert _household(alone, "CV02")[2] == before

    _replay(alone, paused=False)
    assert replica_reached(alone.engine, mine.feed_id, PATIENCE_S)
    assert _household(alone, "CV02")[2] == "0987654321"
    follow(mine)  # and the session's reads may go to the standby again
    assert store.replica is not None and replica_reached(store.replica, mine.feed_id, 0)
    assert _household(store, "CV02")[2] == "0987654321"
