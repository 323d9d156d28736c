"""Accounts: create users, set passwords, sign in with a lockout after repeated failures.

Passwords are hashed with argon2id (argon2-cffi); the store never holds a password. After
``MAX_FAILURES`` wrong passwords in a row an account is locked for ``LOCK_MINUTES``; the message
does not say whether the name or the password was wrong.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from consultations.accounts.model import Account
from consultations.accounts.sessions import end_user_sessions_in
from consultations.accounts.store import (
    all_users,
    claim_attempt,
    insert_user,
    replace_scopes,
    scopes_of,
    update_user,
    user_count,
    user_row,
    user_row_any_case,
    utc,
)
from consultations.accounts.throttle import FAILURES, client_key, name_key
from consultations.core.access import Action, Actor, Role, Scope, operator, require
from consultations.core.audit import utcnow, write_audit
from consultations.core.commands import run_command
from consultations.core.database import Connection, Store
from consultations.core.errors import DuplicateRecord, InvalidRecord, NotFound, SignInFailed
from consultations.core.events import Entity
from consultations.core.scopes import project_communes
from consultations.core.unit import Unit
from translations import _, format_datetime

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 10
_HASHER = PasswordHasher(parallelism=1)  # one core per hash: a flood cannot take them all


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidRecord(_("A password needs at least {n} characters.").format(n=MIN_PASSWORD))


def _check_scopes(
    conn: Connection, role: Role, scopes: list[Scope], held: frozenset[Scope] = frozenset()
) -> None:
    """A field officer works somewhere: at least one project, and only communes it has (a
    commune already ``held`` is kept as it is, even if the project no longer names it); a chair
    reviews whole projects (none: every project of the province)."""
    if role is Role.FIELD_OFFICER and not scopes:
        raise InvalidRecord(_("A field officer needs at least one project or commune to work in."))
    if role is Role.CHAIR and any(scope.commune for scope in scopes):
        raise InvalidRecord(_("A chair is given whole projects, not communes."))
    for scope in scopes:
        if scope.commune is None or scope in held:
            continue
        communes = project_communes(conn, scope.project_id)
        if scope.commune not in communes:
            raise InvalidRecord(
                _("The project has no commune “{commune}”; its communes are: {communes}.").format(
                    commune=scope.commune, communes=", ".join(sorted(communes)) or "-"
                )
            )


def create_user(
    store: Store, username: str, password: str, role: Role, *, actor: Actor,
    full_name: str | None = None, scopes: list[Scope] | None = None, key: str | None = None,
) -> int:  # fmt: skip
    require(actor, Action.MANAGE_USERS)
    username = username.strip()
    if not username:
        raise InvalidRecord(_("A user needs a name to sign in with."))
    _check_password(password)
    now = utcnow()
    password_hash = _HASHER.hash(password)  # outside the transaction: it takes a while

    def work(unit: Unit) -> int:
        conn = unit.conn
        _check_scopes(conn, role, scopes or [])
        if user_row(conn, username) is not None:
            raise DuplicateRecord(_("There is already a user called {name}.").format(name=username))
        user_id = insert_user(conn, {
            "username": username, "full_name": full_name, "role": str(role),
            "password_hash": password_hash, "active": True, "failed_attempts": 0,
            "locked_until": None, "created_at": now, "password_changed_at": now,
        })  # fmt: skip
        replace_scopes(conn, user_id, [(s.project_id, s.commune) for s in scopes or []])
        unit.audit(Entity.USER, user_id, "create", project_id=None,
                   after={"username": username, "role": str(role),
                          "scopes": [[s.project_id, s.commune] for s in scopes or []]})  # fmt: skip
        return user_id

    return run_command(store, key=key, command="create_user", actor=actor, work=work)


def set_password(
    store: Store,
    username: str,
    password: str,
    *,
    actor: Actor,
    key: str | None = None,
    keep_session: str | None = None,
) -> int:
    """A new password (which also lifts a lockout). Admins set anyone's; a user their own. Every
    session of the user ends (a copied cookie opens nothing), but ``keep_session``, the token of
    the session that changes its own password. Returns the user's id."""
    if actor.username != username:
        require(actor, Action.MANAGE_USERS)
    _check_password(password)
    password_hash = _HASHER.hash(password)

    def work(unit: Unit) -> int:
        conn = unit.conn
        row = user_row(conn, username)
        if row is None:
            raise NotFound(_("There is no user called {name}.").format(name=username))
        update_user(conn, row["id"], {"password_hash": password_hash, "failed_attempts": 0,
                                      "locked_until": None, "password_changed_at": utcnow()})  # fmt: skip
        end_user_sessions_in(conn, row["id"], keep=keep_session)
        unit.audit(Entity.USER, row["id"], "set_password", project_id=None)  # fmt: skip
        return int(row["id"])

    return run_command(store, key=key, command="set_password", actor=actor, work=work)


