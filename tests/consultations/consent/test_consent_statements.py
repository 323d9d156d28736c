"""A consent saved from the phone is one unit of work: the household read once, the closed project
checked once, one audit row and one event, in fewer statements than the 15 it once took."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from consultations.audit.store import latest_audit_id
from consultations.consent.service import record_consent
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.audit import audit_rows_of
from consultations.core.database import Store
from consultations.core.events import Entity
from consultations.core.records import ConsentStatus, Household
from consultations.core.scopes import project_household_communes
from consultations.core.unit import Unit
from consultations.households.store import households_of
from consultations.projects.service import find_project
from translations import local_today

SLUG = "hung-nguyen-vsip"


@contextmanager
def statements_of(store: Store) -> Iterator[list[str]]:
    """Every statement the store's engines (writer and reader) send while inside."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()))

    engines = [e for e in (store.engine, store.reader) if e is not None]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", count)


def _officer_and_household(store: Store) -> tuple[Actor, Household]:
    project = find_project(store, SLUG)
    with store.read() as conn:
        communes = project_household_communes(conn, project.id)
        households = households_of(conn, project.id)
    household = next(h for h in households if len(communes.get(h.id, set())) == 1)
    commune = next(iter(communes[household.id]))
    return Actor("lan", Role.FIELD_OFFICER, (Scope(project.id, commune),)), household


def _matching(statements: list[str], pattern: str) -> list[str]:
    return [s for s in statements if re.search(pattern, s, re.IGNORECASE)]


def test_a_consent_saved_from_the_phone_reads_and_writes_each_thing_once(
    demo_store: Store,
) -> None:
    officer, household = _officer_and_household(demo_store)
    with statements_of(demo_store) as statements:
        saved = record_consent(
            demo_store, household.id, ConsentStatus.CONCERNS, local_today(), note="lo giá",
            seen_version=household.version, actor=officer, key=uuid.uuid4().hex,
        )  # fmt: skip
    assert saved.recorded_by == "lan" and saved.status is ConsentStatus.CONCERNS
    household_reads = _matching(statements, r"^SELECT .*\bhouseholds\b")
    assert len(household_reads) == 1, household_reads
    closed_checks = _matching(statements, r"^SELECT .*\bclosed_at\b")
    assert len(closed_checks) == 1, closed_checks
    assert len(_matching(statements, r"^INSERT INTO audit_log\b")) == 1, statements
    assert len(_matching(statements, r"^INSERT INTO events\b")) == 1, statements
    assert len(statements) < 15, statements


def test_the_one_audit_row_names_the_household_version_the_consent_made(
    demo_store: Store,
) -> None:
    officer, household = _officer_and_household(demo_store)
    saved = record_consent(
        demo_store, household.id, ConsentStatus.INFORMED, local_today(),
        seen_version=household.version, actor=officer,
    )  # fmt: skip
    with demo_store.read() as conn:
        rows = audit_rows_of(conn, entity=Entity.CONSENT_EVENT, entity_id=saved.id or 0)
        of_household = audit_rows_of(conn, entity=Entity.HOUSEHOLD, entity_id=household.id)
    assert [(r.actor, r.action) for r in rows] == [("lan", "create")]
    assert rows[0].after["version"] == household.version + 1
    assert rows[0].after["status"] == "informed"
    assert [r for r in of_household if r.id > rows[0].id] == []  # no second row for the bump


def test_a_unit_of_work_takes_an_actor_never_a_name(store: Store) -> None:
    with store.read() as conn, pytest.raises(TypeError, match="Actor"):
        Unit(conn, "lan")  # type: ignore[arg-type]


def test_a_change_audited_twice_in_one_command_is_a_bug(store: Store) -> None:
    before = None
    with store.begin() as conn:
        before = latest_audit_id(conn)
        unit = Unit(conn, operator("t"))
        unit.audit(Entity.STORE, None, "backup", project_id=None)
        with pytest.raises(RuntimeError, match="audited twice"):
            unit.audit(Entity.STORE, None, "backup", project_id=None)
        assert latest_audit_id(conn) == (before or 0) + 1
