"""Who may do what: roles, their actions, and the projects and communes a field officer works in.

Checked in the services (not only by hiding buttons): every service that changes or reveals the
record takes the ``Actor`` who asks, as a keyword with no default, and ``require`` refuses with
``PermissionDenied``. The app passes the signed-in ``Actor``; the command line and the demo loader
pass an explicit ``operator(...)``, an administrator named in the audit log (``cli:root``), because
whoever runs them already holds the database file. A plain string is never an actor: ``require``
raises ``TypeError`` for one, and mypy refuses it.

| action            | admin | chair | field officer          | viewer |
|-------------------|-------|-------|------------------------|--------|
| read figures, public map | ✔ | ✔ | ✔                    | ✔      |
| read personal data (names, ID numbers, phones) | ✔ | ✔¹ | own projects/communes | ✘ |
| edit households, consent, meetings, concerns, commitments | ✔ | ✘ | own projects/communes | ✘ |
| internal maps, registers, reports | ✔ | ✔¹ | ✘                  | ✘      |

¹ A chair given no project reads every project of the province; a chair given projects (on the
Project set-up page, or ``create-user --scope SLUG``) reads the personal data and internal exports of
those projects only, and the figures of all (as a viewer does).
| imports, projects | ✔ | ✘ | ✘                      | ✘      |
| users, audit log  | ✔ | ✘ | ✘                      | ✘      |
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from consultations.core.errors import NotFound, PermissionDenied
from translations import _

# The checks below that read the store import ``scopes`` (and with it SQLAlchemy) when called:
# a command line that only names a role, or acts as the operator, does not load the database layer.


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
CHAIR_SCOPED = {Action.READ_PERSONAL, Action.EXPORT_INTERNAL}  # a chair given projects: only those


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
    operator: bool = False  # the command line or a loader, not a signed-in person

    def __str__(self) -> str:  # what the audit log records
        return self.username

    def may(self, action: Action) -> bool:
        """The role allows ``action`` somewhere (``may_in`` says whether in a given project)."""
        return action in ALLOWED[self.role]

    def scoped(self, action: Action) -> bool:
        """``action`` is limited to the projects (and communes) given to this actor."""
        if self.role is Role.FIELD_OFFICER:
            return action in SCOPED
        return self.role is Role.CHAIR and bool(self.scopes) and action in CHAIR_SCOPED

    @property
    def project_ids(self) -> frozenset[int]:
        """The projects given to this actor (empty for a role or chair that is not limited)."""
        return frozenset(s.project_id for s in self.scopes)

    def may_in(self, action: Action, project_id: int) -> bool:
        """The role allows ``action`` in this project (somewhere in it, for a field officer)."""
        return self.may(action) and (not self.scoped(action) or project_id in self.project_ids)


def operator(name: str) -> Actor:
    """The actor of a command run on the server itself (``cli:root``, ``demo``): an administrator,
    named as such in the audit log."""
    return Actor(username=name, role=Role.ADMIN, operator=True)


def _in_scope(actor: Actor, project_id: int | None, communes: set[str] | None) -> bool:
    for scope in actor.scopes:
        if project_id is not None and scope.project_id != project_id:
            continue
        if scope.commune is None or communes is None or not communes or scope.commune in communes:
            return True
    return False


def require(
    actor: Actor,
    action: Action,
    *,
    project_id: int | None = None,
    communes: set[str] | None = None,
) -> None:
    """Refuse unless ``actor`` may do ``action`` (in that project and commune, for a field officer;
    in that project, for a chair given projects). Every check about one project names it."""
    if not isinstance(actor, Actor):
        raise TypeError(f"an Actor is required, not {type(actor).__name__}")
    if not actor.may(action):
        raise PermissionDenied(
            _("Your role ({role}) does not allow this.").format(role=actor.role.label)
        )
    if actor.scoped(action) and not _in_scope(actor, project_id, communes):
        raise PermissionDenied(
            _("This household is outside the projects and communes assigned to you.")
            if actor.role is Role.FIELD_OFFICER
            else _("This project is not one of the projects assigned to you.")
        )


def require_household(
    conn: Any, actor: Actor, action: Action, household_id: int, project_id: int | None = None
) -> None:
    """``require`` for one household: its project, and the communes of its parcels (which only a
    field officer's communes narrow). With
    ``project_id``, the household must also belong to that project."""
    from consultations.core import scopes

    own_project, communes = scopes.household_communes(conn, household_id)
    if project_id is not None and own_project != project_id:
        raise PermissionDenied(_("This household is not part of this project."))
    require(actor, action, project_id=own_project, communes=communes)


def require_household_read(conn: Any, actor: Actor, action: Action, household: Any) -> None:
    """``require_household`` for a household the command has already read (anything with ``id``
    and ``project_id``): only its parcels' communes are read."""
    from consultations.core import scopes

    communes = scopes.parcel_communes(conn, household.id)
    require(actor, action, project_id=household.project_id, communes=communes)


def require_record(
    conn: Any, actor: Actor, action: Action, project_id: int, household_id: int | None
) -> None:
    """``require`` for a record of a project that may belong to a household (a concern, a promise):
    the household, if any, must be of that project and readable or editable by ``actor``."""
    if household_id is None:
        require(actor, action, project_id=project_id)
    else:
        require_household(conn, actor, action, household_id, project_id)


def require_owned_record(
    conn: Any, actor: Actor, action: Action, table_name: str, row_id: int, project_id: int
) -> None:
    """``require_record`` for an existing concern or commitment, on its own project and household;
    refused if it is not a record of ``project_id`` (the project the user is working in)."""
    from consultations.core import scopes

    owner = scopes.record_owner(conn, table_name, row_id)
    if owner is None or owner[0] != project_id:
        raise NotFound(_("The record you are editing no longer exists in this project."))
    require_record(conn, actor, action, owner[0], owner[1])


def require_meeting(conn: Any, project_id: int, meeting_id: int) -> None:
    """Refuse a meeting that is not one of ``project_id``'s (the project the user works in)."""
    from consultations.core import scopes

    if scopes.meeting_project(conn, meeting_id) != project_id:
        raise NotFound(_("There is no such meeting in this project."))


def require_cited_meeting(
    conn: Any, actor: Actor, action: Action, project_id: int, meeting_id: int
) -> None:
    """A meeting a household's record cites: one of the household's project (``project_id``),
    and for a field officer one held for a commune assigned to them (a meeting of the whole
    project, with no parcel and no household named, is any of its officers')."""
    require_meeting(conn, project_id, meeting_id)
    from consultations.core import scopes

    communes = scopes.meeting_communes(conn, meeting_id)
    if actor.scoped(action) and not _in_scope(actor, project_id, communes):
        raise PermissionDenied(
            _("Meeting No. {meeting} was held for communes not assigned to you ({communes}); "
              "cite a meeting of your own communes.").format(
                meeting=meeting_id, communes=", ".join(sorted(communes)))
        )  # fmt: skip


def require_parcels(
    conn: Any, actor: Actor, action: Action, project_id: int, parcel_ids: Iterable[int]
) -> None:
    """``require`` for parcels a record names: each of ``project_id``, and for a field officer in
    a commune assigned (a parcel without a commune: the project's scope is enough)."""
    from consultations.core import scopes

    found = scopes.parcel_places(conn, list(parcel_ids))
    for parcel_id in parcel_ids:
        if parcel_id not in found or found[parcel_id][0] != project_id:
            raise PermissionDenied(_("A parcel chosen is not part of this project."))
        commune = found[parcel_id][1]
        require(actor, action, project_id=project_id, communes={commune} if commune else None)


def readable_households(conn: Any, actor: Actor, project_id: int) -> set[int] | None:
    """The households of a project whose records ``actor`` may read: None means all of them (any
    role but a field officer); refused outright for a role that may not read personal data."""
    require(actor, Action.READ_PERSONAL, project_id=project_id)
    if actor.role is not Role.FIELD_OFFICER:
        return None
    from consultations.core import scopes

    return {
        household_id
        for household_id, communes in scopes.project_household_communes(conn, project_id).items()
        if _in_scope(actor, project_id, communes)
    }


def only_readable(frame: Any, households: set[int] | None, column: str = "household_id") -> Any:
    """The rows of ``frame`` about a readable household, or about none (a project-wide record)."""
    if households is None:
        return frame
    keep = frame[column].isna() | frame[column].isin(list(households))
    return frame[keep]
