"""The disclosure ledger: which project document reached which household, when, how, with receipt."""

from __future__ import annotations

import datetime as dt

from consultations.access import Action, Actor, require, require_household
from consultations.consent_log import Attachment, check_event_date
from consultations.errors import InvalidRecord
from consultations.storage.database import Store
from consultations.storage.projects import write_audit
from consultations.storage.records import insert_disclosure, insert_document
from translations import _

METHODS = ("hand_delivered", "at_meeting", "posted_at_commune", "by_post", "electronic")


def add_document(
    store: Store,
    project_id: int,
    *,
    kind: str,
    title: str,
    issued_on: dt.date | None,
    actor: Actor | str,
    file: Attachment | None = None,
) -> int:
    if not title.strip():
        raise InvalidRecord(_("A document needs a title."))
    require(actor, Action.EDIT_RECORDS, project_id=project_id)
    with store.begin() as conn:
        document_id = insert_document(
            conn, project_id, kind=kind, title=title.strip(),
            file_name=file.file_name if file else None, content=file.content if file else None,
            media_type=file.media_type if file else None, issued_on=issued_on,
        )  # fmt: skip
        write_audit(conn, actor=str(actor), action="create", entity="document", entity_id=document_id,
                    project_id=project_id, after={"title": title, "kind": kind})  # fmt: skip
    return document_id


def disclose(
    store: Store,
    project_id: int,
    document_id: int,
    household_ids: list[int],
    *,
    delivered_on: dt.date,
    method: str,
    actor: Actor | str,
    receipt: Attachment | None = None,
    today: dt.date | None = None,
) -> list[int]:
    """Record that a document reached these households (one receipt may cover them all)."""
    if method not in METHODS:
        raise InvalidRecord(_("Unknown delivery method “{method}”.").format(method=method))
    if not household_ids:
        raise InvalidRecord(_("Choose the households that received the document."))
    check_event_date(delivered_on, "-", today or dt.date.today())
    with store.begin() as conn:
        for household_id in household_ids:
            require_household(conn, actor, Action.EDIT_RECORDS, household_id)
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
        write_audit(conn, actor=str(actor), action="create", entity="disclosure", entity_id=document_id,
                    project_id=project_id, after={"households": household_ids, "method": method})  # fmt: skip
    return ids
