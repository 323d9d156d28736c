"""Merging a returned package's rows into the records, inside the caller's transaction.

``plan_in`` decides, before anything is written, which rows are new, which were imported before,
and which meet a conflict, from the households as they are now; ``write_in`` then writes each new
row through its own feature's door (consent: a new event on the household's history; concerns: a
concern received on a household visit) and keeps where it came from.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from consultations.concerns.service import record_concern_in
from consultations.consent.model import counted
from consultations.consent.service import append_consent_in, consent_events_in
from consultations.core.access import Action, Actor, Role, require_household
from consultations.core.audit import utcnow
from consultations.core.database import Connection
from consultations.core.errors import InvalidRecord
from consultations.core.events import Entity
from consultations.core.records import (
    Channel,
    ConcernCategory,
    ConsentEvent,
    ConsentStatus,
    Household,
    Project,
)
from consultations.core.rules import check_event_date
from consultations.core.unit import Unit
from consultations.documents.service import add_document_in
from consultations.fieldwork import store as _store
from consultations.fieldwork.layout import CONSENT, Export
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


def entered(row: FieldRow, export: Export) -> dt.datetime:
    """When the row was saved on the phone, as far as it can be: not before the package existed,
    not after now (the phone's clock is the officer's to set)."""
    moment = row.at or export.exported_at
    return min(max(moment, export.exported_at), utcnow()).astimezone(dt.UTC)


def _check(row: FieldRow, household: Household, today: dt.date, export: Export) -> None:
    where = _("{code} on {day}").format(code=household.code, day=format_date(row.day))
    if row.day > today:
        raise _refuse(_("{where}: the date is in the future.").format(where=where))
    try:  # the form's rule: an entry made more than a week after the day needs its reason
        check_event_date(row.day, None, entered(row, export).astimezone(LOCAL_TZ).date())
    except InvalidRecord as error:
        raise _refuse(
            _("{where}: {problem} A field row has no place for the reason: record it on the "
              "household's page, and remove the row from the package.").format(
                where=where, problem=error)
        ) from error  # fmt: skip
    if row.kind == CONSENT and row.value == ConsentStatus.AGREED and not (row.text or row.photo):
        raise _refuse(_("{where}: an agreement needs a photo of the signed paper or a note saying "
                        "where it is.").format(where=where))  # fmt: skip
    if row.kind != CONSENT and not row.text:
        raise _refuse(_("{where}: the concern has no text.").format(where=where))


def may_bring_back_in(
    conn: Connection,
    project: Project,
    returned: Returned,
    actor: Actor,
    households: dict[str, Household],
) -> None:
    """Refused unless ``actor`` may write every household the rows name (``households``: by code)."""
    # The officer brings back what they may edit; a chair or an administrator, what they may read.
    action = Action.EDIT_RECORDS if actor.role is Role.FIELD_OFFICER else Action.READ_PERSONAL
    for code in sorted({r.code for r in returned.rows}):
        if code not in households:
            raise _refuse(_("Household {code} is no longer in this project.").format(code=code))
        require_household(conn, actor, action, households[code].id, project.id)


def plan_in(
    conn: Connection, project: Project, returned: Returned, actor: Actor, export: Export
) -> list[Planned]:
    """Each row of ``returned`` with its household as it is now, and what happens to it."""
    households = {h.code: h for h in households_in(conn, project.id)}
    may_bring_back_in(conn, project, returned, actor, households)
    known = _store.known_uuids(conn, [r.uuid for r in returned.rows])
    day_statuses: dict[tuple[int, dt.date], set[str]] = defaultdict(set)
    ids = {households[r.code].id for r in returned.rows if r.kind == CONSENT}
    days = {(households[r.code].id, r.day) for r in returned.rows if r.kind == CONSENT}
    for household_id in sorted(ids):  # what the office and earlier packages recorded those days
        for event in counted(consent_events_in(conn, project.id, household_id=household_id)):
            if (household_id, event.happened_on) in days:
                day_statuses[(household_id, event.happened_on)].add(str(event.status))
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
            _check(row, household, today, export)
        clash = row.kind == CONSENT and len(day_statuses[(household.id, row.day)]) > 1
        stale = household.version > row.based_on
        conflict = "clash" if clash else "stale" if stale else None
        # What the office did since the export is read only for the rows it concerns.
        changes = _office_changes(conn, project, household, export.exported_at) if stale else ()
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
    importing: Unit,
    project: Project,
    returned: Returned,
    planned: list[Planned],
    export: Export,
) -> dict[str, int]:
    """Write the new rows of ``planned`` as recorded by the officer ``export`` was made for; how
    many events, concerns and duplicates. In the importing command's unit of work."""
    conn, now = importing.conn, importing.now
    recorder = Actor(export.user, Role.FIELD_OFFICER)  # the export's officer, whoever brings it
    unit = Unit(conn, recorder, now)  # their rows, in the importing command's transaction
    counts = {"events": 0, "concerns": 0, "duplicates": 0}
    provenance: list[dict[str, Any]] = []
    order = sorted(planned, key=lambda p: (entered(p.row, export), p.row.uuid))
    for plan in order:
        row, household = plan.row, plan.household
        if plan.duplicate:
            counts["duplicates"] += 1
            continue
        attachment = returned.photos.get(row.photo) if row.photo else None
        event_id = concern_id = document_id = None
        if row.kind == CONSENT:
            status = ConsentStatus(row.value)
            note = row.text or ""
            if row.photo and attachment is None:  # saved without it, as the user confirmed: said so
                note = (note + " · " if note else "") + _(
                    "the photo {photo} was missing from the field package"
                ).format(photo=row.photo)
            event = ConsentEvent(household_id=household.id, status=status, happened_on=row.day,
                                 recorded_by=unit.by, note=note or None,
                                 recorded_at=entered(row, export))  # fmt: skip
            agreed = status is ConsentStatus.AGREED
            current = household_in(conn, household.id).version
            event_id = append_consent_in(unit, event, current, attachment if agreed else None)
            counts["events"] += 1
        else:
            agreed = False
            concern_id = record_concern_in(
                unit, project.id, household_id=household.id,
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
            "project_id": project.id, "uuid": row.uuid, "package_id": export.package_id,
            "kind": "consent" if row.kind == CONSENT else "concern", "household_id": household.id,
            "happened_on": row.day, "value": row.value, "based_on_version": row.based_on,
            "field_user": row.user, "field_recorded_at": row.at, "imported_at": now,
            "imported_by": importing.by, "consent_event_id": event_id, "concern_id": concern_id,
            "document_id": document_id, "photo_missing": bool(row.photo) and attachment is None,
            "conflict": plan.conflict, "office_changes": list(plan.office_changes),
        })  # fmt: skip
    _store.insert_field_rows(conn, provenance)
    importing.audit(Entity.FIELD_PACKAGE, None, "field_import", project_id=project.id,
                    after={"package": export.package_id, "user": export.user, **counts,
                           "conflicts": sum(1 for p in planned if p.conflict and not p.duplicate)})  # fmt: skip
    return counts
