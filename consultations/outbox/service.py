"""Messages that reach people: who agreed to be contacted by which channel, the outbox written in
the same transaction as the change it tells of, and its delivery with retries.

Nobody is messaged without their consent to that channel: ``enqueue_in`` writes one message per
channel whose latest consent is given (none at all when none is). A deliverer (``cli.py
deliver-outbox``, every minute from cron or a timer) sends what is due; a failed try is retried
after 1, 5, 30, 120 and 720 minutes, then given up, and a permanent refusal is given up at once.
Each message's state is on the household's file (``household_messages``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from consultations.core.access import Action, Actor, require, require_household
from consultations.core.audit import utcnow
from consultations.core.commands import run_command
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.events import Entity
from consultations.core.qr import tracking_address
from consultations.core.unit import Unit
from consultations.outbox import store as _store
from consultations.outbox.channels import Channel, SendFailed
from consultations.outbox.model import (
    ContactChannel,
    ContactConsent,
    MessageState,
    OutboxMessage,
    Template,
)
from consultations.outbox.templates import render, word
from translations import _

BACKOFF_MIN = (1, 5, 30, 120, 720)
MAX_ATTEMPTS = len(BACKOFF_MIN) + 1
LEASE = dt.timedelta(minutes=5)  # a try's claim on its message, should the deliverer die


def record_contact_consent(
    store: Store, channel: ContactChannel, *, household_id: int | None = None,
    username: str | None = None, address: str | None, given: bool, on: dt.date, actor: Actor,
    key: str | None = None,
) -> int:  # fmt: skip
    """Record that a household (or an official, ``username``) agreed to be contacted by
    ``channel`` at ``address`` from ``on``, or withdrew (``given=False``). History, never edited."""
    if (household_id is None) == (username is None):
        raise InvalidRecord(_("Say whose consent this is: a household or an official."))
    if given and not (address or "").strip():
        raise InvalidRecord(_("Write the e-mail address or phone number the consent is for."))

    def work(unit: Unit) -> int:
        conn = unit.conn
        if household_id is not None:
            require_household(conn, actor, Action.EDIT_RECORDS, household_id)
        else:
            require(actor, Action.MANAGE_USERS)
        row_id = _store.insert_consent(conn, {
            "household_id": household_id, "username": username, "channel": str(channel),
            "address": (address or "").strip() or None, "given": given, "on_date": on,
            "recorded_by": unit.by, "recorded_at": utcnow()})  # fmt: skip
        unit.audit(Entity.CONTACT_CONSENT, row_id, "create", project_id=None,
                   after={"channel": str(channel), "given": given})  # fmt: skip
        return row_id

    return run_command(store, key=key, command="contact_consent", actor=actor, work=work)


def _current(rows: list[dict[str, Any]]) -> dict[ContactChannel, ContactConsent]:
    latest: dict[ContactChannel, ContactConsent] = {}
    for r in rows:  # oldest first: the last one of each channel stands
        channel = ContactChannel(str(r["channel"]))
        latest[channel] = ContactConsent(channel, r["address"], bool(r["given"]), r["on_date"])
    return latest


def contact_consents(store: Store, household_id: int, *, actor: Actor) -> list[ContactConsent]:
    """A household's consent to each channel as it stands."""
    with store.read() as conn:
        require_household(conn, actor, Action.READ_PERSONAL, household_id)
        return list(_current(_store.consents_of(conn, household_id=household_id)).values())


def enqueue_in(
    conn: Connection, template: Template, params: Mapping[str, str], *, project_id: int | None,
    household_id: int | None = None, username: str | None = None,
) -> int:  # fmt: skip
    """Write ``template`` to the outbox for every channel the household (or official) consented
    to, in the caller's transaction; how many were written (0: no consent, nothing sent)."""
    if household_id is None and username is None:
        return 0
    consents = _current(_store.consents_of(conn, household_id=household_id, username=username))
    now, written = utcnow(), 0
    for channel, consent in consents.items():
        if not consent.given or not consent.address:
            continue
        subject, body = render(template, channel, dict(params))
        _store.insert_message(conn, {
            "project_id": project_id, "household_id": household_id, "username": username,
            "channel": str(channel), "address": consent.address, "template": str(template),
            "subject": subject, "body": body, "params": json.dumps(dict(params), ensure_ascii=False),
            "state": str(MessageState.PENDING), "attempts": 0, "next_attempt_at": now,
            "created_at": now})  # fmt: skip
        written += 1
    return written


@dataclass(frozen=True)
class Delivery:
    sent: int
    retrying: int
    failed: int
    waiting: int  # due, but their channel is not configured here


def deliver_outbox(
    store: Store, channels: Mapping[ContactChannel, Channel], *, actor: Actor,
    now: dt.datetime | None = None, limit: int = 200,
) -> Delivery:  # fmt: skip
    """Send what is due by the configured ``channels`` (the operator's job)."""
    require(actor, Action.MANAGE_USERS)
    at = now or utcnow()
    with store.read() as conn:
        due = _store.due_messages(conn, at, limit)
    sent = retrying = failed = waiting = 0
    for row in due:
        message = records_from_row(row)
        channel = channels.get(message.channel)
        if channel is None:
            waiting += 1
            continue
        with store.begin() as conn:
            if not _store.claim(conn, message.id, row["next_attempt_at"], at + LEASE):
                continue  # another deliverer has it
        attempts = message.attempts + 1
        try:
            provider_id = channel.send(message)
        except SendFailed as error:
            give_up = error.permanent or attempts >= MAX_ATTEMPTS
            retry_at = at + dt.timedelta(minutes=BACKOFF_MIN[min(attempts, len(BACKOFF_MIN)) - 1])
            values = {"attempts": attempts, "last_error": str(error)[:500],
                      "state": str(MessageState.FAILED if give_up else MessageState.PENDING),
                      "next_attempt_at": at if give_up else retry_at}  # fmt: skip
            failed, retrying = failed + give_up, retrying + (not give_up)
        else:
            values = {"attempts": attempts, "state": str(MessageState.SENT), "sent_at": utcnow(),
                      "provider_id": provider_id, "last_error": None}  # fmt: skip
            sent += 1
        with store.begin() as conn:
            _store.set_outcome(conn, message.id, values)
    return Delivery(sent, retrying, failed, waiting)


def records_from_row(row: dict[str, Any]) -> OutboxMessage:
    values = {f.name: row[f.name] for f in fields(OutboxMessage)}
    values.update(channel=ContactChannel(row["channel"]), template=Template(row["template"]),
                  state=MessageState(row["state"]))  # fmt: skip
    return OutboxMessage(**values)


def household_messages(store: Store, household_id: int, *, actor: Actor) -> list[OutboxMessage]:
    """The messages to a household, newest first, with their state (for its file)."""
    with store.read() as conn:
        require_household(conn, actor, Action.READ_PERSONAL, household_id)
        return [records_from_row(r) for r in _store.messages_of(conn, household_id=household_id)]


def acknowledge_in(
    conn: Connection, kind: str, reference: str, received_on: dt.date, *, project_id: int | None,
    household_id: int | None,
) -> int:  # fmt: skip
    """Tell the household that its concern or petition (``kind``) was received, with its
    reference, in the caller's transaction (the one that records it)."""
    params = {"what": word(kind), "reference": reference, "date": received_on.strftime("%d/%m/%Y"),
              "address": tracking_address()}  # fmt: skip
    return enqueue_in(conn, Template.ACKNOWLEDGED, params, project_id=project_id,
                      household_id=household_id)  # fmt: skip
