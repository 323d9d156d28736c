"""Field rows' and reviews' SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, insert, select

from consultations.core import schema as s


def known_uuids(conn: Connection, uuids: list[str]) -> set[str]:
    if not uuids:
        return set()
    r = s.field_rows
    return {str(u) for u in conn.scalars(select(r.c.uuid).where(r.c.uuid.in_(uuids)))}


def field_consent_of(conn: Connection, household_ids: list[int]) -> list[dict[str, Any]]:
    """Consent rows already imported from the field for these households (to find clashes)."""
    if not household_ids:
        return []
    r = s.field_rows
    query = select(r.c.household_id, r.c.happened_on, r.c.value).where(
        r.c.kind == "consent", r.c.household_id.in_(household_ids)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def insert_field_rows(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(s.field_rows), rows)


def field_rows_of(conn: Connection, project_id: int) -> list[dict[str, Any]]:
    r, h = s.field_rows, s.households
    query = (
        select(r, h.c.code.label("household_code"), h.c.head_name)
        .join(h, h.c.id == r.c.household_id)
        .where(r.c.project_id == project_id)
        .order_by(r.c.imported_at.desc(), r.c.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def unreviewed_clashes(conn: Connection, project_id: int) -> dict[int, int]:
    """Household id → its clashing field rows imported after its latest review."""
    r, v = s.field_rows, s.field_reviews
    reviewed = (
        select(func.max(v.c.reviewed_at))
        .where(v.c.household_id == r.c.household_id)
        .scalar_subquery()
    )
    query = (
        select(r.c.household_id, func.count())
        .where(r.c.project_id == project_id, r.c.conflict == "clash")
        .where((reviewed.is_(None)) | (r.c.imported_at > reviewed))
        .group_by(r.c.household_id)
    )
    return {int(h): int(n) for h, n in conn.execute(query)}


def insert_review(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(s.field_reviews).values(**values))
