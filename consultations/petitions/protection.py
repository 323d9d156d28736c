"""A denouncer's protection: who handles a petition, and who reads which petition or citizen heard.

A denouncer's identity and the content of a denunciation are shown only to the handling officer
and their superiors; who is a superior is decided per petition (its project), never by role alone:
an administrator, a chair of the whole province, or a chair given the petition's project. The
register, who was heard at a reception session and a household's timeline follow the same rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from consultations.core import schema
from consultations.core.access import Action, Actor, Role, readable_households, require
from consultations.core.audit import audited_since, write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import NotFound, PermissionDenied
from consultations.core.versions import versioned_update
from consultations.households.service import fold
from consultations.petitions import store as _store
from consultations.petitions.model import PetitionKind
from translations import LOCAL_TZ, _


def superior(actor: Actor, project_id: int | None) -> bool:
    """``actor`` is a superior of the handler of a petition of ``project_id`` (None: a body's own,
    tied to no project): an administrator; a chair of the whole province; a chair given projects
    only for the petitions of those projects. Never a field officer or a viewer."""
    if actor.role is Role.ADMIN:
        return True
    if actor.role is not Role.CHAIR:
        return False
    return not actor.scopes or (project_id is not None and project_id in actor.project_ids)


def require_superior(actor: Actor, project_id: int | None) -> None:
    if not superior(actor, project_id):
        raise PermissionDenied(
            _("Who handles a petition is assigned by its superiors (the chair of its project, an "
              "administrator), not by the officer themselves.")
        )  # fmt: skip


def assign_handler(
    store: Store, petition_id: int, handler: str | None, *, seen_version: int, actor: Actor,
    key: str | None = None,
) -> int:  # fmt: skip
    """Name the officer (user name) who handles a petition, or none: its superiors only, a chair
    of its project among them (who may not otherwise edit the register)."""

    def work(conn: Connection) -> int:
        row = _store.petition_row(conn, petition_id)
        if row is None:
            raise NotFound(_("There is no such petition."))
        require_superior(actor, row["project_id"])
        return versioned_update(conn, schema.petitions, entity="petition", row_id=petition_id,
                                seen_version=seen_version, values={"handler": (handler or "").strip() or None},
                                actor=str(actor), project_id=row["project_id"])  # fmt: skip

    return run_once(store, key=key, command="assign_handler", actor=str(actor), work=work)


def identity_visible(actor: Actor, row: dict[str, Any]) -> bool:
    """A denouncer's identity: the handling officer and their superiors (for this petition's
    project) only."""
    if row["kind"] != PetitionKind.DENUNCIATION:
        return True
    return superior(actor, row["project_id"]) or (row.get("handler") or "") == actor.username


def readable_rows_in(
    conn: Connection, actor: Actor, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The rows (petitions, citizens heard) ``actor`` may read: a chair given projects those of
    their projects; a field officer those about the households of their communes, or that they
    recorded or handle. Rows of other projects are left out, never a reason to refuse the rest."""
    require(actor, Action.READ_PERSONAL)
    if actor.role is not Role.FIELD_OFFICER:
        return [r for r in rows if superior(actor, r["project_id"])]
    mine: set[int] = set()
    for project_id in {r["project_id"] for r in rows} & actor.project_ids:
        mine |= readable_households(conn, actor, project_id) or set()
    return [
        r for r in rows
        if r["household_id"] in mine or actor.username in (r["recorded_by"], r.get("handler"))
    ]  # fmt: skip


def session_readable(actor: Actor, session: dict[str, Any]) -> bool:
    """A session (its summary may name people) is read where its project is: a field officer's
    projects, a chair's (all, for a chair of the whole province), or one its reader recorded."""
    if actor.username == session["recorded_by"]:
        return True
    if actor.role is Role.FIELD_OFFICER:
        return session["project_id"] in actor.project_ids
    return superior(actor, session["project_id"])


def heard_shown(actor: Actor, row: dict[str, Any], filed: list[dict[str, Any]]) -> bool:
    """A citizen heard at a session is shown unless they filed a denunciation there (the same
    household, or the same name) that ``actor`` may not know the filer of."""
    theirs = [d for d in filed if d["session_id"] == row["session_id"] and (
        (row["household_id"] is not None and d["household_id"] == row["household_id"])
        or (row["name"] and d["filer_name"] and fold(d["filer_name"]) == fold(row["name"])))]  # fmt: skip
    return all(identity_visible(actor, d) for d in theirs)


def log_readings(store: Store, read: list[tuple[int, str, str]], *, actor: Actor) -> None:
    """One audit row per denunciation (id, body, number) a reader saw in full, the first time each
    day (Vietnam time): a page shown again, or rerun by a click, is the same reading."""
    midnight = dt.datetime.combine(dt.datetime.now(LOCAL_TZ).date(), dt.time(), LOCAL_TZ)
    with store.begin() as conn:
        logged = audited_since(conn, actor=str(actor), action="read_denunciation",
                               entity="petition", since=midnight.astimezone(dt.UTC))  # fmt: skip
        for petition_id, body, reference in read:
            if petition_id not in logged:
                write_audit(conn, actor=str(actor), action="read_denunciation", entity="petition",
                            entity_id=petition_id, project_id=None,
                            after={"body": body, "reference": reference})  # fmt: skip
