"""The API's commands as an operator runs them: a client created (its key printed once), listed,
revoked; the API served by ``cli.py serve-api`` in its own process and called with that key;
webhooks delivered by ``cli.py deliver-webhooks --once``; on SQLite and PostGIS.

The short commands run inside the test process (tests/cli_runner.py: the same exit code, stdout
and stderr as ``python cli.py``, without a fresh Python's seconds of imports each time). In a real
process: ``serve-api`` (a server, stopped by a signal, and the proof that ``python cli.py`` starts)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from consultations.api_clients.service import api_clients, key_digest
from consultations.core.access import operator
from consultations.core.store import Store
from tests.cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[2]


def cli(store: Store, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python cli.py ARGS`` on ``store``, run in this process (tests/cli_runner.py)."""
    env = {**os.environ, "DATABASE_URL": store.url, "CLEARWAY_VAR_DIR": str(tmp_path)}
    return run_cli(env, *args)


def call(url: str, key: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            json.loads(response.read())
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return int(error.code)
    except urllib.error.URLError:  # not listening yet
        return 0


def test_a_client_is_created_with_its_key_printed_once_then_listed_and_revoked(
    store: Store, tmp_path: Path
) -> None:
    made = cli(store, tmp_path, "api-client", "create", "--name", "lgsp", "--scope",
               "read:figures|read:households")  # fmt: skip
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip().splitlines()[-1]
    assert key.startswith("cw_") and "lgsp" in made.stdout
    (client,) = api_clients(store, actor=operator("cli:test"))
    assert client.role == "chair" and key not in repr(client)
    assert client.key_hint == key[:10] and len(key_digest(key)) == 64
    listed = cli(store, tmp_path, "api-client", "list")
    assert "lgsp" in listed.stdout and key not in listed.stdout and key[:10] in listed.stdout
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": store.url, "CLEARWAY_VAR_DIR": str(tmp_path)}
    server = subprocess.Popen([sys.executable, "cli.py", "serve-api", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/api/v1/projects"
        deadline = time.monotonic() + 60
        while (status := call(url, key)) == 0:
            assert time.monotonic() < deadline, "serve-api did not start"
            time.sleep(0.3)
        assert status == 200
        revoked = cli(store, tmp_path, "api-client", "revoke", "lgsp")
        assert revoked.returncode == 0 and "lgsp" in revoked.stdout
        assert call(url, key) == 401
    finally:
        server.terminate()
        server.communicate(timeout=20)
    delivered = cli(store, tmp_path, "deliver-webhooks", "--once")
    assert delivered.returncode == 0, delivered.stderr


def test_an_unknown_scope_is_a_sentence_with_exit_code_2(store: Store, tmp_path: Path) -> None:
    refused = cli(store, tmp_path, "api-client", "create", "--name", "lgsp", "--scope", "read:all")
    assert refused.returncode == 2 and "read:all" in refused.stderr
    assert "Quyền API không hợp lệ" in refused.stderr and "Traceback" not in refused.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
