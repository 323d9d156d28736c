"""Adding households to a project from a register (XLSX sheets "Hộ" and "Thửa"), all or nothing.

By the import protocol (``core/imports.py``): ``prepare_households`` reads and checks the register
once and finds each household's parcels in the project (which makes it affected);
``save_households`` adds exactly those households and links, refused if the project's land changed
in between (the parcels found, and who is affected, could be others then).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from consultations.core.access import Action, Actor, require
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.feed import Stream, stream_head_in
from consultations.core.imports import ImportPreview, refuse_moved
from consultations.core.records import Project
from consultations.households.registers import HouseholdRegister, read_household_register
from consultations.land.service import affected_parcel_ids_in
from consultations.setup.folder import parcel_ids_by_key_in
from consultations.setup.loading import Links, affected_codes, insert_households_in, linked_parcels
from translations import _


@dataclass(frozen=True)
class PreparedHouseholds:
    """A household register read, checked and linked to the project's parcels once."""

    project: Project
    file_name: str
    register: HouseholdRegister
    links: Links
    affected: frozenset[str]  # the codes of households on an affected parcel
    land_seen: int  # the project's land as it was when the parcels were found (its feed counter)

    def preview(self) -> ImportPreview:
        households = len(self.register.households)
        return ImportPreview(
            added=households,
            lines=(_("{n} households to add, {affected} of them affected; {links} links to "
                     "parcels.").format(n=households, affected=len(self.affected),
                                        links=sum(len(f) for f in self.links.values())),),
        )  # fmt: skip


def prepare_households(
    store: Store, project: Project, path: Path, *, actor: Actor
) -> PreparedHouseholds:
    """The register at ``path`` read, checked and linked to ``project``'s parcels; nothing saved."""
    require(actor, Action.IMPORT)
    register = read_household_register(Path(path))  # a workbook bomb is refused in seconds
    with store.read() as conn:
        land_seen = stream_head_in(conn, project.id, Stream.LAND)
        links = linked_parcels(register, parcel_ids_by_key_in(conn, project))
        affected = affected_codes(links, affected_parcel_ids_in(conn, project.id))
    return PreparedHouseholds(project, Path(path).name, register, links, frozenset(affected),
                              land_seen)  # fmt: skip


def save_households(
    store: Store, prepared: PreparedHouseholds, *, actor: Actor, key: str | None = None
) -> int:
    """Add every household of the prepared register; a code already in the project refuses the
    whole file. The same ``key`` again (the same upload sent twice) adds nothing and returns the
    first count."""
    require(actor, Action.IMPORT)
    project = prepared.project

    def work(conn: Connection) -> int:
        if stream_head_in(conn, project.id, Stream.LAND) != prepared.land_seen:
            refuse_moved([_("the project's parcels or corridor were changed")])
        ids = insert_households_in(conn, project.id, prepared.register, prepared.links,
                                   set(prepared.affected))  # fmt: skip
        write_audit(conn, actor=str(actor), action="import", entity="households", entity_id=None,
                    project_id=project.id, after={"file": prepared.file_name, "households": len(ids)})  # fmt: skip
        return len(ids)

    return run_once(store, key=key, command="import_households", actor=str(actor), work=work)


def import_households(
    store: Store, project: Project, path: Path, *, actor: Actor, key: str | None = None
) -> int:
    """Prepare the register at ``path`` and save it at once (the command line, set-up)."""
    prepared = prepare_households(store, project, path, actor=actor)
    return save_households(store, prepared, actor=actor, key=key)
