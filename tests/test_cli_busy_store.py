"""The command line on a busy store: reads answer while another holds a write lock, writes give
up in words with exit code 2 (never a traceback), and a current schema is never migrated, so no
command waits behind an import's lock just to start (on SQLite and PostgreSQL).

Commands run inside the test process (tests/cli_runner.py: the same exit code, stdout and stderr
as ``python cli.py``, with ``CLEARWAY_LOCK_WAIT_S`` set as the environment sets it); the lock is
held by a connection of its own, as another process's import holds it. In a real process: the
write behind the lock in ``test_a_write_command_behind_the_lock_exits_2_with_a_sentence_not_a_
traceback`` (that ``python cli.py`` itself starts, waits its lock wait, and exits 2 in words with no
traceback while another connection holds the lock)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from consultations.core import database, schema
from consultations.core.bulk import insert_columns
from consultations.core.database import Store, open_store
from consultations.core.errors import StoreBusy
from tests.cli_runner import run_cli, run_cli_process
from tests.locks import write_lock_held

ROOT = Path(__file__).resolve().parents[1]
#: The lock wait the commands run with: short, so a write refused after it keeps the test quick.
LOCK_WAIT_S = 2
BUSY = "Cơ sở dữ liệu đang bận"
NEW_PROJECT = ("new-project", "--slug", "duong-moi", "--name", "Đường mới", "--kind", "road",
               "--province", "Tỉnh Nghệ An", "--commune", "Nam Đàn")  # fmt: skip


@pytest.fixture
def demo(demo_store: Store) -> Store:
    return demo_store


def cli_env(store: Store) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": store.engine.url.render_as_string(hide_password=False),
        "CLEARWAY_LOCK_WAIT_S": str(LOCK_WAIT_S),
    }


def cli(store: Store, *args: str) -> subprocess.CompletedProcess[str]:
    """``python cli.py ARGS`` on ``store``, run in this process (tests/cli_runner.py)."""
    return run_cli(cli_env(store), *args)


def test_status_json_answers_while_an_import_holds_the_write_lock(demo: Store) -> None:
    with write_lock_held(demo, "projects", "households", "consent_events", "sessions"):
        done = cli(demo, "status", "--project", "cat-van-220kv", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["affected_households"] == 15


def test_a_backup_is_taken_while_an_import_holds_the_write_lock(
    demo: Store, tmp_path: Path
) -> None:
    with write_lock_held(demo, "projects", "households", "consent_events", "sessions"):
        done = cli(demo, "backup", "--out", str(tmp_path / "backup.zip"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "backup.zip").stat().st_size > 0


def test_a_write_command_behind_the_lock_exits_2_with_a_sentence_not_a_traceback(
    demo: Store,
) -> None:
    with write_lock_held(demo, "projects"):
        started = time.monotonic()
        done = run_cli_process(cli_env(demo), *NEW_PROJECT)  # a real process, as a user runs it
        took_s = time.monotonic() - started
    assert done.returncode == 2, done.stderr
    assert BUSY in done.stderr and "Traceback" not in done.stderr
    assert took_s < 120  # gave up after its lock wait, not when the import ended
    saved = cli(demo, *NEW_PROJECT)
    assert saved.returncode == 0, saved.stderr  # the lock gone, the same command saves


def test_a_store_behind_the_schema_and_locked_is_a_sentence_with_exit_code_2(
    empty_store: Store,
) -> None:
    empty_store.migrate("0017")
    with write_lock_held(empty_store, "sessions"):
        done = cli(empty_store, "status", "--project", "cat-van-220kv", "--json")
    assert done.returncode == 2, done.stderr
    assert BUSY in done.stderr and "Traceback" not in done.stderr
    assert empty_store.revision() == "0017"  # nothing half-done


def test_opening_a_current_store_takes_no_write_lock(store: Store) -> None:
    """What the app's start does (``migrate``): with the schema current, only a read."""
    with write_lock_held(store, "sessions"):
        started = time.monotonic()
        store.migrate()
        assert time.monotonic() - started < 5


def test_a_bulk_write_behind_a_held_lock_is_a_sentence_too(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imports copy rows through the driver's own connection (COPY on PostgreSQL): the lock it
    could not get is the same ``StoreBusy`` sentence as any other save's."""
    now = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
    rows: dict[str, list[Any]] = {
        "token_sha256": ["x" * 64],
        "user_id": [1],
        "created_at": [now],
        "expires_at": [now],
    }
    # On SQLite a writer of its own that waits half a second for the lock, not the 15 s default.
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_S", 0.5)
    writer = open_store(store.engine.url.render_as_string(hide_password=False))
    try:
        with (
            write_lock_held(store, "sessions"),
            pytest.raises(StoreBusy, match=BUSY),
            writer.begin() as conn,
        ):
            if writer.dialect == "postgresql":
                conn.exec_driver_sql("SET LOCAL lock_timeout = 500")  # not the 15 s default
            insert_columns(conn, schema.sessions, rows)
    finally:
        writer.dispose()
