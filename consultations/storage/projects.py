"""Projects, their administrative units, and the audit log rows written with every change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, func, insert, select

from consultations.errors import DuplicateRecord, NotFound
from consultations.records import NewProject, Project, ProjectKind
from consultations.storage import schema as s
from consultations.storage.database import new_id
from consultations.storage.feed import append_event
from translations import _


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def write_audit(
    conn: Connection,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    project_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> int:
    """Write the audit row and its change event, in the caller's transaction; returns the row id."""
    at = utcnow()
    audit_id = new_id(
        conn, s.audit_log, at=at, actor=actor, action=action, entity=entity,
        entity_id=entity_id, project_id=project_id, before=before, after=after,
    )  # fmt: skip
    append_event(
        conn, audit_id=audit_id, at=at, actor=actor, action=action, entity=entity,
        entity_id=entity_id, project_id=project_id, payload=after,
    )  # fmt: skip
    return audit_id


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
    data.pop("created_at")
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


def project_units(conn: Connection, project_id: int) -> list[tuple[str, str]]:
    """(level, name) of the project's administrative units, outermost first."""
    rows = conn.execute(
        select(s.admin_units.c.level, s.admin_units.c.name)
        .join(s.project_units, s.project_units.c.unit_id == s.admin_units.c.id)
        .where(s.project_units.c.project_id == project_id)
        .order_by(s.admin_units.c.id)
    )
    return [(r.level, r.name) for r in rows]


def project_communes(conn: Connection, project_id: int) -> set[str]:
    """The communes of a project: its commune units, and those its parcels name."""
    units = {name for level, name in project_units(conn, project_id) if level == "commune"}
    p = s.parcels
    named = conn.scalars(
        select(p.c.commune).distinct().where(p.c.project_id == project_id, p.c.commune.is_not(None))
    )
    return units | {str(c) for c in named if c}


def latest_audit_id(conn: Connection) -> int:
    """The id of the latest audit entry of any kind."""
    return int(conn.scalar(select(func.max(s.audit_log.c.id))) or 0)


def audit_rows(
    conn: Connection,
    *,
    actor: str | None = None,
    project_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 5000,
) -> list[dict[str, Any]]:
    a = s.audit_log
    query = select(a).order_by(a.c.id.desc()).limit(limit)
    if actor:
        query = query.where(a.c.actor == actor)
    if project_id is not None:
        query = query.where(a.c.project_id == project_id)
    if since is not None:
        query = query.where(a.c.at >= since)
    if until is not None:
        query = query.where(a.c.at < until)
    return [dict(r) for r in conn.execute(query).mappings()]
