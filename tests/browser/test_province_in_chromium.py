"""A province deployment in Chromium: two app servers and the jobs worker on one PostGIS database
through PgBouncer in transaction mode, behind HAProxy, started by ``deploy/serve_province.py`` as
``make serve-province PGBOUNCER=…`` starts them.

A layer is uploaded through the proxy and imported by the worker while another official reads on
the other server. A browser signs in through the proxy, records a consent on one server; a browser
held on the other server sees it; the first server is killed and its browser goes on, still signed
in, on the other. Every app server still up and the worker are then shown to reach PostgreSQL only
through PgBouncer: their ``DATABASE_URL`` names it, their open TCP connections go to it and none to
PostgreSQL, and every PostgreSQL backend on the province's database is one PgBouncer opened.

PgBouncer passes no startup ``options`` (the schema the other PostGIS tests give each test through
the URL), so the province gets a database of its own, the demo in its ``public`` schema, dropped
afterwards.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.error import URLError

import psycopg
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy.engine import make_url

from consultations.accounts.service import create_user
from consultations.core.access import Role, Scope, operator
from consultations.core.store import open_store
from consultations.projects.service import find_project
from tests.browser.conftest import PASSWORD, choose, free_port, settled, visit, withdraw_signed
from tests.fixtures import drop_database, postgis_database

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "parcels" / "cat-van-220kv"
CAT_VAN = "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn"

pytestmark = pytest.mark.xdist_group("province")


class Province:
    """The running deployment: HAProxy's address, each process's id, PgBouncer's port and the
    database (its name and its own URL, PostgreSQL's address, not PgBouncer's)."""

    def __init__(self, url: str, run_dir: Path, pgbouncer: int, database_url: str) -> None:
        self.url = url
        self.run_dir = run_dir
        self.pgbouncer = pgbouncer
        self.database_url = database_url

    def processes(self) -> dict[str, dict[str, int]]:
        processes: dict[str, dict[str, int]] = json.loads(
            (self.run_dir / "processes.json").read_text()
        )
        return processes

    def kill(self, server: str) -> None:
        """The server's process ends at once, as a crash or a pulled plug would end it."""
        os.kill(self.processes()["pids"][server], signal.SIGKILL)


