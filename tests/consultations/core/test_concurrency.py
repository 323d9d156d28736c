"""Twenty field officers saving at once: nothing lost, and stale edits refused, on both databases."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from consultations.consent.service import record_consent
from consultations.consent.store import consent_events_of
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import StaleEdit
from consultations.core.records import ConsentStatus, NewProject, ProjectKind
from consultations.households.service import add_household, edit_household
from consultations.households.store import households_of
from consultations.projects.store import insert_project

WRITERS = 20
TODAY = dt.date(2024, 5, 2)


def project_with_households(store: Store, count: int) -> tuple[int, list[int]]:
    with store.begin() as conn:
        project = insert_project(conn, NewProject("p", "Dự án", ProjectKind.ROAD, 9208), actor="t")
    ids = [
        add_household(store, project.id, f"H{i:02d}", {"head_name": f"Hộ {i}"}, actor=operator("t"))
        for i in range(count)
    ]
    return project.id, ids


def attempt(action: Callable[[], object]) -> str:
    try:
        action()
    except StaleEdit:
        return "stale"
    return "saved"


def test_writers_on_different_households_all_succeed(store: Store) -> None:
    project_id, ids = project_with_households(store, WRITERS)

    def write(household_id: int) -> str:
        return attempt(lambda: record_consent(
            store, household_id, ConsentStatus.INFORMED, TODAY, seen_version=1, actor=operator(f"cb{household_id}"),
            today=TODAY,
        ))  # fmt: skip

    with ThreadPoolExecutor(WRITERS) as pool:
        outcomes = list(pool.map(write, ids))
    assert outcomes == ["saved"] * WRITERS
    with store.read() as conn:
        assert len(consent_events_of(conn, project_id)) == WRITERS
        assert {h.version for h in households_of(conn, project_id)} == {2}


def test_writers_on_the_same_household_one_wins_the_others_are_told(store: Store) -> None:
    project_id, [household_id] = project_with_households(store, 1)

    def write(i: int) -> str:
        return attempt(
            lambda: edit_household(
                store, household_id, 1, {"phone": f"09000000{i:02d}"}, actor=operator(f"cb{i}")
            )
        )

    with ThreadPoolExecutor(WRITERS) as pool:
        outcomes = list(pool.map(write, range(WRITERS)))
    assert outcomes.count("saved") == 1 and outcomes.count("stale") == WRITERS - 1
    with store.read() as conn:
        [household] = households_of(conn, project_id)
    winner = outcomes.index("saved")
    assert household.phone == f"09000000{winner:02d}" and household.version == 2


def test_every_fresh_edit_lands_when_each_writer_rereads(store: Store) -> None:
    project_id, [household_id] = project_with_households(store, 1)

    def write(i: int) -> int:
        retries = 0
        while True:
            with store.read() as conn:
                [current] = households_of(conn, project_id)
            try:
                record_consent(store, household_id, ConsentStatus.CONCERNS, TODAY, seen_version=current.version,
                               actor=operator(f"cb{i}"), note=f"ghi chú {i}", today=TODAY)  # fmt: skip
                return retries
            except StaleEdit:
                retries += 1

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(write, range(WRITERS)))
    with store.read() as conn:
        notes = {e.note for e in consent_events_of(conn, project_id)}
    assert notes == {f"ghi chú {i}" for i in range(WRITERS)}


def test_a_read_proceeds_while_a_write_transaction_is_open(store: Store) -> None:
    """SQLite on WAL: readers do not queue behind a writer (PostgreSQL never made them)."""
    import time

    project_id, ids = project_with_households(store, 1)
    with write_lock_held(store, ids[0]):
        started = time.monotonic()
        with store.read() as conn:
            seen = households_of(conn, project_id)
        waited = time.monotonic() - started
    assert len(seen) == 1 and waited < 1.0, f"the read waited {waited:.1f} s behind the writer"


def test_a_read_proceeds_while_more_writers_wait_than_the_pool_holds(store: Store) -> None:
    """Thirty saves queued behind one open write transaction, each holding a connection while it
    waits (on SQLite for the write lock, on PostgreSQL for the household's row): a reader still gets
    a connection and its answer at once, instead of waiting for a connection a writer holds."""
    import time

    project_id, ids = project_with_households(store, 1)
    queued = 30
    # the lock is let go before the pool waits for its writers (the other order kept them waiting
    # for the holder's 10 s patience to run out)
    with ThreadPoolExecutor(queued) as pool, write_lock_held(store, ids[0]):
        waiting = [pool.submit(attempt, lambda: _edit_in_own_transaction(store, ids[0]))
                   for _ in range(queued)]  # fmt: skip
        time.sleep(0.5)  # every one of them is now waiting for the lock
        started = time.monotonic()
        with store.read() as conn:
            seen = households_of(conn, project_id)
        waited = time.monotonic() - started
        assert not any(w.done() for w in waiting), "the writers were not kept waiting"
    assert len(seen) == 1 and waited < 1.0, f"the read waited {waited:.1f} s for a connection"
    assert [w.result() for w in waiting] == ["saved"] * queued


def _edit_in_own_transaction(store: Store, household_id: int) -> None:
    with store.begin() as conn:
        edit_household_in(conn, household_id)


@contextlib.contextmanager
def write_lock_held(store: Store, household_id: int) -> Iterator[None]:
    """Another session's write transaction, open (and holding SQLite's write lock) meanwhile."""
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with store.begin() as conn:
            edit_household_in(conn, household_id)
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    holding.wait(10)
    try:
        yield
    finally:
        release.set()
        thread.join()


def edit_household_in(conn: object, household_id: int) -> None:
    from sqlalchemy import update

    from consultations.core import schema

    conn.execute(  # type: ignore[attr-defined]
        update(schema.households).where(schema.households.c.id == household_id).values(notes="x")
    )


def test_meetings_signing_the_same_households_in_opposite_orders_never_deadlock(
    store: Store,
) -> None:
    """Each meeting records consent for two households; half list them one way, half the other.
    Every meeting is saved or refused as stale; none fails with a database deadlock."""
    from consultations.core.records import MeetingKind
    from consultations.meetings.service import ConsentChange, MeetingRecord, log_meeting

    project_id, (first, second) = project_with_households(store, 2)

    def meeting(i: int) -> str:
        with store.read() as conn:
            versions = {h.id: h.version for h in households_of(conn, project_id)}
        order = (first, second) if i % 2 else (second, first)
        record = MeetingRecord(
            kind=MeetingKind.DIALOGUE, place="Hội trường", chair_name="Chủ tịch",
            held_at=dt.datetime(2024, 5, 2, 8, 0, tzinfo=dt.UTC),
            consent_changes=tuple(ConsentChange(h, ConsentStatus.CONCERNS, versions[h]) for h in order),
        )  # fmt: skip
        return attempt(lambda: log_meeting(store, project_id, record, actor=operator(f"cb{i}"),
                                           today=TODAY))  # fmt: skip

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(meeting, range(24)))
    assert set(outcomes) <= {"saved", "stale"} and "saved" in outcomes


def test_a_store_still_locked_after_the_busy_timeout_gives_a_sentence_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: a writer holds the lock past the busy timeout; the other save is refused in words
    (after one more try) and saves once the lock is free."""

    import consultations.core.database as database
    from consultations.core.errors import StoreBusy

    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_S", 0.2)
    store = database.open_store(f"sqlite:///{tmp_path}/busy.sqlite")
    store.migrate()
    _project, ids = project_with_households(store, 1)
    with write_lock_held(store, ids[0]), pytest.raises(StoreBusy, match="Thử lại"):
        edit_household(store, ids[0], 1, {"phone": "0900000000"}, actor=operator("cb"))
    assert edit_household(store, ids[0], 1, {"phone": "0900000000"}, actor=operator("cb")) == 2
    store.dispose()


def test_two_registers_saved_at_once_with_the_same_codes_give_the_used_twice_sentence(
    store: Store,
) -> None:
    from consultations.core.errors import DuplicateRecord
    from consultations.households.store import insert_households

    with store.begin() as conn:
        project = insert_project(conn, NewProject("r", "Dự án", ProjectKind.ROAD, 9208), actor="t")
    register = [{"code": f"R{i:02d}", "head_name": f"Hộ {i}"} for i in range(5)]
    start = threading.Barrier(2)

    def save(_: int) -> str:
        start.wait(5)
        try:
            with store.begin() as conn:
                insert_households(conn, project.id, register)
        except DuplicateRecord as refused:
            return str(refused)
        return "saved"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(save, range(2)))
    assert outcomes[1] == "saved" and "R00" in outcomes[0]
    with store.read() as conn:
        assert len(households_of(conn, project.id)) == 5
