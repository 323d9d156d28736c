"""The door of API clients: create one (its key shown once, stored as SHA-256), list, revoke,
know a key at each call (a revoked one at once), log each call, and page through the changes.

A key is 32 random bytes: too long to guess, so a plain SHA-256 (not a slow password hash) keeps
it safe at rest and lets every call be checked against the store, never against a cache.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from consultations.api_clients.model import LEAST_ROLE, ApiClient, ApiScope, Change, NewKey
from consultations.api_clients.store import (
    changes_after,
    client_by,
    client_rows,
    insert_client,
    set_revoked,
)
from consultations.core.access import Action, Actor, Role, Scope, require
from consultations.core.audit import utcnow
from consultations.core.commands import run_command
from consultations.core.database import Connection, Store
from consultations.core.errors import DuplicateRecord, InvalidRecord, NotFound, SignInFailed
from consultations.core.events import Entity
from consultations.core.scopes import project_communes
from consultations.core.unit import Unit
from translations import _

#: Most changes one page of the feed holds.
PAGE_MOST = 1000
KEY_PREFIX = "cw_"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,60}$")


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _client(row: dict[str, Any]) -> ApiClient:
    return ApiClient(
        id=int(row["id"]), name=row["name"], key_hint=row["key_hint"],
        scopes=tuple(ApiScope(x) for x in row["scopes"]), role=Role(row["role"]),
        projects=tuple(Scope(int(p), c) for p, c in row["projects"]),
        created_at=row["created_at"], revoked_at=row["revoked_at"],
    )  # fmt: skip


def parse_scopes(text: str) -> tuple[ApiScope, ...]:
    """``read:figures|read:households`` (or commas) as scopes; an unknown one is refused."""
    words = [w.strip() for w in re.split(r"[|,\s]+", text) if w.strip()]
    known = {str(s): s for s in ApiScope}
    unknown = [w for w in words if w not in known]
    if unknown or not words:
        raise InvalidRecord(
            _("Unknown API scope: {found}. The scopes are: {known}.").format(
                found=", ".join(unknown) or "-", known=", ".join(known))
        )  # fmt: skip
    return tuple(dict.fromkeys(known[w] for w in words))


def _least_role(scopes: tuple[ApiScope, ...]) -> Role:
    ranked = list(LEAST_ROLE.values())
    return max((LEAST_ROLE[s] for s in scopes), key=ranked.index)


def _check(
    conn: Connection, role: Role, scopes: tuple[ApiScope, ...], projects: list[Scope]
) -> None:
    if role is Role.ADMIN:
        raise InvalidRecord(
            _("An API client cannot be an administrator; give it the least role it needs.")
        )
    if role is Role.FIELD_OFFICER and not projects:
        raise InvalidRecord(_("A field officer needs at least one project or commune to work in."))
    for scope in projects:
        if scope.commune is not None and scope.commune not in project_communes(
            conn, scope.project_id
        ):
            raise InvalidRecord(
                _("The project has no commune “{commune}”.").format(commune=scope.commune)
            )
    if ApiScope.WRITE_CONSENT in scopes and role is not Role.FIELD_OFFICER:
        raise InvalidRecord(_("Writing consent needs the field officer role, with its projects."))
    if ApiScope.READ_HOUSEHOLDS in scopes and role is Role.VIEWER:
        raise InvalidRecord(_("Reading households needs the chair or field officer role."))


def create_client(
    store: Store, name: str, scopes: tuple[ApiScope, ...], *, actor: Actor,
    role: Role | None = None, projects: list[Scope] | None = None, key: str | None = None,
) -> NewKey:  # fmt: skip
    """A new client and its key (returned once). ``role`` by default: the least its scopes need."""
    require(actor, Action.MANAGE_USERS)
    name = name.strip().lower()
    if not _NAME.match(name):
        raise InvalidRecord(
            _(
                "An API client's name is 2 to 61 lowercase letters, digits, dots, dashes or underscores."
            )
        )
    role = role or _least_role(scopes)
    secret = KEY_PREFIX + secrets.token_urlsafe(32)

    def work(unit: Unit) -> int:
        conn = unit.conn
        _check(conn, role, scopes, projects or [])
        if client_by(conn, name=name) is not None:
            raise DuplicateRecord(
                _("There is already an API client called {name}.").format(name=name)
            )
        client_id = insert_client(conn, {
            "name": name, "key_sha256": key_digest(secret), "key_hint": secret[:10],
            "scopes": [str(s) for s in scopes], "role": str(role),
            "projects": [[p.project_id, p.commune] for p in projects or []], "created_at": utcnow(),
        })  # fmt: skip
        unit.audit(Entity.API_CLIENT, client_id, "create", project_id=None,
                   after={"name": name, "scopes": [str(s) for s in scopes], "role": str(role)})  # fmt: skip
        return client_id

    run_command(store, key=key, command="create_api_client", actor=actor, work=work)
    with store.read() as conn:
        row = client_by(conn, name=name)
    assert row is not None
    return NewKey(_client(row), secret)


def api_clients(store: Store, *, actor: Actor) -> list[ApiClient]:
    require(actor, Action.MANAGE_USERS)
    with store.read() as conn:
        return [_client(r) for r in client_rows(conn)]


def revoke_client(store: Store, name: str, *, actor: Actor, key: str | None = None) -> ApiClient:
    """Revoke a client's key and stop its webhooks: its next call is refused."""
    require(actor, Action.MANAGE_USERS)

    def work(unit: Unit) -> int:
        conn = unit.conn
        row = client_by(conn, name=name)
        if row is None:
            raise NotFound(_("There is no API client called {name}.").format(name=name))
        if row["revoked_at"] is None:
            set_revoked(conn, row["id"], utcnow())
            unit.audit(Entity.API_CLIENT, row["id"], "revoke", project_id=None,
                       after={"name": name})  # fmt: skip
        return int(row["id"])

    run_command(store, key=key, command="revoke_api_client", actor=actor, work=work)
    with store.read() as conn:
        row = client_by(conn, name=name)
    assert row is not None
    return _client(row)


