"""Adding households to a project from a register (XLSX sheets "Hộ" and "Thửa"), all or nothing."""

from __future__ import annotations

from pathlib import Path

from consultations.access import Action, Actor, require
from consultations.loading import save_households
from consultations.records import Project
from consultations.registers import read_household_register
from consultations.storage.database import Store
from consultations.storage.land import affected_parcel_ids
from consultations.storage.projects import write_audit
from geo.archives import check_archive
from workflows.project_files import parcel_ids_by_key


def import_households(store: Store, project: Project, path: Path, actor: Actor | str) -> int:
    require(actor, Action.IMPORT)
    if Path(path).suffix.lower() == ".xlsx":
        check_archive(Path(path))
    """Add every household of the register; a code already in the project refuses the whole file."""
    register = read_household_register(Path(path))
    with store.begin() as conn:
        ids = save_households(
            conn, project.id, register, parcel_ids_by_key(conn, project),
            affected_parcel_ids(conn, project.id),
        )  # fmt: skip
        write_audit(conn, actor=str(actor), action="import", entity="households", entity_id=None,
                    project_id=project.id, after={"file": Path(path).name, "households": len(ids)})  # fmt: skip
    return len(ids)
