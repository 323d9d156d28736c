"""Signed-in sessions that survive a browser reload, and never outlive the rights they carry.

After a password sign-in the browser keeps a random token in a cookie; the store keeps only its
SHA-256, who it belongs to, until when (``SESSION_HOURS``, an absolute lifetime) and when it was
last active. On every page run the app resumes the session from the token: the account is read
again, and a session idle longer than ``SESSION_MINUTES`` by the server's clock is refused, so a
reload after the idle time signs in again. Every change of a user's password, role, scope or status
ends their sessions in the same transaction (``end_user_sessions_in``): a copied cookie, or one
from before an account was disabled and enabled again, opens nothing. Trade-offs: docs/security.md
("Sessions").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets

from consultations.accounts.store import (
    end_sessions,
    insert_session,
    live_session_user,
    scopes_of,
    touch_session,
    user_by_id,
    utc,
)
from consultations.core.access import Actor, Role, Scope
from consultations.core.audit import utcnow
from consultations.core.database import Connection, Store
from consultations.core.errors import PermissionDenied, StoreBusy
from translations import _

#: Hours a session lasts from sign-in, however active (CLEARWAY_SESSION_HOURS).
SESSION_HOURS = int(os.environ.get("CLEARWAY_SESSION_HOURS", "12"))
#: Idle minutes after which a session must sign in again (CLEARWAY_SESSION_MINUTES).
SESSION_MINUTES = int(os.environ.get("CLEARWAY_SESSION_MINUTES", "480"))
#: A session's activity is written at most this often: a page run is a read, not a write.
TOUCH_EVERY = dt.timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(store: Store, *, actor: Actor, now: dt.datetime | None = None) -> str:
    """A new session for a signed-in ``actor``; returns the token for the browser's cookie."""
    if actor.user_id is None:
        raise ValueError("only a stored user has a session")
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with store.begin() as conn:
        insert_session(conn, _digest(token), actor.user_id, now,
                       now + dt.timedelta(hours=SESSION_HOURS))  # fmt: skip
    return token


def resume_session(store: Store, token: str | None, now: dt.datetime | None = None) -> Actor | None:
    """The ``Actor`` of a live session, as the account stands now (role, communes); None for an
    unknown, ended, expired or idle token, or a disabled account. A session last seen a minute ago
    or more is marked active ``now``."""
    if not token:
        return None
    now = now or utcnow()
    idle_since = now - dt.timedelta(minutes=SESSION_MINUTES)
    with store.read() as conn:
        row = live_session_user(conn, _digest(token), now, idle_since)
        if row is None or not row["active"]:
            return None
        if row["locked_until"] is not None and utc(row["locked_until"]) > now:
            return None
        scopes = tuple(Scope(p, c) for p, c in scopes_of(conn, row["id"]))
    if utc(row["session_seen_at"]) <= now - TOUCH_EVERY:
        _touch(store, _digest(token), now)
    return Actor(row["username"], Role(row["role"]), scopes, row["id"])


def _touch(store: Store, token_sha256: str, now: dt.datetime) -> None:
    try:
        with store.begin_if_free() as conn:
            touch_session(conn, token_sha256, now, now - TOUCH_EVERY)
    except StoreBusy:
        pass  # an import holds the store: the page still opens, a later run records the activity


def end_session(store: Store, token: str | None) -> None:
    """Sign out: the token no longer opens anything."""
    if token:
        with store.begin() as conn:
            end_sessions(conn, utcnow(), token_sha256=_digest(token))


def end_user_sessions_in(conn: Connection, user_id: int, *, keep: str | None = None) -> int:
    """End every session of a user whose password, role, scope or status changes, but the
    ``keep`` token's (the user's own session changing their own password). In the caller's
    transaction, beside the change itself; returns how many ended."""
    return end_sessions(
        conn, utcnow(), user_id=user_id, keep_sha256=_digest(keep) if keep else None
    )


def acting_user(store: Store, user_id: int, *, actor: Actor) -> Actor | None:
    """The user ``user_id`` as the account stands now, for work done later in their name (a queued
    job, by the worker): None when the account is disabled or gone. Only an operator asks."""
    if not actor.operator:
        raise PermissionDenied(_("Only the server itself may act for another user."))
    with store.read() as conn:
        row = user_by_id(conn, user_id)
        if row is None or not row["active"]:
            return None
        scopes = tuple(Scope(p, c) for p, c in scopes_of(conn, user_id))
    return Actor(row["username"], Role(row["role"]), scopes, user_id)
