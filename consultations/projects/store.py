"""Projects' SQL: create one with its administrative units, read them back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, insert, select, update

from consultations.core import schema as s
from consultations.core.audit import utcnow, write_audit
from consultations.core.database import new_id
from consultations.core.errors import DuplicateRecord, NotFound
from consultations.core.records import NewProject, Project, ProjectKind
from consultations.core.scopes import project_units
from translations import _, local_time


def _unit_id(conn: Connection, level: str, name: str, parent_id: int | None) -> int:
    query = select(s.admin_units.c.id).where(
        s.admin_units.c.level == level,
        s.admin_units.c.name == name,
        s.admin_units.c.parent_id.is_(None)
        if parent_id is None
        else s.admin_units.c.parent_id == parent_id,
    )
    found = conn.scalar(query)
    if found is not None:
        return int(found)
    return new_id(conn, s.admin_units, level=level, name=name, parent_id=parent_id)


def insert_project(conn: Connection, new: NewProject, actor: str) -> Project:
    if conn.scalar(select(s.projects.c.id).where(s.projects.c.slug == new.slug)) is not None:
        raise DuplicateRecord(
            _("A project with the short name “{slug}” already exists; choose another.").format(
                slug=new.slug
            )
        )
    values = {k: v for k, v in vars(new).items() if k != "units"}
    values["kind"] = str(new.kind)
    project_id = new_id(conn, s.projects, **values, created_at=utcnow())
    parent_id: int | None = None
    for level, name in new.units:
        parent_id = _unit_id(conn, level, name, parent_id)
        conn.execute(insert(s.project_units).values(project_id=project_id, unit_id=parent_id))
    write_audit(
        conn,
        actor=actor,
        action="create",
        entity="project",
        entity_id=project_id,
        project_id=project_id,
        after={"slug": new.slug, "name": new.name},
    )
    return project_by_id(conn, project_id)


def _to_project(conn: Connection, row: Any) -> Project:
    data = dict(row._mapping)
    data["created_on"] = local_time(data.pop("created_at")).date()
    data["kind"] = ProjectKind(data["kind"])
    return Project(**data, units=tuple(project_units(conn, data["id"])))


def project_by_id(conn: Connection, project_id: int) -> Project:
    row = conn.execute(select(s.projects).where(s.projects.c.id == project_id)).one_or_none()
    if row is None:
        raise NotFound(_("There is no project number {id}.").format(id=project_id))
    return _to_project(conn, row)


def project_by_slug(conn: Connection, slug: str) -> Project:
    row = conn.execute(select(s.projects).where(s.projects.c.slug == slug)).one_or_none()
    if row is None:
        known = ", ".join(conn.scalars(select(s.projects.c.slug).order_by(s.projects.c.slug)))
        raise NotFound(
            _("There is no project “{slug}”. Known projects: {known}.").format(
                slug=slug, known=known or "-"
            )
        )
    return _to_project(conn, row)


def all_projects(conn: Connection) -> list[Project]:
    rows = conn.execute(select(s.projects).order_by(s.projects.c.name)).all()
    return [_to_project(conn, r) for r in rows]


def set_closed_at(conn: Connection, project_id: int, closed_at: dt.datetime | None) -> None:
    conn.execute(
        update(s.projects).where(s.projects.c.id == project_id).values(closed_at=closed_at)
    )
