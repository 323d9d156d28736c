"""Documents' SQL: files received, disclosures, who a file belongs to."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pandas as pd
from sqlalchemy import Connection, select

from consultations.core import schema as s
from consultations.core.audit import utcnow
from consultations.core.database import new_id
from consultations.core.frames import frame


def insert_document(
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
    digest = hashlib.sha256(content).hexdigest() if content is not None else None
    return new_id(
        conn,
        s.documents,
        project_id=project_id,
        kind=kind,
        title=title,
        file_name=file_name,
        media_type=media_type,
        sha256=digest,
        content=content,
        issued_on=issued_on,
        created_at=utcnow(),
    )


def documents_of(conn: Connection, project_id: int) -> pd.DataFrame:
    d = s.documents
    query = (
        select(d.c.id, d.c.kind, d.c.title, d.c.file_name, d.c.sha256, d.c.issued_on)
        .where(d.c.project_id == project_id)
        .order_by(d.c.issued_on, d.c.id)
    )
    return frame(conn, query)


def insert_disclosure(conn: Connection, values: dict[str, Any]) -> int:
    return new_id(conn, s.disclosures, **values)


def disclosures_of(
    conn: Connection, project_id: int, household_id: int | None = None
) -> pd.DataFrame:
    x, d, h = s.disclosures, s.documents, s.households
    query = (
        select(x, d.c.title, d.c.kind, h.c.code.label("household_code"))
        .join(d, d.c.id == x.c.document_id)
        .join(h, h.c.id == x.c.household_id)
        .where(d.c.project_id == project_id)
        .order_by(x.c.delivered_on, x.c.id)
    )
    if household_id is not None:
        query = query.where(x.c.household_id == household_id)
    return frame(conn, query)


def document_owners(conn: Connection, document_id: int) -> tuple[int, set[int]] | None:
    """A stored file's project and the households it is evidence for (a signed agreement, a
    delivery receipt, a photo taken in the field); None if there is no such file."""
    d, e, x, st = s.documents, s.consent_events, s.disclosures, s.procedure_steps
    project_id = conn.scalar(select(d.c.project_id).where(d.c.id == document_id))
    if project_id is None:
        return None
    households = set(conn.scalars(select(e.c.household_id).where(e.c.document_id == document_id)))
    households |= set(
        conn.scalars(select(x.c.household_id).where(x.c.receipt_document_id == document_id))
    )
    households |= set(
        conn.scalars(select(st.c.household_id).where(st.c.document_id == document_id))
    )
    # A photo taken in the field (of a concern, a refusal) is its household's, like its row.
    f = s.field_rows
    households |= set(conn.scalars(select(f.c.household_id).where(f.c.document_id == document_id)))
    return int(project_id), {int(h) for h in households}


def document_file(conn: Connection, document_id: int) -> Any:
    d = s.documents
    return conn.execute(
        select(d.c.title, d.c.file_name, d.c.media_type, d.c.content).where(d.c.id == document_id)
    ).one_or_none()


def household_documents(conn: Connection, household_id: int) -> list[Any]:
    """The files that are evidence for one household: signed agreements and receipts."""
    d, e, x = s.documents, s.consent_events, s.disclosures
    signed = (
        select(d.c.id, d.c.title, d.c.file_name, d.c.issued_on)
        .join(e, e.c.document_id == d.c.id)
        .where(e.c.household_id == household_id, d.c.content.is_not(None))
    )
    receipts = (
        select(d.c.id, d.c.title, d.c.file_name, d.c.issued_on)
        .join(x, x.c.receipt_document_id == d.c.id)
        .where(x.c.household_id == household_id, d.c.content.is_not(None))
    )
    return list(conn.execute(signed.union(receipts)))
