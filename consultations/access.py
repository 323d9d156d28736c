"""Who may do what: roles, their actions, and the projects and communes a field officer works in.

Checked in the services (not only by hiding buttons): every service that changes or reveals the
record takes the ``Actor`` who asks, and ``require`` refuses with ``PermissionDenied``. A plain
string actor ("cli", "demo") is the machine's own operator at the command line, who already holds
the database file; the app always passes the signed-in ``Actor``.

| action            | admin | chair | field officer          | viewer |
|-------------------|-------|-------|------------------------|--------|
| read figures, public map | ✔ | ✔ | ✔                    | ✔      |
| read personal data (names, ID numbers, phones) | ✔ | ✔ | own projects/communes | ✘ |
| edit households, consent, meetings, concerns, commitments | ✔ | ✘ | own projects/communes | ✘ |
| internal maps, registers, reports | ✔ | ✔ | ✘                  | ✘      |
| imports, projects | ✔ | ✘ | ✘                      | ✘      |
| users, audit log  | ✔ | ✘ | ✘                      | ✘      |
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from consultations.errors import PermissionDenied
from consultations.storage.users import household_communes, project_household_communes
from translations import _


class Role(StrEnum):
    ADMIN = "admin"
    CHAIR = "chair"
    FIELD_OFFICER = "field_officer"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return {
            Role.ADMIN: _("Administrator"),
            Role.CHAIR: _("Chairperson"),
            Role.FIELD_OFFICER: _("Field officer"),
            Role.VIEWER: _("Viewer"),
        }[self]


class Action(StrEnum):
    READ_FIGURES = "read_figures"
    READ_PERSONAL = "read_personal"
    EDIT_RECORDS = "edit_records"
    EXPORT_INTERNAL = "export_internal"
    IMPORT = "import"
    MANAGE_USERS = "manage_users"


ALLOWED: dict[Role, set[Action]] = {
    Role.ADMIN: set(Action),
    Role.CHAIR: {Action.READ_FIGURES, Action.READ_PERSONAL, Action.EXPORT_INTERNAL},
    Role.FIELD_OFFICER: {Action.READ_FIGURES, Action.READ_PERSONAL, Action.EDIT_RECORDS},
    Role.VIEWER: {Action.READ_FIGURES},
}
SCOPED = {Action.READ_PERSONAL, Action.EDIT_RECORDS}  # a field officer: only where assigned


@dataclass(frozen=True)
class Scope:
    project_id: int
    commune: str | None = None  # None: the whole project


@dataclass(frozen=True)
class Actor:
    username: str
    role: Role
    scopes: tuple[Scope, ...] = ()
    user_id: int | None = None

    def __str__(self) -> str:  # what the audit log records
        return self.username

    def may(self, action: Action) -> bool:
        return action in ALLOWED[self.role]


def _in_scope(actor: Actor, project_id: int | None, communes: set[str] | None) -> bool:
    for scope in actor.scopes:
        if project_id is not None and scope.project_id != project_id:
            continue
        if scope.commune is None or communes is None or not communes or scope.commune in communes:
            return True
    return False


def require(
    actor: Actor | str,
    action: Action,
    *,
    project_id: int | None = None,
    communes: set[str] | None = None,
) -> None:
    """Refuse unless ``actor`` may do ``action`` (in that project and commune, for a field officer)."""
    if isinstance(actor, str):
        return  # the operator at the command line
    if not actor.may(action):
        raise PermissionDenied(
            _("Your role ({role}) does not allow this.").format(role=actor.role.label)
        )
    if (
        actor.role is Role.FIELD_OFFICER
        and action in SCOPED
        and not _in_scope(actor, project_id, communes)
    ):
        raise PermissionDenied(
            _("This household is outside the projects and communes assigned to you.")
        )


def require_household(conn: Any, actor: Actor | str, action: Action, household_id: int) -> None:
    """``require`` for one household: its project, and the communes of its parcels."""
    if isinstance(actor, str) or actor.role is not Role.FIELD_OFFICER:
        require(actor, action)
        return
    project_id, communes = household_communes(conn, household_id)
    require(actor, action, project_id=project_id, communes=communes)


def require_record(
    conn: Any, actor: Actor | str, action: Action, project_id: int, household_id: int | None
) -> None:
    """``require`` for a record of a project that may belong to a household (a concern, a promise)."""
    if household_id is None:
        require(actor, action, project_id=project_id)
    else:
        require_household(conn, actor, action, household_id)


def readable_households(conn: Any, actor: Actor | str, project_id: int) -> set[int] | None:
    """The households of a project whose records ``actor`` may read: None means all of them (any
    role but a field officer); refused outright for a role that may not read personal data."""
    require(actor, Action.READ_PERSONAL, project_id=project_id)
    if isinstance(actor, str) or actor.role is not Role.FIELD_OFFICER:
        return None
    return {
        household_id
        for household_id, communes in project_household_communes(conn, project_id).items()
        if _in_scope(actor, project_id, communes)
    }


def only_readable(frame: Any, households: set[int] | None, column: str = "household_id") -> Any:
    """The rows of ``frame`` about a readable household, or about none (a project-wide record)."""
    if households is None:
        return frame
    keep = frame[column].isna() | frame[column].isin(list(households))
    return frame[keep]
