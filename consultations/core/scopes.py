"""Where a record lives (project and communes), read for the scope checks in ``access``."""

from __future__ import annotations

from sqlalchemy import Connection, select

from consultations.core import schema as s


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


def household_communes(conn: Connection, household_id: int) -> tuple[int, set[str]]:
    """The household's project and the communes of the parcels it is linked to."""
    h = s.households
    project_id = conn.scalar(select(h.c.project_id).where(h.c.id == household_id))
    return int(project_id or 0), parcel_communes(conn, household_id)


def parcel_communes(conn: Connection, household_id: int) -> set[str]:
    """The communes of the parcels the household is linked to."""
    hp, p = s.household_parcels, s.parcels
    rows = conn.execute(
        select(p.c.commune)
        .join(hp, hp.c.parcel_id == p.c.id)
        .where(hp.c.household_id == household_id)
    )
    return {r.commune for r in rows if r.commune}


def project_household_communes(conn: Connection, project_id: int) -> dict[int, set[str]]:
    """``household_communes`` for every household of a project, in one query."""
    h, hp, p = s.households, s.household_parcels, s.parcels
    rows = conn.execute(
        select(h.c.id, p.c.commune)
        .select_from(
            h.outerjoin(hp, hp.c.household_id == h.c.id).outerjoin(p, p.c.id == hp.c.parcel_id)
        )
        .where(h.c.project_id == project_id)
    ).all()
    communes: dict[int, set[str]] = {}
    for household_id, commune in rows:
        communes.setdefault(int(household_id), set())
        if commune:
            communes[int(household_id)].add(commune)
    return communes


def concern_household(conn: Connection, concern_id: int) -> int | None:
    value = conn.scalar(select(s.concerns.c.household_id).where(s.concerns.c.id == concern_id))
    return int(value) if value is not None else None


def parcel_places(conn: Connection, parcel_ids: list[int]) -> dict[int, tuple[int, str | None]]:
    """Each listed parcel's project and commune."""
    p = s.parcels
    rows = conn.execute(
        select(p.c.id, p.c.project_id, p.c.commune).where(p.c.id.in_(parcel_ids))
    ).all()
    return {int(r.id): (int(r.project_id), r.commune or None) for r in rows}


def record_owner(conn: Connection, table_name: str, row_id: int) -> tuple[int, int | None] | None:
    """The project and household (if any) of a concern or commitment; None if there is no such
    record. Scope is checked on the record's own project, never on one the caller names."""
    table = s.metadata.tables[table_name]
    row = conn.execute(
        select(table.c.project_id, table.c.household_id).where(table.c.id == row_id)
    ).one_or_none()
    if row is None:
        return None
    return int(row.project_id), (int(row.household_id) if row.household_id is not None else None)


def meeting_project(conn: Connection, meeting_id: int) -> int | None:
    """The project a meeting belongs to (None: no such meeting)."""
    value = conn.scalar(select(s.meetings.c.project_id).where(s.meetings.c.id == meeting_id))
    return int(value) if value is not None else None


def meeting_communes(conn: Connection, meeting_id: int) -> set[str]:
    """The communes a meeting was held for: those of its parcels and of the households who came
    (none: a meeting of the whole project)."""
    p, hp = s.parcels, s.household_parcels
    of_parcels = (
        select(p.c.commune)
        .join(s.meeting_parcels, s.meeting_parcels.c.parcel_id == p.c.id)
        .where(s.meeting_parcels.c.meeting_id == meeting_id)
    )
    of_people = (
        select(p.c.commune)
        .join(hp, hp.c.parcel_id == p.c.id)
        .join(s.attendance, s.attendance.c.household_id == hp.c.household_id)
        .where(s.attendance.c.meeting_id == meeting_id)
    )
    return {str(c) for c in conn.scalars(of_parcels.union(of_people)) if c}
