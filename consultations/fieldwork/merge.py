"""Merging a returned package's rows into the records, inside the caller's transaction.

``plan_in`` decides, before anything is written, which rows are new, which were imported before,
and which meet a conflict, from the households as they are now; ``write_in`` then writes each new
row through its own feature's door (consent: a new event on the household's history; concerns: a
concern received on a household visit) and keeps where it came from.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from consultations.concerns.service import record_concern_in
from consultations.consent.service import append_consent_in, consent_events_in
from consultations.core.access import Action, Actor, require_household
from consultations.core.audit import utcnow, write_audit
from consultations.core.database import Connection
from consultations.core.errors import InvalidRecord
from consultations.core.records import (
    Channel,
    ConcernCategory,
    ConsentEvent,
    ConsentStatus,
    Household,
    Project,
)
from consultations.core.rules import Attachment
from consultations.documents.service import add_document_in
from consultations.fieldwork import store as _store
from consultations.fieldwork.layout import CONSENT
from consultations.fieldwork.returned import FieldRow, Returned
from consultations.households.service import household_in, households_in
from translations import LOCAL_TZ, _, format_date


@dataclass(frozen=True)
class Planned:
    row: FieldRow
    household: Household
    duplicate: bool
    conflict: str | None  # None, "stale" or "clash"
    office_changes: tuple[dict[str, str], ...]  # who, when, what: recorded since the export


def _refuse(text: str) -> InvalidRecord:
    return InvalidRecord(text + " " + _("Nothing was saved."))


def _check(row: FieldRow, household: Household, today: dt.date) -> None:
    where = _("{code} on {day}").format(code=household.code, day=format_date(row.day))
    if row.day > today:
        raise _refuse(_("{where}: the date is in the future.").format(where=where))
    if row.kind == CONSENT and row.value == ConsentStatus.AGREED and not (row.text or row.photo):
        raise _refuse(_("{where}: an agreement needs a photo of the signed paper or a note saying "
                        "where it is.").format(where=where))  # fmt: skip
    if row.kind != CONSENT and not row.text:
        raise _refuse(_("{where}: the concern has no text.").format(where=where))


def plan_in(conn: Connection, project: Project, returned: Returned, actor: Actor) -> list[Planned]:
    """Each row of ``returned`` with its household as it is now, and what happens to it."""
    households = {h.code: h for h in households_in(conn, project.id)}
    for code in sorted({r.code for r in returned.rows}):
        if code not in households:
            raise _refuse(_("Household {code} is no longer in this project.").format(code=code))
        require_household(conn, actor, Action.EDIT_RECORDS, households[code].id, project.id)
    known = _store.known_uuids(conn, [r.uuid for r in returned.rows])
    day_statuses: dict[tuple[int, dt.date], set[str]] = defaultdict(set)
    ids = [households[r.code].id for r in returned.rows]
    for previous in _store.field_consent_of(conn, ids):
        day_statuses[(previous["household_id"], previous["happened_on"])].add(previous["value"])
    seen: set[str] = set()
    fresh = []
    for row in returned.rows:
        duplicate = row.uuid in known or row.uuid in seen
        seen.add(row.uuid)
        fresh.append((row, duplicate))
        if row.kind == CONSENT and not duplicate:
            day_statuses[(households[row.code].id, row.day)].add(row.value)
    today = dt.datetime.now(LOCAL_TZ).date()
    planned = []
    for row, duplicate in fresh:
        household = households[row.code]
        if not duplicate:
            _check(row, household, today)
        clash = row.kind == CONSENT and len(day_statuses[(household.id, row.day)]) > 1
        stale = household.version > row.based_on
        conflict = "clash" if clash else "stale" if stale else None
        # What the office did since the export is read only for the rows it concerns.
        changes = (
            _office_changes(conn, project, household, returned.manifest.exported) if stale else ()
        )
        planned.append(Planned(row, household, duplicate, conflict, changes))
    return planned


def _office_changes(
    conn: Connection, project: Project, household: Household, since: dt.datetime
) -> tuple[dict[str, str], ...]:
    events = consent_events_in(conn, project.id, household_id=household.id)
    return tuple(
        {"who": e.recorded_by, "when": e.recorded_at.isoformat(), "what": e.status.label}
        for e in events
        if e.recorded_at is not None and _utc(e.recorded_at) > since
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def write_in(
    conn: Connection, project: Project, returned: Returned, planned: list[Planned], actor: Actor
) -> dict[str, int]:
    """Write the new rows of ``planned``; how many events, concerns and duplicates."""
    manifest, now = returned.manifest, utcnow()
    counts = {"events": 0, "concerns": 0, "duplicates": 0}
    provenance: list[dict[str, Any]] = []
    order = sorted(planned, key=lambda p: (p.row.at or manifest.exported, p.row.uuid))
    for plan in order:
        row, household = plan.row, plan.household
        if plan.duplicate:
            counts["duplicates"] += 1
            continue
        photo = returned.photos.get(row.photo) if row.photo else None
        attachment = None
        if photo is not None:
            name = PurePosixPath(row.photo or "photo.jpg").name
            attachment = Attachment(name, photo, mimetypes.guess_type(name)[0])
        event_id = concern_id = document_id = None
        if row.kind == CONSENT:
            status = ConsentStatus(row.value)
            note = row.text or ""
            if row.photo and photo is None:  # saved without it, as the user confirmed: said so
                note = (note + " · " if note else "") + _(
                    "the photo {photo} was missing from the field package"
                ).format(photo=row.photo)
            event = ConsentEvent(household_id=household.id, status=status, happened_on=row.day,
                                 recorded_by=manifest.user, note=note or None)  # fmt: skip
            agreed = status is ConsentStatus.AGREED
            current = household_in(conn, household.id).version
            event_id = append_consent_in(conn, event, current, attachment if agreed else None)
            counts["events"] += 1
        else:
            agreed = False
            concern_id = record_concern_in(
                conn, project.id, actor=actor, household_id=household.id,
                category=ConcernCategory(row.value), channel=Channel.HOUSEHOLD_VISIT,
                text=row.text, received_on=row.day,
            )  # fmt: skip
            counts["concerns"] += 1
        if attachment is not None and not agreed:
            document_id = add_document_in(
                conn, project.id, kind="field_photo", file_name=attachment.file_name,
                title=_("Photo taken in the field, household {code}").format(code=household.code),
                content=attachment.content, media_type=attachment.media_type, issued_on=row.day,
            )  # fmt: skip
        provenance.append({
            "project_id": project.id, "uuid": row.uuid, "package_id": manifest.package_id,
            "kind": "consent" if row.kind == CONSENT else "concern", "household_id": household.id,
            "happened_on": row.day, "value": row.value, "based_on_version": row.based_on,
            "field_user": row.user, "field_recorded_at": row.at, "imported_at": now,
            "imported_by": str(actor), "consent_event_id": event_id, "concern_id": concern_id,
            "document_id": document_id, "photo_missing": bool(row.photo) and photo is None,
            "conflict": plan.conflict, "office_changes": list(plan.office_changes),
        })  # fmt: skip
    _store.insert_field_rows(conn, provenance)
    write_audit(conn, actor=str(actor), action="field_import", entity="field_package", entity_id=None,
                project_id=project.id, after={"package": manifest.package_id, "user": manifest.user,
                **counts, "conflicts": sum(1 for p in planned if p.conflict and not p.duplicate)})  # fmt: skip
    return counts
