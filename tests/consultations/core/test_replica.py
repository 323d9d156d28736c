"""Read-your-writes with a read replica: a session reads the replica, except after its own write
until the replica has it; then it reads the primary. The "replica" here is a copy that never
catches up, unless the test makes it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import consultations.core.database as database
from consultations.core.access import operator
from consultations.core.database import Store, open_store
from consultations.core.replica import Written, follow
from consultations.households.service import edit_household, households_seen_by
from consultations.projects.service import find_project
from tests.fixtures import sqlite_copy

ADMIN = operator("test")


@pytest.fixture
def replicated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, Store]]:
    """A store whose reads may go to a replica that stays as it was; and the replica alone."""
    monkeypatch.setattr(database, "REPLICA_WAIT_S", 0.2)
    (tmp_path / "p").mkdir()
    (tmp_path / "r").mkdir()
    primary = sqlite_copy("demo", tmp_path / "p")
    replica = sqlite_copy("demo", tmp_path / "r")
    store, alone = open_store(primary, read_url=replica), open_store(replica)
    yield store, alone
    follow(None)
    store.dispose()
    alone.dispose()


def _phone(store: Store, code: str) -> str | None:
    project = find_project(store, "cat-van-220kv")
    found = [h for h in households_seen_by(store, project.id, actor=ADMIN) if h.code == code]
    return found[0].phone


def test_after_its_own_save_a_session_reads_it_while_others_read_the_replica(
    replicated: tuple[Store, Store],
) -> None:
    store, _alone = replicated
    mine, theirs = Written(), Written()
    follow(mine)
    project = find_project(store, "cat-van-220kv")
    household = next(h for h in households_seen_by(store, project.id, actor=ADMIN)
                     if h.code == "CV01")  # fmt: skip
    edit_household(store, household.id, household.version, {"phone": "0912345678"}, actor=ADMIN)
    assert mine.feed_id > 0  # the change feed's id of the save

    assert _phone(store, "CV01") == "0912345678"  # the replica lags: read from the primary
    follow(theirs)
    assert _phone(store, "CV01") == household.phone  # no write of theirs: the replica


def test_once_the_replica_has_the_write_the_session_reads_the_replica_again(
    replicated: tuple[Store, Store],
) -> None:
    store, alone = replicated
    mine = Written()
    follow(mine)
    project = find_project(store, "cat-van-220kv")
    household = next(h for h in households_seen_by(store, project.id, actor=ADMIN)
                     if h.code == "CV02")  # fmt: skip
    edit_household(store, household.id, household.version, {"phone": "0987654321"}, actor=ADMIN)
    follow(None)
    # the "replica" catches up with another edit of its own, past the same feed id
    edit_household(alone, household.id, household.version, {"phone": "0900000000"}, actor=ADMIN)
    edit_household(alone, household.id, household.version + 1, {"phone": "0900000001"},
                   actor=ADMIN)  # fmt: skip
    follow(mine)
    assert _phone(store, "CV02") == "0900000001"  # read from the replica: it has reached the id