def set_access(
    store: Store,
    username: str,
    *,
    role: Role,
    scopes: list[Scope],
    active: bool,
    actor: Actor,
    key: str | None = None,
) -> int:
    """A user's role, communes and whether they may sign in; returns the user's id. A change in
    any of them ends the user's sessions: the next page asks them to sign in again."""
    require(actor, Action.MANAGE_USERS)

    def work(unit: Unit) -> int:
        conn = unit.conn
        row = user_row(conn, username)
        if row is None:
            raise NotFound(_("There is no user called {name}.").format(name=username))
        before, after = scopes_of(conn, row["id"]), [(s.project_id, s.commune) for s in scopes]
        _check_scopes(conn, role, scopes, frozenset(Scope(p, c) for p, c in before))
        update_user(conn, row["id"], {"role": str(role), "active": active})
        replace_scopes(conn, row["id"], after)
        if (row["role"], bool(row["active"]), set(before)) != (str(role), active, set(after)):
            end_user_sessions_in(conn, row["id"])
        unit.audit(Entity.USER, row["id"], "update", project_id=None,
                   before={"role": row["role"], "active": row["active"]},
                   after={"role": str(role), "active": active,
                          "scopes": [[s.project_id, s.commune] for s in scopes]})  # fmt: skip
        return int(row["id"])

    return run_command(store, key=key, command="set_access", actor=actor, work=work)


