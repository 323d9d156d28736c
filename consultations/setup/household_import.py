"""Adding households to a project from a register (XLSX sheets "Hộ" and "Thửa"), all or nothing."""

from __future__ import annotations

from pathlib import Path

from consultations.core.access import Action, Actor, require
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.records import Project
from consultations.households.registers import read_household_register
from consultations.land.service import affected_parcel_ids_in
from consultations.setup.folder import parcel_ids_by_key_in
from consultations.setup.loading import save_households_in


def import_households(
    store: Store, project: Project, path: Path, *, actor: Actor, key: str | None = None
) -> int:
    """Add every household of the register; a code already in the project refuses the whole file.
    The same ``key`` again (the same upload sent twice) adds nothing and returns the first count."""
    require(actor, Action.IMPORT)
    register = read_household_register(Path(path))  # a workbook bomb is refused in seconds

    def work(conn: Connection) -> int:
        ids = save_households_in(
            conn, project.id, register, parcel_ids_by_key_in(conn, project),
            affected_parcel_ids_in(conn, project.id),
        )  # fmt: skip
        write_audit(conn, actor=str(actor), action="import", entity="households", entity_id=None,
                    project_id=project.id, after={"file": Path(path).name, "households": len(ids)})  # fmt: skip
        return len(ids)

    return run_once(store, key=key, command="import_households", actor=str(actor), work=work)
