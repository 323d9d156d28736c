"""The province deployment's pieces: HAProxy's configuration, the pools' share of PostgreSQL's
connections, and the store through PgBouncer in transaction mode."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from consultations.core.pooling import PoolSize, pool_size
from tests.fixtures import PG_URL

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy"))

from serve_province import render_haproxy, render_pgbouncer, through_pgbouncer_url  # noqa: E402


@pytest.mark.parametrize(
    ("max_connections", "processes", "expected"),
    [
        (100, 1, PoolSize(10, 10)),  # one process alone keeps what it always had
        (100, 3, PoolSize(8, 7)),  # two app servers and the worker: 3 × 2 × 15 = 90 ≤ 92
        (100, 5, PoolSize(5, 4)),
        (200, 5, PoolSize(10, 9)),
        (12, 2, PoolSize(1, 0)),
    ],
)
def test_pools_share_max_connections_less_what_is_reserved(
    max_connections: int, processes: int, expected: PoolSize
) -> None:
    share = pool_size(max_connections, processes)
    assert share == expected
    assert processes * 2 * share.most <= max_connections - 8


def test_too_few_connections_for_the_processes_is_refused_with_the_fix() -> None:
    with pytest.raises(ValueError, match="raise max_connections to at least 28"):
        pool_size(20, 10)


def test_haproxy_keeps_a_browser_on_its_server_by_cookie_and_checks_health() -> None:
    config = render_haproxy(replicas=2, port=8080, first_port=8081)
    assert "cookie CLEARWAY_SERVER insert indirect nocache" in config
    assert "server app1 127.0.0.1:8081 check cookie app1" in config
    assert "server app2 127.0.0.1:8082 check cookie app2" in config
    assert "option httpchk GET /_stcore/health" in config
    assert "timeout tunnel" in config
    assert "option redispatch" in config
    assert "balance source" not in config and "hash" not in config  # never by address


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="haproxy is not installed")
def test_haproxy_accepts_the_rendered_configuration(tmp_path: Path) -> None:
    path = tmp_path / "haproxy.cfg"
    path.write_text(render_haproxy(replicas=3, port=18080, first_port=18081))
    checked = subprocess.run(["haproxy", "-c", "-f", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def pgbouncer(tmp_path: Path) -> Iterator[str]:
    """PgBouncer 1.18 (Debian's) in transaction mode in front of the test database: its URL."""
    if shutil.which("pgbouncer") is None:
        pytest.skip("pgbouncer is not installed")
    from tests.browser.conftest import free_port

    sys.path.insert(0, str(ROOT / "deploy"))
    from serve_province import _pgbouncer_command, _userlist

    port = free_port()
    (tmp_path / "userlist.txt").write_text(_userlist(PG_URL))
    ini = tmp_path / "pgbouncer.ini"
    ini.write_text(render_pgbouncer(PG_URL, port, tmp_path, max_connections=20))
    server = subprocess.Popen(_pgbouncer_command(ini), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 20
    while not _listening(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    yield through_pgbouncer_url(PG_URL, port)
    server.terminate()
    server.wait(timeout=10)


def test_the_store_through_pgbouncer_runs_a_statement_many_times_and_keeps_its_lock_wait(
    pgbouncer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consultations.core.database import open_store

    monkeypatch.setenv("CLEARWAY_PGBOUNCER", "1")
    store = open_store(pgbouncer)
    try:
        for n in range(30):  # psycopg would prepare it from the sixth time on
            with store.begin() as conn:
                assert (
                    conn.execute(text("SELECT CAST(:n AS integer) + 1"), {"n": n}).scalar() == n + 1
                )
                assert conn.execute(text("SHOW lock_timeout")).scalar() == "15s"
            with store.read() as conn:
                assert conn.execute(text("SELECT CAST(:n AS integer)"), {"n": n}).scalar() == n
        assert store.max_connections() is not None
    finally:
        store.dispose()
