"""The evidence behind the record: signed papers, receipts, meeting files and project documents,
opened by those allowed, and every opening written to the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from consultations.core.access import Action, Actor, require, require_household
from consultations.core.commands import run_command
from consultations.core.database import Store
from consultations.core.errors import NotFound
from consultations.core.events import Entity
from consultations.core.unit import Unit
from consultations.documents.store import document_file, document_owners, household_documents
from translations import _


@dataclass(frozen=True)
class FileRef:
    """A stored file, named as people know it; its content comes only through ``open_file``."""

    id: int
    title: str
    file_name: str
    issued_on: dt.date | None


@dataclass(frozen=True)
class OpenedFile:
    file_name: str
    media_type: str
    content: bytes


def file_refs(rows: list[Any]) -> list[FileRef]:
    return [
        FileRef(int(r.id), str(r.title), str(r.file_name or r.title), r.issued_on) for r in rows
    ]


def files_of_household(store: Store, household_id: int, *, actor: Actor) -> list[FileRef]:
    """One household's signed agreements and delivery receipts."""
    with store.read() as conn:
        require_household(conn, actor, Action.READ_PERSONAL, household_id)
        return file_refs(household_documents(conn, household_id))


def open_file(store: Store, document_id: int, *, actor: Actor) -> OpenedFile:
    """A stored file's content for ``actor``: a household's evidence only for those who may read
    that household; the opening is written to the audit log."""

    def work(unit: Unit) -> Any:
        conn = unit.conn
        owners = document_owners(conn, document_id)
        stored = document_file(conn, document_id)
        if owners is None or stored is None or stored.content is None:
            raise NotFound(_("This file is no longer stored."))
        project_id, households = owners
        require(actor, Action.READ_PERSONAL, project_id=project_id)
        for household_id in sorted(households):
            require_household(conn, actor, Action.READ_PERSONAL, household_id, project_id)
        unit.audit(Entity.DOCUMENT, document_id, "open_file", project_id=project_id,
                   after={"file": stored.file_name or stored.title})  # fmt: skip
        return stored

    stored = run_command(store, key=None, command="open_file", actor=actor, work=work)
    return OpenedFile(
        str(stored.file_name or stored.title),
        str(stored.media_type or "application/octet-stream"),
        bytes(stored.content),
    )
