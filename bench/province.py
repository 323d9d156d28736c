"""Benchmark: simulated officials against 1, 2, … app servers behind HAProxy on one PostGIS database.

For each server count it starts the province as ``make serve-province`` does (``deploy/serve_province.py``:
the app servers, the worker, HAProxy) on a fresh copy of the demo projects, signs ``--users``
officials in (a session each, as after the sign-in form), and has each of them, through HAProxy's
address and over Streamlit's own websocket protocol, open pages in turn (the household list, the
week, the overview, the consent map) with a think time between, for ``--seconds``. A page's time
is from asking for the run to the server's "script finished". It prints p50 and p95 per server
count and per server, and one JSON line. Numbers are printed, never asserted.

Run: .venv/bin/python bench/province.py [--servers 1,2] [--users 20] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.error import URLError

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.typing import Subprotocol

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from consultations.accounts.service import create_user  # noqa: E402
from consultations.accounts.sessions import open_session  # noqa: E402
from consultations.core.access import Actor, Role, operator  # noqa: E402
from tests.fixtures import drop_schema, postgis_copy, postgis_url  # noqa: E402

PAGES = ["households", "week", "overview", "consent_map"]
PASSWORD = "mat-khau-do-tai"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    return {
        "n": len(values),
        "p50 ms": round(statistics.median(ordered) * 1000),
        "p95 ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000),
    }


async def page_run(ws: websockets.ClientConnection, page: str) -> float:
    """Ask for one run of ``page``; seconds until the server says the script finished."""
    ask = BackMsg()
    ask.rerun_script.page_name = page
    ask.rerun_script.query_string = ""
    started = time.monotonic()
    await ws.send(ask.SerializeToString())
    while True:
        message = ForwardMsg.FromString(await asyncio.wait_for(ws.recv(), 120))
        if message.WhichOneof("type") == "script_finished":
            return time.monotonic() - started


async def official(url: str, token: str, seconds: float, times: list[tuple[str, float]]) -> None:
    """One official: a websocket through HAProxy, every page once untimed (a server's first run of
    a page imports its libraries), then pages in turn with a think time, for ``seconds``."""
    async with websockets.connect(
        url, subprotocols=[Subprotocol("streamlit")], additional_headers={"Cookie": f"clearway_session={token}"},
        max_size=None, open_timeout=60,
    ) as ws:  # fmt: skip
        cookie = ws.response.headers.get("Set-Cookie", "") if ws.response else ""
        server = cookie.split("CLEARWAY_SERVER=")[-1].split(";")[0] if cookie else "?"
        for page in PAGES:
            await page_run(ws, page)
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            times.append((server, await page_run(ws, random.choice(PAGES))))
            await asyncio.sleep(random.uniform(0.5, 1.5))  # reading the page


def run(servers: int, users: int, seconds: float, folder: Path) -> dict[str, object]:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    store = postgis_copy("demo", schema)
    tokens = []
    for n in range(users):
        name = f"can-bo-{n}"
        user_id = create_user(store, name, PASSWORD, Role.ADMIN, actor=operator("bench"))
        tokens.append(open_session(store, actor=Actor(name, Role.ADMIN, (), user_id)))
    store.dispose()
    port = free_port()
    run_dir = folder / f"servers-{servers}"
    env = {**os.environ, "DATABASE_URL": postgis_url(schema), "CLEARWAY_VAR_DIR": str(run_dir)}
    log = (folder / f"province-{servers}.log").open("w")
    launcher = subprocess.Popen(
        [sys.executable, "deploy/serve_province.py", "--replicas", str(servers), "--port", str(port),
         "--first-port", str(free_port()), "--bind", "127.0.0.1", "--run-dir", str(run_dir)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except (URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        times: list[tuple[str, float]] = []

        async def everyone() -> None:
            url = f"ws://127.0.0.1:{port}/_stcore/stream"
            await asyncio.gather(*(official(url, t, seconds, times) for t in tokens))

        asyncio.run(everyone())
    finally:
        os.killpg(launcher.pid, signal.SIGTERM)
        launcher.wait(timeout=60)
        log.close()
        drop_schema(schema)
    by_server = {
        s: percentiles([t for who, t in times if who == s]) for s in sorted({w for w, _ in times})
    }
    return {"servers": servers, "users": users, **percentiles([t for _, t in times]),
            "per server": by_server}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", default="1,2", help="server counts to measure (default 1,2)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="clearway-province-") as folder:
        for servers in [int(n) for n in args.servers.split(",")]:
            result = run(servers, args.users, args.seconds, Path(folder))
            results.append(result)
            print(f"{servers} server(s), {args.users} officials: p50 {result.get('p50 ms')} ms, "
                  f"p95 {result.get('p95 ms')} ms over {result['n']} pages; per server "
                  f"{result['per server']}", flush=True)  # fmt: skip
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
