"""Staffing a project: which field officers work in which of its communes, and which chairs
review it (administrators).

An assignment changes one user's place in one project and leaves their other projects as they
are; a change ends the user's sessions, so they sign in again to the places they now have. The form names what it showed: if someone changed it since, the save is refused with what it
is now, so two administrators never undo each other silently. A chair given no project reads every
project of the province; given projects, only those (see ``core.access``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from consultations.accounts.sessions import end_user_sessions_in
from consultations.accounts.store import all_users, replace_scopes, scopes_of, user_row
from consultations.core.access import Action, Actor, Role, Scope, require
from consultations.core.commands import run_command
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord, NotFound, StaleEdit
from consultations.core.events import Entity
from consultations.core.scopes import project_communes
from consultations.core.unit import Unit
from consultations.projects.places import vietnamese_order
from consultations.projects.service import list_projects, project_in
from translations import _


@dataclass(frozen=True)
class Officer:
    """A field officer and the communes they work in, in one project (``None``: all of it)."""

    username: str
    full_name: str | None
    active: bool
    communes: tuple[str | None, ...]

    @property
    def whole_project(self) -> bool:
        return None in self.communes


class ChairReach(StrEnum):
    """Where a chair reads personal data and internal exports, seen from one project."""

    PROVINCE = "province"  # every project of the province (no project given)
    HERE = "here"  # the projects given to them, this one among them
    ELSEWHERE = "elsewhere"  # the projects given to them, not this one

    @property
    def label(self) -> str:
        return {
            ChairReach.PROVINCE: _("Every project of the province"),
            ChairReach.HERE: _("This project (and the others given to them)"),
            ChairReach.ELSEWHERE: _("Not this project (only the others given to them)"),
        }[self]


@dataclass(frozen=True)
class Chair:
    """A chair account and the projects given to them (none: every project)."""

    username: str
    full_name: str | None
    active: bool
    projects: tuple[int, ...]

    def reach(self, project_id: int) -> ChairReach:
        if not self.projects:
            return ChairReach.PROVINCE
        return ChairReach.HERE if project_id in self.projects else ChairReach.ELSEWHERE


@dataclass(frozen=True)
class ProjectStaff:
    """The project's communes and every field officer and chair account, assigned here or not."""

    project_id: int
    communes: tuple[str, ...]
    officers: tuple[Officer, ...]
    chairs: tuple[Chair, ...] = ()

    def assigned(self) -> tuple[Officer, ...]:
        return tuple(o for o in self.officers if o.communes)


def _officers_in(conn: Connection, project_id: int) -> tuple[Officer, ...]:
    officers = []
    for user in all_users(conn):
        if user["role"] != str(Role.FIELD_OFFICER):
            continue
        here = [c for p, c in scopes_of(conn, int(user["id"])) if p == project_id]
        officers.append(Officer(str(user["username"]), user["full_name"], bool(user["active"]),
                                tuple(here)))  # fmt: skip
    return tuple(officers)


def _chairs_in(conn: Connection) -> tuple[Chair, ...]:
    chairs = []
    for user in all_users(conn):
        if user["role"] != str(Role.CHAIR):
            continue
        projects = tuple(dict.fromkeys(p for p, _c in scopes_of(conn, int(user["id"]))))
        chairs.append(
            Chair(str(user["username"]), user["full_name"], bool(user["active"]), projects)
        )
    return tuple(chairs)


def project_staff(store: Store, project_id: int, *, actor: Actor) -> ProjectStaff:
    """Who works where in the project (administrators only)."""
    require(actor, Action.MANAGE_USERS)
    with store.read() as conn:
        communes = tuple(sorted(project_communes(conn, project_id), key=vietnamese_order))
        return ProjectStaff(project_id, communes, _officers_in(conn, project_id), _chairs_in(conn))


def places_to_assign(store: Store, *, actor: Actor) -> tuple[Scope, ...]:
    """Every place a user may be given (administrators): each project whole, then each of its
    communes, those it declares as well as those its parcels name, so that a new project with
    no parcel yet offers its communes."""
    require(actor, Action.MANAGE_USERS)
    project_ids = [p.id for p in list_projects(store)]
    with store.read() as conn:
        return tuple(
            place
            for project_id in project_ids
            for place in (
                Scope(project_id),
                *(Scope(project_id, c)
                  for c in sorted(project_communes(conn, project_id), key=vietnamese_order)),
            )
        )  # fmt: skip


def _names(communes: tuple[str | None, ...] | list[str | None]) -> str:
    return ", ".join(c or _("the whole project") for c in communes) or _("none")


