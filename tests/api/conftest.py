"""The API served for real: uvicorn in a thread of the test process, on a free port, over the
test's store (SQLite and PostGIS), called over HTTP with the standard library."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn

from api.app import create_app
from api.limits import Buckets
from consultations.core.database import Store


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: Any


@dataclass
class Server:
    url: str
    buckets: Buckets

    def call(
        self, method: str, path: str, key: str | None = None, body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:  # fmt: skip
        sent = dict(headers or {})
        if key:
            sent["Authorization"] = f"Bearer {key}"
        data = None if body is None else json.dumps(body).encode()
        if data is not None:
            sent["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw, status, got = response.read(), response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            raw, status, got = error.read(), error.code, dict(error.headers)
        return Answer(status, {k.lower(): v for k, v in got.items()},
                      json.loads(raw) if raw else None)  # fmt: skip

    def get(self, path: str, key: str | None = None, **headers: str) -> Answer:
        return self.call(
            "GET", path, key, headers={k.replace("_", "-"): v for k, v in headers.items()}
        )


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(store: Store, per_minute: int = 10_000) -> Server:
        buckets = Buckets(per_minute=per_minute)
        config = uvicorn.Config(create_app(store, buckets), host="127.0.0.1", port=0,
                                log_level="warning", lifespan="off")  # fmt: skip
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "the API did not start"
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        servers.append((server, thread))
        return Server(f"http://127.0.0.1:{port}", buckets)

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)