def _wait(url: str, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return True
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    return False


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Province]:
    from tests.conftest import _POSTGIS_MISSING

    if _POSTGIS_MISSING:
        pytest.skip(_POSTGIS_MISSING)
    database = f"province_{uuid.uuid4().hex[:12]}"
    url = postgis_database("demo", database)
    try:
        store = open_store(url)
        cat_van = find_project(store, "cat-van-220kv").id
        create_user(store, "admin", PASSWORD, Role.ADMIN, actor=operator("test"))
        create_user(store, "can-bo-cat-van", PASSWORD, Role.FIELD_OFFICER, actor=operator("test"),
                    scopes=[Scope(cat_van, "Cát Văn")])  # fmt: skip
        store.dispose()
        run_dir = tmp_path_factory.mktemp("province")
        port = free_port()
        first = free_port()
        bouncer = free_port()
        env = {**os.environ, "DATABASE_URL": url, "CLEARWAY_VAR_DIR": str(run_dir)}
        log = (run_dir / "province.log").open("w")
        launcher = subprocess.Popen(
            [sys.executable, "deploy/serve_province.py", "--replicas", "2", "--port", str(port),
             "--first-port", str(first), "--bind", "127.0.0.1", "--run-dir", str(run_dir),
             "--pgbouncer", str(bouncer)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        if not _wait(f"{base}/_stcore/health", 120):
            os.killpg(launcher.pid, signal.SIGKILL)
            log.close()
            pytest.fail(f"the province did not start: {(run_dir / 'province.log').read_text()}")
        yield Province(base, run_dir, bouncer, url)
        launcher.terminate()
        try:
            launcher.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
        log.close()
    finally:
        drop_database(database)


def _context(browser: Browser) -> BrowserContext:
    return browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")


def _server_of(page: Page) -> str:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies["CLEARWAY_SERVER"]


def _remembered(page: Page) -> None:
    """Until the page has written the session's cookie (it does once it has drawn)."""
    for _attempt in range(60):
        if any(c["name"] == "clearway_session" for c in page.context.cookies()):
            return
        page.wait_for_timeout(500)
    raise AssertionError("the session's cookie was never written")


def _open_household(page: Page, code: str) -> None:
    # A rerun drawing the page can show the old title beside the new one for a moment.
    expect(page.get_by_role("heading", name="Cập nhật thực địa").first).to_be_visible(
        timeout=30_000
    )
    settled(page)
    choose(page, "Dự án", CAT_VAN)
    search = page.get_by_label("Tìm hộ: tên, mã hộ hoặc tờ/thửa")
    if search.input_value():  # a search already shown: emptied first, so the page runs again
        search.fill("")
        search.press("Enter")
        settled(page)
    search.fill(code)
    search.press("Enter")
    page.get_by_text(f"{code} · ").first.click()
    settled(page)


def test_a_layer_uploaded_through_the_proxy_is_imported_by_the_worker_while_another_user_reads(
    browser: Browser, province: Province
) -> None:
    importer = _context(browser).new_page()
    visit(importer, f"{province.url}/import_layer", user="admin")
    server = _server_of(importer)
    reader_context = _context(browser)
    reader_context.add_cookies([{"name": "CLEARWAY_SERVER", "url": province.url,
                                 "value": "app2" if server == "app1" else "app1"}])  # fmt: skip
    reader = reader_context.new_page()
    visit(reader, f"{province.url}/households", user="can-bo-cat-van")

    choose(importer, "Dự án", CAT_VAN)
    importer.locator('input[type="file"]').set_input_files(str(DEMO / "thua_dat.zip"))
    expect(importer.get_by_role("heading", name="Kiểm tra trước khi lưu")).to_be_visible(
        timeout=60_000
    )
    save = importer.get_by_role("button", name="Lưu vào dự án")
    expect(save).to_be_enabled(timeout=30_000)
    save.click()
    expect(importer.get_by_text("Lần nhập số", exact=False).first).to_be_visible(timeout=30_000)

    # the other official reads on while the worker imports
    choose(reader, "Dự án", CAT_VAN)
    expect(reader.get_by_text("15 hộ")).to_be_visible(timeout=20_000)

    expect(importer.get_by_text("Đã lưu. Đã tính lại các thửa bị ảnh hưởng.")).to_be_visible(
        timeout=90_000
    )
    reader_context.close()
    importer.context.close()


def test_a_save_on_one_server_is_seen_on_the_other_and_a_killed_server_loses_no_one(
    browser: Browser, province: Province
) -> None:
    first = _context(browser).new_page()
    visit(first, f"{province.url}/field_update", user="can-bo-cat-van")
    _remembered(first)
    server = _server_of(first)
    other = "app2" if server == "app1" else "app1"

    # a second official, held on the other server by HAProxy's cookie
    second_context = _context(browser)
    second_context.add_cookies([{"name": "CLEARWAY_SERVER", "value": other,
                                 "url": province.url}])  # fmt: skip
    second = second_context.new_page()
    visit(second, f"{province.url}/field_update", user="admin")
    assert _server_of(second) == other
    _open_household(second, "CV08")
    expect(second.get_by_text("Hiện tại: Đã đồng thuận", exact=False)).to_be_visible()

    _open_household(first, "CV08")
    first.get_by_text("Còn băn khoăn", exact=True).click()
    first.get_by_label("Ghi chú").fill("hỏi lại về giá")
    withdraw_signed(first)
    first.get_by_role("button", name="Lưu trạng thái").click()
    expect(first.get_by_text("Đã lưu: hộ CV08 hiện là “Còn băn khoăn”.").first).to_be_visible(
        timeout=20_000
    )

    _open_household(second, "CV08")  # the next run on the other server reads the save
    expect(second.get_by_text("Hiện tại: Còn băn khoăn", exact=False)).to_be_visible(timeout=20_000)

    province.kill(server)
    # The first browser's websocket breaks; it connects again, without a reload, and HAProxy sends
    # it to the other server (and says so in its cookie), which signs it in from the session cookie.
    for _attempt in range(120):
        if _server_of(first) == other:
            break
        first.wait_for_timeout(500)
    assert _server_of(first) == other
    search = first.get_by_label("Tìm hộ: tên, mã hộ hoặc tờ/thửa")
    search.fill("")
    search.press("Enter")  # the first run on the other server says what was lost with the first
    expect(first.get_by_text("Đã đăng nhập lại", exact=False)).to_be_visible(timeout=30_000)
    _open_household(first, "CV08")
    expect(first.get_by_text("Đăng nhập: can-bo-cat-van")).to_be_visible(timeout=30_000)
    expect(first.get_by_text("Hiện tại: Còn băn khoăn", exact=False)).to_be_visible(timeout=20_000)
    first.reload()  # and a reload too lands on the server still up, signed in
    expect(first.get_by_text("Đăng nhập: can-bo-cat-van")).to_be_visible(timeout=60_000)
    second_context.close()
    first.context.close()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _environment(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
    return dict(pair.split("=", 1) for pair in pairs if "=" in pair)


def _tcp_connections(pid: int) -> set[tuple[int, int]]:
    """(local port, remote port) of each established TCP connection the process ``pid`` holds open,
    from Linux's ``/proc``: its sockets' inodes, looked up in the TCP tables."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target.removeprefix("socket:[").removesuffix("]"))
    found = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "01" and fields[9] in inodes:  # 01: ESTABLISHED
                local, remote = (int(address.rsplit(":", 1)[1], 16) for address in fields[1:3])
                found.add((local, remote))
    return found


def test_the_servers_and_the_worker_reach_postgresql_only_through_pgbouncer_in_transaction_mode(
    browser: Browser, province: Province
) -> None:
    pids = province.processes()["pids"]
    servers = [name for name in ("app1", "app2") if _alive(pids[name])]
    assert servers and _alive(pids["worker1"]) and _alive(pids["pgbouncer"])
    for server in servers:  # each server still up serves a signed-in page, whatever ran before
        context = _context(browser)
        context.add_cookies([{"name": "CLEARWAY_SERVER", "value": server,
                              "url": province.url}])  # fmt: skip
        page = context.new_page()
        visit(page, f"{province.url}/households", user="can-bo-cat-van")
        choose(page, "Dự án", CAT_VAN)  # the project list, read from the database
        assert _server_of(page) == server
        context.close()

    postgres = make_url(province.database_url)
    database, postgres_port = postgres.database, postgres.port or 5432
    ini = (province.run_dir / "pgbouncer.ini").read_text()
    assert "pool_mode = transaction" in ini
    assert f"{database} = host=" in ini and f"dbname={database}" in ini
    assert f"listen_port = {province.pgbouncer}" in ini
    for name in [*servers, "worker1"]:
        environment = _environment(pids[name])
        assert make_url(environment["DATABASE_URL"]).port == province.pgbouncer, name
        assert make_url(environment["DATABASE_URL"]).database == database, name
        assert environment["CLEARWAY_PGBOUNCER"] == "1", name
        peers = {remote for _local, remote in _tcp_connections(pids[name])}
        assert province.pgbouncer in peers, f"{name} holds no connection to PgBouncer"
        assert postgres_port not in peers, f"{name} holds a connection to PostgreSQL itself"

    with psycopg.connect(province.database_url.replace("+psycopg", "")) as conn:
        backends = {row[0] for row in conn.execute(
            "SELECT client_port FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND backend_type = 'client backend'").fetchall()}  # fmt: skip
    # read after PostgreSQL's side: a connection PgBouncer opens in between is only one more here
    bouncer = {local for local, remote in _tcp_connections(pids["pgbouncer"])
               if remote == postgres_port}  # fmt: skip
    assert backends, "no connection on the province's database"
    assert backends <= bouncer, f"backends not opened by PgBouncer: {backends - bouncer}"
