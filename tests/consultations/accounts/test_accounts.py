"""Accounts: hashed passwords, sign-in, the lockout after repeated failures, the first admin."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from consultations.accounts.service import (
    LOCK_MINUTES,
    MAX_FAILURES,
    create_user,
    first_admin,
    set_access,
    set_password,
    sign_in,
    sign_in_sso,
)
from consultations.accounts.store import user_row
from consultations.audit.store import audit_rows
from consultations.core.access import Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import DuplicateRecord, InvalidRecord, SignInFailed
from consultations.projects.service import find_project

PASSWORD = "mot-mat-khau-dai"


def test_a_password_is_stored_only_as_an_argon2_hash(store: Store) -> None:
    create_user(store, "lan", PASSWORD, Role.CHAIR, actor=operator("t"))
    with store.read() as conn:
        row = user_row(conn, "lan")
    assert row is not None and PASSWORD not in row["password_hash"]
    assert row["password_hash"].startswith("$argon2id$")
    # One lane: a hash takes one core, so the hashing slots (half the cores) leave the rest free.
    assert ",p=1$" in row["password_hash"]
    actor = sign_in(store, "lan", PASSWORD)
    assert (actor.username, actor.role) == ("lan", Role.CHAIR)


def test_wrong_passwords_lock_the_account_then_the_lock_lifts(store: Store) -> None:
    create_user(store, "minh", PASSWORD, Role.VIEWER, actor=operator("t"))
    now = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
    for _attempt in range(MAX_FAILURES - 1):
        with pytest.raises(SignInFailed, match="Sai tên đăng nhập hoặc mật khẩu"):
            sign_in(store, "minh", "sai-mat-khau", now=now)
    with pytest.raises(SignInFailed, match="bị khóa"):
        sign_in(store, "minh", "sai-mat-khau", now=now)
    with pytest.raises(SignInFailed, match="bị khóa"):  # even the right password, while locked
        sign_in(store, "minh", PASSWORD, now=now + dt.timedelta(minutes=1))
    later = now + dt.timedelta(minutes=LOCK_MINUTES + 1)
    assert sign_in(store, "minh", PASSWORD, now=later).username == "minh"


def test_an_administrator_lifts_a_lock_by_setting_a_new_password(store: Store) -> None:
    create_user(store, "hoa", PASSWORD, Role.VIEWER, actor=operator("t"))
    now = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
    for _attempt in range(MAX_FAILURES):
        with pytest.raises(SignInFailed):
            sign_in(store, "hoa", "sai", now=now)
    set_password(store, "hoa", "mat-khau-moi-1", actor=operator("t"))
    assert sign_in(store, "hoa", "mat-khau-moi-1", now=now).role is Role.VIEWER


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(store: Store) -> None:
    with pytest.raises(SignInFailed, match="Sai tên đăng nhập hoặc mật khẩu"):
        sign_in(store, "khong-co", PASSWORD)


def test_names_are_unique_and_passwords_long_enough(store: Store) -> None:
    create_user(store, "an", PASSWORD, Role.VIEWER, actor=operator("t"))
    with pytest.raises(DuplicateRecord):
        create_user(store, "an", PASSWORD, Role.VIEWER, actor=operator("t"))
    with pytest.raises(InvalidRecord, match="ít nhất 10"):
        create_user(store, "binh", "ngan", Role.VIEWER, actor=operator("t"))


def test_the_first_admin_is_made_once(store: Store) -> None:
    password = first_admin(store)
    assert password and len(password) >= 12
    assert sign_in(store, "admin", password).role is Role.ADMIN
    assert first_admin(store) is None


def test_a_single_sign_on_brings_the_clearway_role_of_that_email_in_any_letter_case(
    demo_store: Store,
) -> None:
    store, cat_van = demo_store, find_project(demo_store, "cat-van-220kv").id
    create_user(store, "lan@nghean.gov.vn", PASSWORD, Role.FIELD_OFFICER, actor=operator("t"),
                scopes=[Scope(cat_van, "Cát Văn")])  # fmt: skip
    actor = sign_in_sso(store, "Lan@NgheAn.gov.vn")
    assert (actor.username, actor.role) == ("lan@nghean.gov.vn", Role.FIELD_OFFICER)
    assert actor.scopes == (Scope(cat_van, "Cát Văn"),)
    with store.read() as conn:
        latest = audit_rows(conn, actor="lan@nghean.gov.vn")[0]  # newest first
    assert (latest["action"], latest["after"]) == ("sign_in", {"method": "single sign-on"})


def test_a_single_sign_on_without_an_active_clearway_account_is_refused(store: Store) -> None:
    with pytest.raises(
        SignInFailed, match=re.escape("Không có tài khoản Clearway cho minh@nghean")
    ):
        sign_in_sso(store, "minh@nghean.gov.vn")
    with pytest.raises(SignInFailed, match="không cho biết địa chỉ e-mail"):
        sign_in_sso(store, None)
    create_user(store, "minh@nghean.gov.vn", PASSWORD, Role.CHAIR, actor=operator("t"))
    set_access(
        store, "minh@nghean.gov.vn", role=Role.CHAIR, scopes=[], active=False, actor=operator("t")
    )
    with pytest.raises(SignInFailed, match="vô hiệu hóa"):
        sign_in_sso(store, "minh@nghean.gov.vn")


def test_a_field_officer_needs_a_commune_that_exists_in_the_project(demo_store: Store) -> None:
    cat_van = find_project(demo_store, "cat-van-220kv").id
    with pytest.raises(InvalidRecord, match="ít nhất một dự án"):
        create_user(demo_store, "an", PASSWORD, Role.FIELD_OFFICER, actor=operator("t"))
    with pytest.raises(InvalidRecord, match=r"Thanh Hà.*Cát Văn"):
        create_user(demo_store, "an", PASSWORD, Role.FIELD_OFFICER, actor=operator("t"),
                    scopes=[Scope(cat_van, "Thanh Hà")])  # fmt: skip
    create_user(demo_store, "an", PASSWORD, Role.FIELD_OFFICER, actor=operator("t"),
                scopes=[Scope(cat_van, "Cát Văn")])  # fmt: skip


def test_concurrent_wrong_passwords_lock_the_account_at_the_limit(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forty wrong passwords at once: at most MAX_FAILURES are ever checked, then the account is
    locked and the right password is refused too (on SQLite and PostgreSQL)."""
    from concurrent.futures import ThreadPoolExecutor

    import consultations.accounts.service as accounts

    checked: list[str] = []
    real = accounts._HASHER

    class Counting:
        def verify(self, password_hash: str, password: str) -> bool:
            checked.append(password)
            return bool(real.verify(password_hash, password))

        def hash(self, password: str) -> str:
            return real.hash(password)

    create_user(store, "lan", PASSWORD, Role.VIEWER, actor=operator("t"))
    monkeypatch.setattr(accounts, "_HASHER", Counting())

    def attempt(i: int) -> str:
        try:
            sign_in(store, "lan", f"sai-mat-khau-{i}")
        except SignInFailed as refused:
            return str(refused)
        return "in"

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(attempt, range(40)))
    assert "in" not in answers
    assert len(checked) <= MAX_FAILURES
    with pytest.raises(SignInFailed, match="bị khóa"):
        sign_in(store, "lan", PASSWORD)
    assert len(checked) <= MAX_FAILURES  # the right password was not even checked


def test_a_sign_in_flood_does_not_hold_up_a_reader(demo_store: Store) -> None:
    """Unknown names signing in over and over: their hashing holds no connection or lock, so a
    person reading the record is answered at once (each read well under a second)."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from consultations.reporting.state import project_figures

    stop = threading.Event()

    def flood(i: int) -> None:
        while not stop.is_set():
            with pytest.raises(SignInFailed):
                sign_in(demo_store, f"khong-co-{i}", "mat-khau-bat-ky")

    project = find_project(demo_store, "cat-van-220kv")
    with ThreadPoolExecutor(12) as pool:
        for i in range(10):
            pool.submit(flood, i)
        slowest = 0.0
        for _read in range(10):
            started = time.monotonic()
            project_figures(demo_store, project)
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.05)
        stop.set()
    assert slowest < 1.0, f"a read took {slowest:.2f} s during the flood"
