"""Signed-in sessions that survive a browser reload, and never outlive the rights they carry.

After a password sign-in the browser keeps a random token in a cookie; the store keeps only its
SHA-256, who it belongs to and until when (``SESSION_HOURS``, an absolute lifetime). On every page
run the app resumes the session from the token: the account is read again, so a disabled account or
a changed role or commune takes effect at once, and signing out ends the session in the store.
Trade-offs: docs/security.md ("Sessions").
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
    utc,
)
from consultations.core.access import Actor, Role, Scope
from consultations.core.audit import utcnow
from consultations.core.database import Store

#: Hours a session lasts from sign-in, however active (CLEARWAY_SESSION_HOURS).
SESSION_HOURS = int(os.environ.get("CLEARWAY_SESSION_HOURS", "12"))


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
    unknown, ended or expired token, or a disabled account."""
    if not token:
        return None
    now = now or utcnow()
    with store.read() as conn:
        row = live_session_user(conn, _digest(token), now)
        if row is None or not row["active"]:
            return None
        if row["locked_until"] is not None and utc(row["locked_until"]) > now:
            return None
        scopes = tuple(Scope(p, c) for p, c in scopes_of(conn, row["id"]))
    return Actor(row["username"], Role(row["role"]), scopes, row["id"])


def end_session(store: Store, token: str | None) -> None:
    """Sign out: the token no longer opens anything."""
    if token:
        with store.begin() as conn:
            end_sessions(conn, utcnow(), token_sha256=_digest(token))