def assign_communes(
    store: Store,
    username: str,
    project_id: int,
    communes: list[str],
    *,
    seen: tuple[str | None, ...],
    actor: Actor,
    key: str | None = None,
) -> Officer:
    """Give ``username`` (a field officer) exactly ``communes`` of the project (none: taken off
    it), if their communes there are still those the form showed (``seen``)."""
    require(actor, Action.MANAGE_USERS)

    def work(unit: Unit) -> int:
        conn = unit.conn
        user = user_row(conn, username)
        if user is None or user["role"] != str(Role.FIELD_OFFICER):
            raise NotFound(_("There is no field officer called {name}.").format(name=username))
        scopes = scopes_of(conn, int(user["id"]))
        here = tuple(c for p, c in scopes if p == project_id)
        if set(here) != set(seen):
            raise StaleEdit(
                _("Not saved: {name}'s communes in this project changed since you opened the "
                  "page; they are now: {communes}.").format(name=username, communes=_names(here))
            )  # fmt: skip
        known = project_communes(conn, project_id)
        if wrong := [c for c in communes if c not in known]:
            raise InvalidRecord(
                _("The project has no commune “{commune}”; its communes are: {communes}.").format(
                    commune=", ".join(wrong), communes=", ".join(sorted(known)) or "-"
                )
            )
        chosen = list(dict.fromkeys(communes))
        others = [(p, c) for p, c in scopes if p != project_id]
        if not chosen and not others:
            raise InvalidRecord(
                _("{name} works only in this project: give them at least one commune, or "
                  "disable the account on the Users page.").format(name=username)
            )  # fmt: skip
        replace_scopes(conn, int(user["id"]), [*others, *((project_id, c) for c in chosen)])
        if set(chosen) != set(here):
            end_user_sessions_in(conn, int(user["id"]))
        unit.audit(Entity.USER, int(user["id"]), "assign", project_id=project_id,
                   before={"communes": list(here)},
                   after={"communes": chosen})  # fmt: skip
        return int(user["id"])

    run_command(store, key=key, command="assign_communes", actor=actor, work=work)
    with store.read() as conn:
        return next(o for o in _officers_in(conn, project_id) if o.username == username)


def assign_chair(
    store: Store,
    username: str,
    project_id: int,
    reach: ChairReach,
    *,
    seen: tuple[int, ...],
    actor: Actor,
    key: str | None = None,
) -> Chair:
    """Set where chair ``username`` reads, as seen from this project: every project (``PROVINCE``),
    the projects given to them with this one (``HERE``) or without it (``ELSEWHERE``), if their
    projects are still those the form showed (``seen``)."""
    require(actor, Action.MANAGE_USERS)

    def work(unit: Unit) -> int:
        conn = unit.conn
        user = user_row(conn, username)
        if user is None or user["role"] != str(Role.CHAIR):
            raise NotFound(_("There is no chair called {name}.").format(name=username))
        before = tuple(dict.fromkeys(p for p, _c in scopes_of(conn, int(user["id"]))))
        if set(before) != set(seen):
            raise StaleEdit(
                _("Not saved: {name}'s projects changed since you opened the page; they now "
                  "read: {reach}.").format(name=username, reach=_reach_text(conn, before))
            )  # fmt: skip
        after = {
            ChairReach.PROVINCE: (),
            ChairReach.HERE: tuple(dict.fromkeys((*before, project_id))),
            ChairReach.ELSEWHERE: tuple(p for p in before if p != project_id),
        }[ChairReach(reach)]
        if reach is ChairReach.ELSEWHERE and not after:
            raise InvalidRecord(
                _("{name} would be given no project, and a chair with no project reads every "
                  "project of the province. Give them the projects they chair first, or change "
                  "their role on the Users page.").format(name=username)
            )  # fmt: skip
        replace_scopes(conn, int(user["id"]), [(p, None) for p in after])
        if set(after) != set(before):
            end_user_sessions_in(conn, int(user["id"]))
        unit.audit(Entity.USER, int(user["id"]), "assign", project_id=project_id,
                   before={"projects": list(before)},
                   after={"projects": list(after)})  # fmt: skip
        return int(user["id"])

    run_command(store, key=key, command="assign_chair", actor=actor, work=work)
    with store.read() as conn:
        return next(c for c in _chairs_in(conn) if c.username == username)


def _reach_text(conn: Connection, projects: tuple[int, ...]) -> str:
    if not projects:
        return _("every project of the province")
    return ", ".join(project_in(conn, p).name for p in projects)


# For other features' transactions: the caller holds the connection (entry points never do).
def officers_in(conn: Connection, project_id: int) -> tuple[Officer, ...]:
    """Every field officer account with its communes in the project. In the caller's transaction."""
    return _officers_in(conn, project_id)


def actor_named(store: Store, username: str, *, actor: Actor) -> Actor:
    """The ``Actor`` of an active account, with its role and places (an administrator preparing
    something on its behalf, such as a field package)."""
    require(actor, Action.MANAGE_USERS)
    with store.read() as conn:
        row = user_row(conn, username.strip())
        if row is None or not row["active"]:
            raise NotFound(_("There is no active user called {name}.").format(name=username))
        scopes = tuple(Scope(p, c) for p, c in scopes_of(conn, row["id"]))
    return Actor(row["username"], Role(row["role"]), scopes, row["id"])
