"""Webhooks: an outbox written with the change, deliveries signed, retried, listed with status,
received by a real local HTTP server."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from consultations.api_clients.model import ApiScope
from consultations.api_clients.service import create_client, revoke_client
from consultations.api_clients.webhooks import MOST_ATTEMPTS, deliver_due
from consultations.consent.service import record_consent
from consultations.core.access import operator
from consultations.core.errors import StaleEdit
from consultations.core.records import ConsentStatus
from consultations.core.store import Store
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project

ROOT = operator("cli:test")


class Receiver:
    """A consumer's endpoint: keeps what it receives; answers ``status`` (500: a failure)."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.server.shutdown()
    found.server.server_close()


def change_consent(store: Store) -> int:
    """Record a consent event; its id."""
    household = households_seen_by(store, find_project(store, "cat-van-220kv").id, actor=ROOT)[0]
    return record_consent(store, household.id, ConsentStatus.INFORMED, dt.date.today(),
                          seen_version=household.version, actor=ROOT, note="-").id or 0  # fmt: skip


def registered(store: Store, server: Any, receiver: Receiver) -> tuple[str, dict[str, Any]]:
    key = create_client(store, "lgsp", (ApiScope.READ_FIGURES,), actor=ROOT).key
    made = server.call("POST", "/api/v1/webhooks", key, {"url": receiver.url})
    assert made.status == 201 and made.body["secret"].startswith("whsec_")
    return key, made.body


def test_every_change_is_delivered_signed_and_listed(
    demo_store: Store, serve: Any, receiver: Receiver
) -> None:
    server = serve(demo_store)
    key, hook = registered(demo_store, server, receiver)
    consent_event = change_consent(demo_store)
    listed = server.get(f"/api/v1/webhooks/{hook['id']}/deliveries", key).body["deliveries"]
    assert [d["status"] for d in listed] == ["pending"]  # one change, one event (with its version)
    assert deliver_due(demo_store, actor=ROOT)["delivered"] == 1
    kinds = []
    for headers, body in receiver.received:
        expected = hmac.new(hook["secret"].encode(), body, hashlib.sha256).hexdigest()
        assert headers["x-clearway-signature"] == f"sha256={expected}"
        change = json.loads(body)["change"]
        kinds.append(change["kind"])
        assert "payload" not in change
    assert kinds == ["consent_event.create"]
    assert json.loads(receiver.received[0][1])["change"]["entity_id"] == consent_event
    listed = server.get(f"/api/v1/webhooks/{hook['id']}/deliveries", key).body["deliveries"]
    assert {d["status"] for d in listed} == {"delivered"}
    assert deliver_due(demo_store, actor=ROOT)["delivered"] == 0  # sent once


def test_a_refused_change_writes_no_delivery(
    demo_store: Store, serve: Any, receiver: Receiver
) -> None:
    server = serve(demo_store)
    key, hook = registered(demo_store, server, receiver)
    household = households_seen_by(demo_store, find_project(demo_store, "cat-van-220kv").id,
                                   actor=ROOT)[0]  # fmt: skip
    with pytest.raises(StaleEdit):
        record_consent(demo_store, household.id, ConsentStatus.INFORMED, dt.date.today(),
                       seen_version=household.version - 1, actor=ROOT, note="-")  # fmt: skip
    assert server.get(f"/api/v1/webhooks/{hook['id']}/deliveries", key).body["deliveries"] == []


def test_a_failed_delivery_is_retried_with_backoff_then_given_up(
    demo_store: Store, serve: Any, receiver: Receiver
) -> None:
    server = serve(demo_store)
    key, hook = registered(demo_store, server, receiver)
    change_consent(demo_store)
    receiver.status = 500
    now = dt.datetime.now(dt.UTC)
    assert deliver_due(demo_store, actor=ROOT, now=now)["retry"] == 1  # the consent's one event
    assert deliver_due(demo_store, actor=ROOT, now=now + dt.timedelta(seconds=30)) == {
        "delivered": 0, "retry": 0, "failed": 0, "skipped": 0}  # fmt: skip
    (first, *_rest) = server.get(f"/api/v1/webhooks/{hook['id']}/deliveries", key).body[
        "deliveries"
    ]
    assert first["attempts"] == 1 and "500" in first["last_error"]
    receiver.status = 200
    assert deliver_due(demo_store, actor=ROOT, now=now + dt.timedelta(minutes=2))["delivered"] == 1
    receiver.status = 500
    change_consent(demo_store)
    later = now
    for _attempt in range(MOST_ATTEMPTS):
        later += dt.timedelta(hours=7)
        counts = deliver_due(demo_store, actor=ROOT, now=later)
    assert counts["failed"] == 1


def test_a_revoked_clients_webhooks_receive_nothing_more(
    demo_store: Store, serve: Any, receiver: Receiver
) -> None:
    server = serve(demo_store)
    registered(demo_store, server, receiver)
    revoke_client(demo_store, "lgsp", actor=ROOT)
    change_consent(demo_store)
    assert deliver_due(demo_store, actor=ROOT)["delivered"] == 0
    assert receiver.received == []
