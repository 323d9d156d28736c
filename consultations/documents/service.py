"""The disclosure ledger: which project document reached which household, when, how, with receipt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from consultations.core.access import Action, Actor, readable_households, require, require_household
from consultations.core.commands import run_command
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord
from consultations.core.events import Entity
from consultations.core.rules import Attachment, check_event_date
from consultations.core.unit import Unit
from consultations.documents import store as _store
from consultations.documents.store import (
    disclosures_of,
    documents_of,
    insert_disclosure,
    insert_document,
)
from translations import _, local_today

METHODS = ("hand_delivered", "at_meeting", "posted_at_commune", "by_post", "electronic")
#: The project's own documents (a household's signed papers and meeting files are kept apart).
DOCUMENT_KINDS = (
    "route_map",
    "electric_field_study",
    "compensation_plan",
    "recovery_notice",
    "other",
)


def document_kind_label(kind: str) -> str:
    """A kind of document as users call it."""
    return {
        "route_map": _("Route map"), "electric_field_study": _("Electric-field study"),
        "compensation_plan": _("Compensation plan"), "recovery_notice": _("Recovery notice"),
        "other": _("Other document"), "signed_agreement": _("Signed agreement"),
        "meeting_attachment": _("Meeting file"),
    }.get(kind, kind)  # fmt: skip


def method_label(method: str) -> str:
    """How a document reached a household, as users say it."""
    return {
        "hand_delivered": _("Handed over in person"), "at_meeting": _("At a meeting"),
        "posted_at_commune": _("Posted at the commune office"), "by_post": _("By post"),
        "electronic": _("Electronically"),
    }.get(method, method)  # fmt: skip


def add_document(
    store: Store,
    project_id: int,
    *,
    kind: str,
    title: str,
    issued_on: dt.date | None,
    actor: Actor,
    file: Attachment | None = None,
    key: str | None = None,
) -> int:
    if not title.strip():
        raise InvalidRecord(_("A document needs a title."))
    require(actor, Action.EDIT_RECORDS, project_id=project_id)

    def work(unit: Unit) -> int:
        document_id = insert_document(
            unit.conn, project_id, kind=kind, title=title.strip(),
            file_name=file.file_name if file else None, content=file.content if file else None,
            media_type=file.media_type if file else None, issued_on=issued_on,
        )  # fmt: skip
        unit.audit(Entity.DOCUMENT, document_id, "create", project_id=project_id,
                   after={"title": title, "kind": kind})  # fmt: skip
        return document_id

    return run_command(store, key=key, command="add_document", actor=actor, work=work)


def disclose(
    store: Store,
    project_id: int,
    document_id: int,
    household_ids: list[int],
    *,
    delivered_on: dt.date,
    method: str,
    actor: Actor,
    receipt: Attachment | None = None,
    today: dt.date | None = None,
    key: str | None = None,
) -> list[int]:
    """Record that a document reached these households (one receipt may cover them all)."""
    if method not in METHODS:
        raise InvalidRecord(_("Unknown delivery method “{method}”.").format(method=method))
    if not household_ids:
        raise InvalidRecord(_("Choose the households that received the document."))
    check_event_date(delivered_on, "-", today or local_today())

    def work(unit: Unit) -> list[int]:
        conn = unit.conn
        for household_id in household_ids:
            require_household(conn, actor, Action.EDIT_RECORDS, household_id, project_id)
        receipt_id = None
        if receipt is not None:
            receipt_id = insert_document(
                conn, project_id, kind="receipt", title=receipt.file_name,
                file_name=receipt.file_name, content=receipt.content,
                media_type=receipt.media_type, issued_on=delivered_on,
            )  # fmt: skip
        ids = [
            insert_disclosure(conn, {"document_id": document_id, "household_id": h,
                                     "delivered_on": delivered_on, "method": method,
                                     "receipt_document_id": receipt_id})
            for h in household_ids
        ]  # fmt: skip
        unit.audit(Entity.DISCLOSURE, document_id, "create", project_id=project_id,
                   after={"households": household_ids, "method": method})  # fmt: skip
        return ids

    return run_command(store, key=key, command="disclose", actor=actor, work=work)


@dataclass(frozen=True)
class ProjectDocument:
    id: int
    kind: str
    title: str
    file_name: str | None
    issued_on: dt.date | None


@dataclass(frozen=True)
class Delivery:
    """One document delivered to one household."""

    household_code: str
    title: str
    delivered_on: dt.date
    method: str


def project_documents(store: Store, project_id: int, *, actor: Actor) -> list[ProjectDocument]:
    """The project's documents (route map, studies, plans…), not households' signed papers."""
    require(actor, Action.READ_PERSONAL, project_id=project_id)
    with store.read() as conn:
        documents = documents_of(conn, project_id)
    return [
        ProjectDocument(int(d.id), str(d.kind), str(d.title), d.file_name, d.issued_on)
        for d in documents.itertuples()
        if d.kind in DOCUMENT_KINDS
    ]


def disclosure_ledger(store: Store, project_id: int, *, actor: Actor) -> list[Delivery]:
    """Which document reached which household, for the households ``actor`` may read."""
    with store.read() as conn:
        readable = readable_households(conn, actor, project_id)
        ledger = disclosures_of(conn, project_id)
    return [
        Delivery(str(x.household_code), str(x.title), x.delivered_on, str(x.method))
        for x in ledger.itertuples()
        if readable is None or int(x.household_id) in readable
    ]


# For other features' transactions: the caller holds the connection (entry points never do).
def disclosures_in(
    conn: Connection, project_id: int, household_id: int | None = None
) -> pd.DataFrame:
    """What was disclosed in the project (or to one household). In the caller's transaction."""
    return _store.disclosures_of(conn, project_id, household_id)


def add_document_in(
    conn: Connection,
    project_id: int,
    *,
    kind: str,
    title: str,
    file_name: str | None,
    content: bytes | None,
    media_type: str | None = None,
    issued_on: dt.date | None = None,
) -> int:
    """Store a received file as a document of the project. In the caller's transaction."""
    return _store.insert_document(
        conn,
        project_id,
        kind=kind,
        title=title,
        file_name=file_name,
        content=content,
        media_type=media_type,
        issued_on=issued_on,
    )


#: The ways of disclosing that reach everyone, not one household.
PUBLIC_METHODS = ("posted_at_commune", "at_meeting")


def public_documents_in(conn: Connection, project_id: int) -> list[tuple[str, str, dt.date]]:
    """The project's documents disclosed to all (posted at the commune office or given out at a
    meeting): kind, title and the first day, oldest first. In the caller's transaction."""
    ledger = _store.disclosures_of(conn, project_id)
    first: dict[tuple[str, str], dt.date] = {}
    for x in ledger.itertuples():
        if x.method in PUBLIC_METHODS and x.kind in DOCUMENT_KINDS:
            known = (str(x.kind), str(x.title))
            first[known] = min(first.get(known, x.delivered_on), x.delivered_on)
    return sorted(((k, t, d) for (k, t), d in first.items()), key=lambda r: (r[2], r[1]))
