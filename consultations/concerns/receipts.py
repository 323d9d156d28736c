"""A concern's receipt (its reference and a fresh key) and where it stands for its holder."""

from __future__ import annotations

import datetime as dt

from consultations.concerns import store as _store
from consultations.concerns.service import ACKNOWLEDGE_WITHIN_DAYS, RESOLVE_WITHIN_DAYS
from consultations.core.access import Action, Actor, require_owned_record
from consultations.core.commands import run_command
from consultations.core.database import Connection, Store
from consultations.core.errors import NotFound
from consultations.core.events import Entity
from consultations.core.receipts import Receipt, TrackedMatter, hash_key, key_matches, new_key
from consultations.core.unit import Unit
from translations import _


def issue_concern_receipt(
    store: Store, concern_id: int, project_id: int, *, actor: Actor
) -> Receipt:
    """A new key for the concern's receipt (any earlier key stops working): shown once, stored
    hashed. Never replayed from an idempotency key, since the key must not be stored in clear."""
    key = new_key()
    key_hash = hash_key(key)  # outside the transaction: it takes a while

    def work(unit: Unit) -> str:
        conn = unit.conn
        require_owned_record(conn, actor, Action.EDIT_RECORDS, "concerns", concern_id, project_id)
        reference = _store.set_key_hash(conn, concern_id, key_hash)
        if reference is None:
            raise NotFound(_("The record you are editing no longer exists in this project."))
        unit.audit(Entity.CONCERN, concern_id, "issue_receipt", project_id=project_id,
                   after={"reference": reference})  # fmt: skip
        return reference

    reference = run_command(store, key=None, command="issue_receipt", actor=actor, work=work)
    return Receipt(reference, key)


def tracked_concern_in(conn: Connection, reference: str, key: str) -> TrackedMatter | None:
    """Where the concern of ``reference`` stands, if ``key`` is its key; None otherwise (which
    part was wrong is not said). In the caller's transaction."""
    row = _store.concern_by_public_ref(conn, reference)
    if row is None or not key_matches(row["key_hash"], key):
        return None
    received: dt.date = row["received_on"]
    closed = row["resolved_on"] is not None or row["escalated_on"] is not None
    if row["escalated_on"] is not None:
        stage, step, due = _("Sent on to a higher level"), None, None
    elif row["resolved_on"] is not None:
        stage, step, due = _("Resolved: the matter is settled"), None, None
    elif row["answered_on"] is not None:
        stage, step = _("Answered; waiting to be settled"), _("Settled")
        due = received + dt.timedelta(days=RESOLVE_WITHIN_DAYS)
    elif row["acknowledged_on"] is not None:
        stage, step = _("Received and acknowledged"), _("An answer")
        due = received + dt.timedelta(days=RESOLVE_WITHIN_DAYS)
    else:
        stage, step = _("Received, to be acknowledged"), _("Acknowledged")
        due = received + dt.timedelta(days=ACKNOWLEDGE_WITHIN_DAYS)
    return TrackedMatter(reference, "concern", received, stage, step, due, closed)


def concern_reference_in(conn: Connection, concern_id: int) -> str | None:
    """A concern's public reference. In the caller's transaction."""
    return _store.public_ref_of(conn, concern_id)
