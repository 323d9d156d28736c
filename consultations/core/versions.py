"""Optimistic concurrency: every edit names the version it saw; a stale one is refused, not merged.

The refusal says what changed since, from the audit log, so the user can look and decide again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, and_, or_, select, update

from consultations.core import schema as s
from consultations.core.audit import json_safe, write_audit
from consultations.core.errors import NotFound, StaleEdit
from consultations.core.events import NEW_VERSION, Entity
from consultations.core.labels import field_label, value_text
from consultations.core.unit import Unit
from translations import _, format_datetime


def _changes_since(conn: Connection, entity: str, row_id: int, seen_version: int) -> str:
    a = s.audit_log
    own = and_(a.c.entity == entity, a.c.entity_id == row_id)
    if entity == Entity.HOUSEHOLD:  # a consent event's row names the household version it made
        events = select(s.consent_events.c.id).where(s.consent_events.c.household_id == row_id)
        own = or_(own, and_(a.c.entity == Entity.CONSENT_EVENT, a.c.entity_id.in_(events)))
    rows = conn.execute(
        select(a.c.at, a.c.actor, a.c.entity, a.c.before, a.c.after).where(own).order_by(a.c.id)
    ).all()
    lines = []
    for row in rows:
        after = row.after or {}
        if int(after.get("version", 0)) <= seen_version:
            continue
        fields = [k for k in after if k != "version"]
        if row.entity == Entity.CONSENT_EVENT:
            fields = ["status"]
        changed = ", ".join(
            f"{field_label(k)}: {value_text((row.before or {}).get(k))} → {value_text(after.get(k))}"
            for k in fields
        ) or _("a new consent status")
        lines.append(f"{format_datetime(row.at)} {row.actor}: {changed}")
    return "; ".join(lines)


def versioned_update(
    conn: Connection,
    table: Table,
    *,
    entity: str,
    row_id: int,
    seen_version: int,
    values: dict[str, Any],
    actor: str,
    project_id: int | None,
    because: dict[str, Any] | None = None,
) -> int:
    """Apply ``values`` if the row is still at ``seen_version``; returns the new version.

    ``because`` says, in the audit row, why a version moved without a change of its own values (a
    consent status recorded against the household), so a stale edit is told what happened.
    (The way of doors not yet on the unit of work: ``versioned_change`` is the same with it.)"""
    before, after = _apply(conn, table, entity, row_id, seen_version, values)
    write_audit(
        conn, actor=actor, action="update" if values else NEW_VERSION, entity=entity,
        entity_id=row_id, project_id=project_id, before=before,
        after={**(because or {}), **after},
    )  # fmt: skip
    return seen_version + 1


def versioned_change(
    unit: Unit,
    table: Table,
    *,
    entity: Entity,
    row_id: int,
    seen_version: int,
    values: dict[str, Any],
    project_id: int | None,
    because: dict[str, Any] | None = None,
) -> int:
    """``versioned_update`` in a command's unit of work, which writes its audit row and event."""
    before, after = _apply(unit.conn, table, entity, row_id, seen_version, values)
    unit.audit(entity, row_id, "update", project_id=project_id, before=before,
               after={**(because or {}), **after})  # fmt: skip
    return seen_version + 1


def _apply(conn: Connection, table: Table, entity: str, row_id: int, seen_version: int,
           values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:  # fmt: skip
    """Apply ``values`` if the row is still at ``seen_version``; the audit row's before and after."""
    current = conn.execute(select(table).where(table.c.id == row_id)).mappings().one_or_none()
    if current is None:
        raise NotFound(_("The record you are editing no longer exists."))
    result = conn.execute(
        update(table)
        .where(table.c.id == row_id, table.c.version == seen_version)
        .values(**values, version=seen_version + 1)
    )
    if result.rowcount != 1:
        raise StaleEdit(
            _("Your edit was not saved. Changes since you opened it: {changes}").format(
                changes=_changes_since(conn, entity, row_id, seen_version) or "-"
            )
        )
    before = {k: json_safe(current[k]) for k in values}
    after = {k: json_safe(v) for k, v in values.items()}
    return before, {**after, "version": seen_version + 1}


def bump_version(
    conn: Connection, table: Table, *, entity: str, row_id: int, seen_version: int
) -> int:
    """Move a row from ``seen_version`` to the next, in one statement, without an audit row of its
    own: the command's audit row names the version it made (a consent event its household's).
    A stale version is refused with what changed since; returns the new version."""
    result = conn.execute(
        update(table)
        .where(table.c.id == row_id, table.c.version == seen_version)
        .values(version=seen_version + 1)
    )
    if result.rowcount == 1:
        return seen_version + 1
    if conn.scalar(select(table.c.id).where(table.c.id == row_id)) is None:
        raise NotFound(_("The record you are editing no longer exists."))
    raise StaleEdit(
        _("Your edit was not saved. Changes since you opened it: {changes}").format(
            changes=_changes_since(conn, entity, row_id, seen_version) or "-"
        )
    )
