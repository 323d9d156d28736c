"""Optimistic concurrency: every edit names the version it saw; a stale one is refused, not merged.

The refusal says what changed since, from the audit log, so the user can look and decide again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, select, update

from consultations.core import schema as s
from consultations.core.audit import json_safe, write_audit
from consultations.core.errors import NotFound, StaleEdit
from consultations.core.events import NEW_VERSION
from consultations.core.labels import field_label, value_text
from translations import _, format_datetime


def _changes_since(conn: Connection, entity: str, row_id: int, seen_version: int) -> str:
    rows = conn.execute(
        select(s.audit_log.c.at, s.audit_log.c.actor, s.audit_log.c.before, s.audit_log.c.after)
        .where(s.audit_log.c.entity == entity, s.audit_log.c.entity_id == row_id)
        .order_by(s.audit_log.c.id)
    ).all()
    lines = []
    for row in rows:
        after = row.after or {}
        if int(after.get("version", 0)) <= seen_version:
            continue
        fields = [k for k in after if k != "version"]
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
    consent status recorded against the household), so a stale edit is told what happened."""
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
    write_audit(
        conn,
        actor=actor,
        action="update" if values else NEW_VERSION,
        entity=entity,
        entity_id=row_id,
        project_id=project_id,
        before=before,
        after={**(because or {}), **after, "version": seen_version + 1},
    )
    return seen_version + 1