def client_of_key(store: Store, key: str) -> ApiClient:
    """The client whose key this is, read from the store at every call; refused if unknown or
    revoked (the same words for both, so a caller learns nothing of other keys)."""
    with store.read() as conn:
        row = client_by(conn, key_sha256=key_digest(key)) if key.startswith(KEY_PREFIX) else None
    if row is None or row["revoked_at"] is not None:
        raise SignInFailed(_("This API key is unknown or has been revoked."))
    return _client(row)


def log_call(
    store: Store, *, actor: Actor, client_id: int, method: str, path: str, status: int
) -> None:
    """Every call in the audit log, as its client (a reading: it moves no data stream)."""

    def work(unit: Unit) -> int:
        return unit.audit(Entity.API_CLIENT, client_id, "api_call", project_id=None,
                          after={"method": method, "path": path, "status": status})  # fmt: skip

    run_command(store, key=None, command="api_call", actor=actor, work=work)


def changes(store: Store, after_id: int, limit: int = PAGE_MOST, *, actor: Actor) -> list[Change]:
    """The changes of the records after ``after_id``, in order, at most ``PAGE_MOST``: for a
    client held to some projects (a field officer, a chair given projects), theirs only."""
    require(actor, Action.READ_FIGURES)
    if not 1 <= limit <= PAGE_MOST:
        raise InvalidRecord(_("A page holds 1 to {most} changes.").format(most=PAGE_MOST))
    limited = actor.role is Role.FIELD_OFFICER or (actor.role is Role.CHAIR and actor.scopes)
    with store.read() as conn:
        rows = changes_after(conn, after_id, limit, actor.project_ids if limited else None)
    return [Change(int(r["id"]), r["at"], r["kind"], r["entity"], r["entity_id"], r["project_id"],
                   r["entity_id"] if r["entity"] == "household" else r["household_id"])
            for r in rows]  # fmt: skip
