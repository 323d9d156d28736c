"""Webhooks: a client registers a URL; every change of the records is then sent to it.

The outbox row of each change is written in the change's own transaction (``core.events``), so a
change is sent if and only if it was saved. ``deliver_due`` sends what is due, oldest first, as
JSON signed with the webhook's secret (``X-Clearway-Signature: sha256=HMAC``), and retries a
failure with backoff (1, 2, 4 … minutes, at most six hours apart) up to ``MOST_ATTEMPTS`` times;
each delivery keeps its status. A change outside the client's projects is marked ``skipped``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from consultations.api_clients.model import ApiClient, Delivery, Webhook
from consultations.api_clients.store import (
    delivery_rows,
    due_deliveries,
    insert_webhook,
    update_delivery,
    webhook_rows,
)
from consultations.core.access import Action, Actor, Role, require
from consultations.core.audit import utcnow
from consultations.core.commands import run_command
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, NotFound
from consultations.core.events import Entity
from consultations.core.unit import Unit
from translations import _

MOST_ATTEMPTS = 8
FIRST_WAIT = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=6)

#: Sends one delivery: (url, body, headers) → None, or raises OSError for a failure.
Send = Callable[[str, bytes, dict[str, str]], None]


def signature(secret: str, body: bytes) -> str:
    """What ``X-Clearway-Signature`` carries: the receiver computes it again with its secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_json(url: str, body: bytes, headers: dict[str, str]) -> None:
    """Send over HTTP; a status other than 2xx, or no answer in 10 seconds, is a failure."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as error:  # a 4xx or 5xx: its connection closed here
        error.close()
        raise OSError(f"HTTP {error.code}") from None
    if not 200 <= status < 300:
        raise OSError(f"HTTP {status}")


def _webhook(row: dict[str, Any]) -> Webhook:
    return Webhook(int(row["id"]), int(row["client_id"]), row["url"], bool(row["active"]),
                   row["created_at"])  # fmt: skip


def add_webhook(
    store: Store, client: ApiClient, url: str, *, actor: Actor, key: str | None = None
) -> tuple[Webhook, str]:
    """Register ``url`` for ``client``; returns the webhook and its signing secret (shown once)."""
    require(actor, Action.READ_FIGURES)
    if actor.username != client.actor.username:
        require(actor, Action.MANAGE_USERS)
    url = url.strip()
    if not url.startswith(("http://", "https://")) or len(url) > 2000:
        raise InvalidRecord(_("A webhook's address starts with http:// or https://."))
    secret = "whsec_" + secrets.token_urlsafe(24)

    def work(unit: Unit) -> int:
        conn = unit.conn
        webhook_id = insert_webhook(conn, {"client_id": client.id, "url": url, "secret": secret,
                                           "created_at": utcnow(), "active": True})  # fmt: skip
        unit.audit(Entity.WEBHOOK, webhook_id, "create", project_id=None, after={"url": url})  # fmt: skip
        return webhook_id

    webhook_id = run_command(store, key=key, command="add_webhook", actor=actor, work=work)
    with store.read() as conn:
        row = next(r for r in webhook_rows(conn, client.id) if r["id"] == webhook_id)
    return _webhook(row), str(row["secret"])


def webhooks_of(store: Store, client: ApiClient, *, actor: Actor) -> list[Webhook]:
    require(actor, Action.READ_FIGURES)
    with store.read() as conn:
        return [_webhook(r) for r in webhook_rows(conn, client.id)]


def deliveries(
    store: Store, client: ApiClient, webhook_id: int, *, actor: Actor, limit: int = 100
) -> list[Delivery]:
    """A webhook's deliveries, newest first, with their status: only the client's own."""
    require(actor, Action.READ_FIGURES)
    with store.read() as conn:
        if webhook_id not in {r["id"] for r in webhook_rows(conn, client.id)}:
            raise NotFound(_("There is no such webhook for this key."))
        rows = delivery_rows(conn, [webhook_id], limit)
    return [Delivery(int(r["id"]), int(r["webhook_id"]), int(r["event_id"]), r["status"],
                     int(r["attempts"]), r["next_attempt_at"], r["last_error"], r["delivered_at"])
            for r in rows]  # fmt: skip


def _visible(client_projects: list[list[Any]], role: str, project_id: int | None) -> bool:
    limited = role == Role.FIELD_OFFICER or (role == Role.CHAIR and client_projects)
    return not limited or project_id is None or project_id in {int(p[0]) for p in client_projects}


def _body(row: dict[str, Any]) -> bytes:
    event = {"id": row["event_id"], "at": row["at"].isoformat() if row["at"] else None,
             "kind": row["kind"], "entity": row["entity"], "entity_id": row["entity_id"],
             "project_id": row["project_id"]}  # fmt: skip
    return json.dumps({"delivery": row["id"], "change": event}).encode()


def _wait(attempts: int) -> dt.timedelta:
    return min(LONGEST_WAIT, FIRST_WAIT * (1 << max(0, attempts - 1)))  # doubled each retry


def deliver_due(
    store: Store, *, actor: Actor, send: Send = post_json, now: dt.datetime | None = None,
    limit: int = 100,
) -> dict[str, int]:  # fmt: skip
    """Send the deliveries that are due (the worker's one round); returns how many went each way."""
    require(actor, Action.MANAGE_USERS)
    now = now or utcnow()
    with store.read() as conn:
        due = due_deliveries(conn, now, limit)
    counts = {"delivered": 0, "retry": 0, "failed": 0, "skipped": 0}
    for row in due:
        if not _visible(row["client_projects"], row["client_role"], row["project_id"]):
            outcome: dict[str, Any] = {"status": "skipped"}
            counts["skipped"] += 1
        else:
            body = _body(row)
            headers = {"Content-Type": "application/json", "X-Clearway-Event": row["kind"],
                       "X-Clearway-Delivery": str(row["id"]),
                       "X-Clearway-Signature": signature(row["secret"], body)}  # fmt: skip
            attempts = int(row["attempts"]) + 1
            try:
                send(row["url"], body, headers)
                outcome = {"status": "delivered", "attempts": attempts, "delivered_at": utcnow(),
                           "last_error": None}  # fmt: skip
                counts["delivered"] += 1
            except (OSError, urllib.error.URLError) as error:
                gave_up = attempts >= MOST_ATTEMPTS
                outcome = {"status": "failed" if gave_up else "pending", "attempts": attempts,
                           "next_attempt_at": now + _wait(attempts), "last_error": str(error)[:500]}  # fmt: skip
                counts["failed" if gave_up else "retry"] += 1
        with store.begin() as conn:
            update_delivery(conn, int(row["id"]), outcome)
    return counts
