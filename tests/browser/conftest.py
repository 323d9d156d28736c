"""A real Streamlit server on a free port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from urllib.error import URLError

import pytest
from playwright.sync_api import Browser, Dialog, Page, Route, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from consultations.accounts.service import create_user
from consultations.backups.store import mark_restored
from consultations.core.access import Role, Scope, operator
from consultations.core.database import open_store
from consultations.projects.service import find_project
from tests.fixtures import sqlite_backup, sqlite_copy

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "mat-khau-thu-nghiem"
#: Users of the browser tests: an administrator, and field officers of Cát Văn and of another
#: commune (of the other demo project), as (project, commune) pairs.
USERS = [
    ("admin", Role.ADMIN, []),
    ("can-bo-cat-van", Role.FIELD_OFFICER, [("cat-van-220kv", "Cát Văn")]),
    ("can-bo-xa-khac", Role.FIELD_OFFICER, [("hung-nguyen-vsip", "Hưng Nguyên Nam")]),
]


def visit(page: Page, url: str, user: str = "admin", password: str = PASSWORD) -> None:
    """Open a page of the app as ``user``: each new page load is a new session, which signs in."""
    page.goto(url)
    page.get_by_label("Tên đăng nhập").fill(user)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text(f"Đăng nhập: {user}").wait_for(timeout=30_000)


def settled(page: Page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script (its "running" indicator is gone)."""
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=timeout)


def choose(page: Page, label: str, option: str, timeout: float = 30_000) -> None:
    """Pick ``option`` in the select box labelled ``label``.

    A rerun that is still drawing the page can close an open drop-down list, or draw the box again
    with its former value; the list is opened again until the box shows ``option`` and the rerun
    the choice started has finished, or ``timeout`` (ms) has passed.
    """
    box = page.locator('[data-testid="stSelectbox"]', has_text=label)
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            settled(page, timeout)
            expect(box).to_have_count(1, timeout=5_000)  # a rerun may draw it twice for a moment
            box.click()
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            expect(box.get_by_role("combobox")).to_have_value(option, timeout=5_000)
            settled(page, timeout)
            expect(box.get_by_role("combobox")).to_have_value(option, timeout=1_000)
            return
        except (PlaywrightError, AssertionError):  # a timeout, or a box drawn twice mid-rerun
            if time.monotonic() > deadline:
                raise
            page.keyboard.press("Escape")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class StandardApp(NamedTuple):
    """The server every module on the standard app shares: its URL, its database's file, and the
    file of the state each module begins with (the demo projects and the test users)."""

    url: str
    database: Path
    pristine: Path


def _start_app(url: str, folder: Path) -> Iterator[str]:
    """A Streamlit server on ``url``'s database and the worker beside it, as `make run` starts
    them (imports are done by the worker); yields the server's base URL, stops both after."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "CLEARWAY_VAR_DIR": str(folder)}
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
               "--server.port", str(port), "--server.headless", "true",
               "--server.address", "127.0.0.1"]  # fmt: skip
    log = (folder / "streamlit.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    worker = subprocess.Popen([sys.executable, "cli.py", "worker", "--poll", "0.3"], cwd=ROOT,
                              env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
            break
        except (URLError, ConnectionError):
            time.sleep(0.3)
    else:
        server.terminate()
        worker.terminate()
        log.close()
        pytest.fail(f"Streamlit did not start: {(folder / 'streamlit.log').read_text()}")
    yield base
    server.terminate()
    worker.terminate()
    server.wait(timeout=20)
    worker.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def standard_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandardApp]:
    """One server and worker for every module of the process that uses ``app_url``: starting them
    took 4.5-7.7 s a module. Each module's ``app_database`` brings the data back first."""
    folder = tmp_path_factory.mktemp("browser")
    pristine = Path(sqlite_copy("demo", folder, "pristine.sqlite").removeprefix("sqlite:///"))
    store = open_store(f"sqlite:///{pristine}")
    for name, role, scopes in USERS:
        create_user(store, name, PASSWORD, role, actor=operator("test"),
                    scopes=[Scope(find_project(store, slug).id, commune) for slug, commune in scopes])  # fmt: skip
    store.dispose()
    database = folder / "app.sqlite"
    sqlite_backup(pristine, database)
    for base in _start_app(f"sqlite:///{database}", folder):
        yield StandardApp(base, database, pristine)


def _wait_for_the_worker(database: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.closing(sqlite3.connect(database, timeout=60)) as conn:
            (busy,) = conn.execute(
                "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')"
            ).fetchone()
        if not busy:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"{busy} job(s) of the last module still unfinished after {timeout} s")
        time.sleep(0.3)


def reset_standard_app(app: StandardApp) -> None:
    """Bring the shared server's database back to the demo and the test users, then record it as
    a restore with a fresh token, as `cli.py restore` does: every cache of the app keys on that
    token (the store's epoch) with the change feed's counters, so no cache made on another
    module's data can answer, even where the counters come back to the same values. A job the
    worker has yet to finish is waited for first: written after the copy, it would change the
    next module's data."""
    _wait_for_the_worker(app.database)
    sqlite_backup(app.pristine, app.database)
    store = open_store(f"sqlite:///{app.database}")
    try:
        with store.begin() as conn:
            mark_restored(conn, "test", "demo")
    finally:
        store.dispose()


@pytest.fixture(scope="module")
def app_database(standard_app: StandardApp) -> str:
    """The URL of the database the module's app runs on: the demo projects and the test users,
    brought back to that at the start of each module."""
    reset_standard_app(standard_app)
    return f"sqlite:///{standard_app.database}"


@pytest.fixture(scope="module")
def app_url(standard_app: StandardApp, app_database: str) -> str:
    return standard_app.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


#: What a field officer's Android phone says it is (Chrome's own user agent string): Streamlit reads
#: it (a phone's menu closes once a page is chosen), and so do the map's touch handlers.
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def _local_page(
    browser: Browser, width: int, height: int, *, mobile: bool = False
) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="vi-VN",
        user_agent=PHONE_USER_AGENT if mobile else None,
        is_mobile=mobile,
        has_touch=mobile,
    )
    blocked: list[str] = []

    def only_local(route: Route) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.blocked_requests = blocked  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop page that may only talk to this machine: other requests are blocked and recorded."""
    yield from _local_page(browser, 1400, 1000)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """The same on a 360 × 740 Android phone: its user agent, touch and a phone's viewport."""
    yield from _local_page(browser, 360, 740, mobile=True)


@pytest.fixture
def offline(browser: Browser) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A page for files opened from disk: any other request is refused and recorded, and any dialog
    (an injected alert) is dismissed and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 850})
    requests: list[str] = []
    dialogs: list[str] = []

    def only_the_file(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    context.route("**/*", only_the_file)
    page = context.new_page()
    page.on("dialog", refuse)
    yield page, requests, dialogs
    context.close()


def withdraw_signed(page: Page) -> None:
    """Tick "the household withdraws its signed agreement", which the phone's status form asks
    before any other status is recorded for a household that signed (the demo's have, by now)."""
    box = page.get_by_text("Hộ rút lại thỏa thuận đã ký", exact=True)
    expect(box).to_have_count(1, timeout=10_000)
    box.click()
