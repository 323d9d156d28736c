"""The project registry: the projects there are, a new project, closing and reopening one.

Read models over a project (its land coloured by status, its figures, who is on which parcel) are
the reporting side's (``consultations.reporting.maps``); setting a project up from its files is
``consultations.setup``'s."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from consultations.core.access import Action, Actor, require
from consultations.core.commands import run_command
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.events import Entity
from consultations.core.records import NewProject, Project
from consultations.core.unit import Unit
from consultations.projects import store as _store
from consultations.projects.model import check_new_project
from consultations.projects.places import (
    FormerPlace,
    Province,
    find_province,
    former_place,
    plain,
    provinces,
)
from consultations.projects.store import (
    all_projects,
    insert_project,
    project_by_slug,
    set_closed_at,
)
from translations import _


def list_projects(store: Store) -> list[Project]:
    with store.read() as conn:
        return all_projects(conn)


def find_project(store: Store, slug: str) -> Project:
    with store.read() as conn:
        return project_by_slug(conn, slug)


def counted_on(project: Project, as_of: dt.date | None) -> bool:
    """Whether households are counted on ``as_of``: not before the project's inventory cut-off
    date, when its census had not been taken (a date before the project existed)."""
    return as_of is None or project.cutoff_on is None or as_of >= project.cutoff_on


def places_for_a_new_project(*, actor: Actor) -> tuple[Province, ...]:
    """The provinces and communes a new project may name (administrators only)."""
    require(actor, Action.IMPORT)
    return provinces()


def what_it_became(province: str, name: str, *, actor: Actor) -> FormerPlace | None:
    """Which of today's communes of ``province`` a commune or district before 2025 became
    (administrators, setting a project up); None when ``name`` was neither."""
    require(actor, Action.IMPORT)
    found = find_province(province)
    return former_place(found, name) if found else None


def create_project(
    store: Store, new: NewProject, *, actor: Actor, key: str | None = None
) -> Project:
    """Create a project of one's own (administrators): checked first (``model``), then saved with
    its province and communes and audited; the same ``key`` again returns the first project. Its
    layers and households come next, through the Import page or ``cli.py import``."""
    require(actor, Action.IMPORT)
    check_new_project(new)
    province = find_province(new.province or "")
    assert province is not None  # checked above
    communes = [plain(name) for level, name in new.units if level == "commune"]
    units = (("province", province.name), *(("commune", c) for c in dict.fromkeys(communes)))
    named = replace(new, province=province.name, units=units, name=new.name.strip())

    def work(unit: Unit) -> int:
        return _insert(unit, named).id

    project_id = run_command(store, key=key, command="create_project", actor=actor, work=work)
    with store.read() as conn:
        return project_in(conn, project_id)


def close_project(
    store: Store, project_id: int, *, actor: Actor, reason: str, key: str | None = None
) -> Project:
    """Close a project (administrators): every record is kept and readable, nothing can change
    until it is reopened (``core.audit`` refuses any change of a closed project)."""
    return _set_closed(store, project_id, actor=actor, closing=True, reason=reason, key=key)


def reopen_project(
    store: Store, project_id: int, *, actor: Actor, reason: str, key: str | None = None
) -> Project:
    """Reopen a closed project (administrators); its records can be changed again."""
    return _set_closed(store, project_id, actor=actor, closing=False, reason=reason, key=key)


def _set_closed(
    store: Store, project_id: int, *, actor: Actor, closing: bool, reason: str, key: str | None
) -> Project:
    require(actor, Action.IMPORT)
    if not reason.strip():
        raise InvalidRecord(_("Say why, for the record (for example the decision's number)."))

    def work(unit: Unit) -> int:
        project = project_in(unit.conn, project_id)
        if project.closed == closing:
            raise InvalidRecord(
                (_("“{name}” is already closed.") if closing else _("“{name}” is open.")).format(
                    name=project.name
                )
            )
        # The audit row first: a closed project takes no change but its reopening.
        unit.audit(Entity.PROJECT, project_id, "close" if closing else "reopen",
                   project_id=project_id, after={"reason": reason.strip()})  # fmt: skip
        set_closed_at(unit.conn, project_id, unit.now if closing else None)
        return project_id

    run_command(store, key=key, command=f"set_closed:{closing}", actor=actor, work=work)
    with store.read() as conn:
        return project_in(conn, project_id)


# For other features' transactions: the caller holds the connection (entry points never do).
def project_in(conn: Connection, project_id: int) -> Project:
    """The project with this id. In the caller's transaction."""
    return _store.project_by_id(conn, project_id)


def insert_project_in(conn: Connection, new: NewProject, *, actor: Actor) -> Project:
    """Save a project read from a project folder, inside the caller's transaction: the folder's
    project, layers and households are saved together or not at all."""
    return _insert(Unit(conn, actor), new)


def _insert(unit: Unit, new: NewProject) -> Project:
    # The store's insert writes its own audit row: tests and benchmarks make projects through it.
    return insert_project(unit.conn, new, unit.by)