#: How many passwords this process hashes at once (CLEARWAY_HASHING_SLOTS; half the cores, at least
#: one): each hash takes one core (``parallelism=1``), so a flood of sign-ins waits its turn and
#: leaves the other cores to the people at work (two slots of four lanes took both of two cores).
_HASHING = threading.BoundedSemaphore(
    int(os.environ.get("CLEARWAY_HASHING_SLOTS") or max(1, (os.cpu_count() or 2) // 2))
)


def _password_matches(password_hash: str, password: str) -> bool:
    with _HASHING:
        try:
            return bool(_HASHER.verify(password_hash, password))
        except (VerificationError, InvalidHashError):
            return False


def _locked(locked_until: dt.datetime | None) -> SignInFailed:
    if locked_until is None:
        return SignInFailed(
            _("Too many wrong passwords: this account is locked for {n} minutes.").format(n=LOCK_MINUTES)
        )  # fmt: skip
    return SignInFailed(
        _("Too many wrong passwords: this account is locked until {time}.").format(
            time=format_datetime(utc(locked_until)))
    )  # fmt: skip


def sign_in(
    store: Store,
    username: str,
    password: str,
    now: dt.datetime | None = None,
    *,
    client: str | None = None,
) -> Actor:
    """The user's ``Actor``, or ``SignInFailed`` (wrong name or password, locked, disabled, or too
    many failures from this ``client``: see ``throttle``, refused before any work is done)."""
    key = client_key(client) if client else None
    if key and (wait := FAILURES.wait_s(key)) > 0:
        raise SignInFailed(
            _("Too many failed sign-ins from this device: wait {n} seconds and try again.").format(
                n=math.ceil(wait)
            )
        )
    try:
        actor = _checked(store, username, password, now or utcnow())
    except SignInFailed:
        if key:
            FAILURES.failed(key)
        raise
    if key:
        FAILURES.forget(key)
    return actor


def _checked(store: Store, username: str, password: str, now: dt.datetime) -> Actor:
    """Each attempt is counted atomically *before* its password is checked, so however many arrive at
    once, at most ``MAX_FAILURES`` are checked before the account locks (on SQLite and PostgreSQL
    alike). The password is hashed outside any transaction, holding no connection, a few at a time;
    an unknown name costs the same hashing work as a known one and locks the same way."""
    with store.read() as conn:
        row = user_row(conn, username.strip())
    if row is None:
        name = name_key(username)
        if (until := FAILURES.until(name, LOCK_MINUTES)) is not None:
            raise _locked(until)
        with _HASHING:
            _HASHER.hash(password)  # the same work as for a real user: no timing hint
        FAILURES.failed(name)
        raise (
            _locked(None)
            if FAILURES.count(name) >= MAX_FAILURES
            else SignInFailed(_("Wrong name or password."))
        )
    with store.begin() as conn:
        attempt = claim_attempt(conn, row["id"], now, MAX_FAILURES)
        if attempt is None:
            locked_until = (user_row(conn, row["username"]) or row)["locked_until"]
    if attempt is None:
        raise _locked(locked_until)
    if not _password_matches(row["password_hash"], password):
        locked = now + dt.timedelta(minutes=LOCK_MINUTES) if attempt >= MAX_FAILURES else None
        with store.begin() as conn:
            if locked is not None:
                update_user(conn, row["id"], {"locked_until": locked})
            write_audit(conn, actor=row["username"], action="sign_in_failed", entity="user",
                        entity_id=row["id"], project_id=None, after={"locked": locked is not None})  # fmt: skip
        raise _locked(None) if locked else SignInFailed(_("Wrong name or password."))
    with store.begin() as conn:
        update_user(conn, row["id"], {"failed_attempts": 0, "locked_until": None})
        if not row["active"]:
            raise SignInFailed(_("This account is disabled; ask an administrator."))
        write_audit(conn, actor=row["username"], action="sign_in", entity="user",
                    entity_id=row["id"], project_id=None)  # fmt: skip
        scopes = tuple(Scope(p, c) for p, c in scopes_of(conn, row["id"]))
    return Actor(row["username"], Role(row["role"]), scopes, row["id"])


def sign_in_sso(store: Store, identity: str | None) -> Actor:
    """The ``Actor`` of someone the identity provider has already signed in (Streamlit's OIDC login),
    by the e-mail it gives: a Clearway user of that name (letter case aside), active, brings their
    role and communes. No account, no entry: the provider proves who it is, Clearway what they may do.
    """
    if not identity or not identity.strip():
        raise SignInFailed(_("The single sign-on gave no e-mail address; sign in with a password."))
    with store.begin() as conn:
        row = user_row_any_case(conn, identity.strip())
        if row is None:
            raise SignInFailed(
                _(
                    "No Clearway account for {identity}: ask an administrator to create one with this "
                    "e-mail address as its user name."
                ).format(identity=identity.strip())
            )
        if not row["active"]:
            raise SignInFailed(_("This account is disabled; ask an administrator."))
        write_audit(conn, actor=row["username"], action="sign_in", entity="user",
                    entity_id=row["id"], project_id=None, after={"method": "single sign-on"})  # fmt: skip
        scopes = tuple(Scope(p, c) for p, c in scopes_of(conn, row["id"]))
    return Actor(row["username"], Role(row["role"]), scopes, row["id"])


def first_admin(store: Store) -> str | None:
    """On a store without users, create ``admin`` with a random password and return it."""
    with store.read() as conn:
        if user_count(conn):
            return None
    password = secrets.token_urlsafe(12)
    create_user(
        store, "admin", password, Role.ADMIN, actor=operator("setup"), full_name=_("Administrator")
    )
    return password


def list_users(store: Store, *, actor: Actor) -> list[Account]:
    """Every account, by user name, with where each may work (administrators only)."""
    require(actor, Action.MANAGE_USERS)
    with store.read() as conn:
        return [
            Account(
                id=int(u["id"]),
                username=str(u["username"]),
                full_name=u["full_name"],
                role=Role(str(u["role"])),
                active=bool(u["active"]),
                locked_until=utc(u["locked_until"]) if u["locked_until"] else None,
                created_at=utc(u["created_at"]),
                scopes=tuple(Scope(p, c) for p, c in scopes_of(conn, int(u["id"]))),
            )
            for u in all_users(conn)
        ]
