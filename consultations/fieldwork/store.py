"""Field rows' and reviews' SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.exc import IntegrityError

from consultations.core import schema as s
from consultations.core.errors import DuplicateRecord
from translations import _


def known_uuids(conn: Connection, uuids: list[str]) -> set[str]:
    if not uuids:
        return set()
    r = s.field_rows
    return {str(u) for u in conn.scalars(select(r.c.uuid).where(r.c.uuid.in_(uuids)))}


def insert_field_rows(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    try:
        conn.execute(insert(s.field_rows), rows)
    except IntegrityError as error:  # a row id already brought back in a save that just finished
        raise DuplicateRecord(
            _("Some rows of this package were brought back at the same moment by another save; "
              "nothing was saved twice. Open the package's page again to see what is in.")
        ) from error  # fmt: skip


def insert_export(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(s.field_exports).values(**values))


def export_of(conn: Connection, package_id: str, *, lock: bool = False) -> dict[str, Any] | None:
    """The office's record of an exported package; ``lock``: held until the transaction ends, so
    two saves of one package run one after the other (PostgreSQL; SQLite writes one at a time)."""
    x = s.field_exports
    query = select(x).where(x.c.package_id == package_id)
    row = conn.execute(query.with_for_update() if lock else query).mappings().one_or_none()
    return dict(row) if row is not None else None


def field_events_of(conn: Connection, household_id: int) -> set[int]:
    """The consent events of a household that came from the field."""
    r = s.field_rows
    query = select(r.c.consent_event_id).where(
        r.c.household_id == household_id, r.c.consent_event_id.is_not(None)
    )
    return {int(i) for i in conn.scalars(query)}


def field_rows_of(conn: Connection, project_id: int) -> list[dict[str, Any]]:
    r, h = s.field_rows, s.households
    query = (
        select(r, h.c.code.label("household_code"), h.c.head_name)
        .join(h, h.c.id == r.c.household_id)
        .where(r.c.project_id == project_id)
        .order_by(r.c.imported_at.desc(), r.c.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def unreviewed_clashes(conn: Connection, project_id: int) -> dict[tuple[int, Any], int]:
    """(household id, day) → its clashing field rows imported after the latest review of that
    day (a review from before reviews named their day closes every day)."""
    r, v = s.field_rows, s.field_reviews
    reviewed = (
        select(func.max(v.c.reviewed_at))
        .where(v.c.household_id == r.c.household_id)
        .where(v.c.happened_on.is_(None) | (v.c.happened_on == r.c.happened_on))
        .scalar_subquery()
    )
    query = (
        select(r.c.household_id, r.c.happened_on, func.count())
        .where(r.c.project_id == project_id, r.c.conflict == "clash")
        .where((reviewed.is_(None)) | (r.c.imported_at > reviewed))
        .group_by(r.c.household_id, r.c.happened_on)
    )
    return {(int(h), day): int(n) for h, day, n in conn.execute(query)}


def insert_review(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(s.field_reviews).values(**values))
