"""Browser sessions end when they should: on every change of a user's password, role, scope or
status, and after the idle time by the server's clock (a reload does not reset it)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from consultations.accounts.service import create_user, set_access, set_password, sign_in
from consultations.accounts.sessions import (
    SESSION_MINUTES,
    TOUCH_EVERY,
    open_session,
    resume_session,
)
from consultations.accounts.staffing import ChairReach, assign_chair, assign_communes
from consultations.core.access import Role, Scope, operator
from consultations.core.database import LOCK_WAIT_S, Store
from consultations.core.records import NewProject, ProjectKind
from consultations.projects.service import create_project
from tests.locks import write_lock_held

ADMIN = operator("t")
PASSWORD = "mat-khau-du-dai"
T0 = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)
IDLE = dt.timedelta(minutes=SESSION_MINUTES)


def _project(store: Store, slug: str = "duong") -> int:
    new = NewProject(slug, "Đường tỉnh", ProjectKind.ROAD, 9208, province="Tỉnh Nghệ An",
                     units=(("commune", "Xã Nam Đàn"), ("commune", "Vinh Hưng")))  # fmt: skip
    return create_project(store, new, actor=ADMIN).id


def _tokens(store: Store, username: str, n: int = 2) -> list[str]:
    """``n`` sessions of one user: this browser and a copy of its cookie elsewhere."""
    actor = sign_in(store, username, PASSWORD)
    return [open_session(store, actor=actor) for _ in range(n)]


def _open(store: Store, tokens: list[str]) -> list[bool]:
    return [resume_session(store, token) is not None for token in tokens]


@pytest.fixture
def viewer(store: Store) -> Store:
    create_user(store, "an", PASSWORD, Role.VIEWER, actor=ADMIN)
    return store


def test_a_copied_cookie_is_refused_after_an_administrator_resets_the_password(
    viewer: Store,
) -> None:
    tokens = _tokens(viewer, "an")
    assert _open(viewer, tokens) == [True, True]
    set_password(viewer, "an", "mat-khau-moi-dai", actor=ADMIN)
    assert _open(viewer, tokens) == [False, False]


def test_changing_ones_own_password_keeps_this_session_and_ends_the_others(viewer: Store) -> None:
    this, copied = _tokens(viewer, "an")
    actor = resume_session(viewer, this)
    assert actor is not None
    set_password(viewer, "an", "mat-khau-moi-dai", actor=actor, keep_session=this)
    assert _open(viewer, [this, copied]) == [True, False]


@pytest.mark.parametrize(
    ("change", "role", "active"),
    [("role", Role.CHAIR, True), ("status", Role.VIEWER, False)],
)
def test_a_change_of_role_or_status_ends_the_users_sessions(
    viewer: Store, change: str, role: Role, active: bool
) -> None:
    tokens = _tokens(viewer, "an")
    set_access(viewer, "an", role=role, scopes=[], active=active, actor=ADMIN)
    assert _open(viewer, tokens) == [False, False], change


def test_disabling_then_enabling_an_account_does_not_revive_its_old_tokens(viewer: Store) -> None:
    tokens = _tokens(viewer, "an")
    set_access(viewer, "an", role=Role.VIEWER, scopes=[], active=False, actor=ADMIN)
    set_access(viewer, "an", role=Role.VIEWER, scopes=[], active=True, actor=ADMIN)
    assert _open(viewer, tokens) == [False, False]
    assert _open(viewer, _tokens(viewer, "an", 1)) == [True]  # a new sign-in works


def test_saving_a_users_access_unchanged_leaves_their_sessions_alone(viewer: Store) -> None:
    tokens = _tokens(viewer, "an")
    set_access(viewer, "an", role=Role.VIEWER, scopes=[], active=True, actor=ADMIN)
    assert _open(viewer, tokens) == [True, True]


def test_a_change_of_an_officers_communes_on_the_users_page_ends_their_sessions(
    store: Store,
) -> None:
    project = _project(store)
    create_user(store, "lan", PASSWORD, Role.FIELD_OFFICER, actor=ADMIN,
                scopes=[Scope(project, "Nam Đàn")])  # fmt: skip
    tokens = _tokens(store, "lan")
    set_access(store, "lan", role=Role.FIELD_OFFICER, scopes=[Scope(project, "Vinh Hưng")],
               active=True, actor=ADMIN)  # fmt: skip
    assert _open(store, tokens) == [False, False]


def test_staffing_an_officer_in_another_commune_ends_their_sessions(store: Store) -> None:
    project = _project(store)
    create_user(store, "lan", PASSWORD, Role.FIELD_OFFICER, actor=ADMIN,
                scopes=[Scope(project, "Nam Đàn")])  # fmt: skip
    tokens = _tokens(store, "lan")
    assign_communes(store, "lan", project, ["Nam Đàn"], seen=("Nam Đàn",), actor=ADMIN)
    assert _open(store, tokens) == [True, True]  # the same communes: nothing changed
    assign_communes(store, "lan", project, ["Nam Đàn", "Vinh Hưng"], seen=("Nam Đàn",),
                    actor=ADMIN)  # fmt: skip
    assert _open(store, tokens) == [False, False]


def test_giving_a_chair_a_project_ends_their_sessions(store: Store) -> None:
    first, second = _project(store), _project(store, "duong-2")
    create_user(store, "binh", PASSWORD, Role.CHAIR, actor=ADMIN, scopes=[Scope(first)])
    tokens = _tokens(store, "binh")
    assign_chair(store, "binh", second, ChairReach.HERE, seen=(first,), actor=ADMIN)
    assert _open(store, tokens) == [False, False]


def test_a_reload_after_the_idle_time_is_refused_by_the_servers_clock(viewer: Store) -> None:
    actor = sign_in(viewer, "an", PASSWORD)
    token = open_session(viewer, actor=actor, now=T0)  # the cookie a reload sends back
    assert resume_session(viewer, token, now=T0 + IDLE - dt.timedelta(seconds=1)) is not None
    assert resume_session(viewer, token, now=T0 + 2 * IDLE) is None
    later = open_session(viewer, actor=actor, now=T0)
    assert resume_session(viewer, later, now=T0 + IDLE + dt.timedelta(seconds=1)) is None


def test_activity_within_the_idle_time_keeps_a_session_alive(viewer: Store) -> None:
    token = open_session(viewer, actor=sign_in(viewer, "an", PASSWORD), now=T0)
    step = IDLE * 3 / 5  # two pages 4.8 hours apart: 9.6 hours in all, inside the 12-hour life
    assert resume_session(viewer, token, now=T0 + step) is not None
    assert resume_session(viewer, token, now=T0 + 2 * step) is not None  # longer than IDLE in all


def test_the_idle_clock_is_written_at_most_once_a_minute(viewer: Store) -> None:
    token = open_session(viewer, actor=sign_in(viewer, "an", PASSWORD), now=T0)
    soon = T0 + TOUCH_EVERY - dt.timedelta(seconds=1)
    assert resume_session(viewer, token, now=soon) is not None  # a read: nothing written
    assert resume_session(viewer, token, now=T0 + IDLE + dt.timedelta(seconds=1)) is None


def test_a_session_resumes_at_once_while_an_import_holds_the_store(viewer: Store) -> None:
    """The activity write waits for nobody: skipped while the store is busy, written later."""
    token = open_session(viewer, actor=sign_in(viewer, "an", PASSWORD), now=T0)
    later = T0 + dt.timedelta(minutes=5)
    with write_lock_held(viewer, "sessions"):
        started = time.monotonic()
        assert resume_session(viewer, token, now=later) is not None
        waited_s = time.monotonic() - started
    assert waited_s < LOCK_WAIT_S / 2
    assert resume_session(viewer, token, now=later) is not None  # the store free: written now
    assert resume_session(viewer, token, now=later + IDLE - dt.timedelta(seconds=1)) is not None
