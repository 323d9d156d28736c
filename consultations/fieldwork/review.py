"""Reviewing what came back from the field: the imported rows, and the clashes a person closes.

A clash is different statuses recorded for one household on one day (in the field, at the office,
or both). It stays flagged until a chair, or an officer where they work, chooses which status stands:
the choice is recorded as a new consent event of that day by the one who chose, with its review row
and audit row, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from consultations.consent.model import counted
from consultations.consent.service import append_consent_in, consent_events_in
from consultations.core.access import (
    Action,
    Actor,
    Role,
    readable_households,
    require,
    require_household,
)
from consultations.core.commands import run_command
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, StaleEdit
from consultations.core.events import Entity
from consultations.core.records import ConcernCategory, ConsentEvent, ConsentStatus, Project
from consultations.core.unit import Unit
from consultations.fieldwork import store as _store
from consultations.households.service import (
    household_in,
    household_to_change_in,
    households_seen_in,
)
from translations import _, format_date, format_datetime


def office_text(changes: Any) -> str:
    if not changes:
        return _("the household's record was edited at the office since the export")
    return "; ".join(
        _("{when} {who}: “{what}”").format(when=format_datetime(dt.datetime.fromisoformat(c["when"])), who=c["who"],
                                          what=c["what"])
        for c in changes
    )  # fmt: skip


@dataclass(frozen=True)
class FieldRowRecord:
    """An imported field row as the office reviews it."""

    household_id: int
    household: str
    kind: str
    day: str
    what: str
    user: str
    imported: str
    conflict: str | None
    office: str
    photo_missing: bool
    photo: int | None = None  # the stored photo of a concern or a non-agreement, to open


def field_rows(store: Store, project: Project, *, actor: Actor) -> list[FieldRowRecord]:
    """The project's imported field rows that ``actor`` may read, newest import first."""
    require(actor, Action.READ_PERSONAL, project_id=project.id)
    with store.read() as conn:
        seen = {h.id for h in households_seen_in(conn, project.id, actor)}
        rows = _store.field_rows_of(conn, project.id)
    return [
        FieldRowRecord(
            household_id=r["household_id"], household=f"{r['household_code']} ({r['head_name']})",
            kind=r["kind"], day=format_date(r["happened_on"]),
            what=(ConsentStatus(r["value"]).label if r["kind"] == "consent"
                  else ConcernCategory(r["value"]).label),
            user=r["field_user"], imported=format_datetime(r["imported_at"]),
            conflict=r["conflict"], office=office_text(r["office_changes"]) if r["conflict"] == "stale" else "",
            photo_missing=bool(r["photo_missing"]), photo=r["document_id"],
        )
        for r in rows
        if r["household_id"] in seen
    ]  # fmt: skip


def flagged_households(store: Store, project: Project, *, actor: Actor) -> dict[int, int]:
    """Household id → clashing field rows not yet reviewed, for the households ``actor`` may read."""
    flags: dict[int, int] = {}
    if not actor.may_in(Action.READ_PERSONAL, project.id):
        return flags  # a viewer sees no household's name, nor its flags
    for clash in open_clashes(store, project, actor=actor):
        flags[clash.household_id] = flags.get(clash.household_id, 0) + clash.rows
    return flags


@dataclass(frozen=True)
class ClashEntry:
    status: ConsentStatus
    recorded_by: str
    recorded_at: str  # local time, as shown
    from_field: bool


@dataclass(frozen=True)
class Clash:
    """Different statuses recorded for one household on one day, not yet closed by a person."""

    household_id: int
    household: str
    day: dt.date
    rows: int  # clashing field rows not yet reviewed: what the reviewer saw
    entries: tuple[ClashEntry, ...]  # every event of that day, office and field, in order


def open_clashes(store: Store, project: Project, *, actor: Actor) -> list[Clash]:
    """The clashes ``actor`` may read, each with both sides."""
    require(actor, Action.READ_PERSONAL, project_id=project.id)
    with store.read() as conn:
        seen = readable_households(conn, actor, project.id)  # None: every household
        flags = _store.unreviewed_clashes(conn, project.id)
        clashes = []
        for (household_id, day), rows in sorted(flags.items(), key=lambda f: (f[0][0], f[0][1])):
            if seen is not None and household_id not in seen:
                continue
            household = household_in(conn, household_id)
            from_field = _store.field_events_of(conn, household_id)
            events = [e for e in counted(consent_events_in(conn, project.id, household_id=household_id))
                      if e.happened_on == day]  # fmt: skip
            clashes.append(Clash(household_id, f"{household.code} ({household.head_name})", day, rows,
                tuple(ClashEntry(e.status, e.recorded_by,
                                 format_datetime(e.recorded_at) if e.recorded_at else "",
                                 e.id in from_field) for e in events)))  # fmt: skip
    return clashes


def resolve_clash(
    store: Store,
    project: Project,
    household_id: int,
    day: dt.date,
    stands: ConsentStatus,
    *,
    actor: Actor,
    seen_clashes: int,
    key: str | None = None,
) -> int:
    """Close a clash: the status that stands for ``day`` is recorded as a new event of that day,
    by the chair or officer who chose it (returns the event's id). Refused if more clashing rows
    came in since the reviewer saw ``seen_clashes`` of them, or ``stands`` is neither side."""

    def work(unit: Unit) -> int:
        conn = unit.conn
        # Choosing is reading both sides and saying which stands: chairs may, as may officers where
        # they work; a viewer may not.
        action = Action.EDIT_RECORDS if actor.role is Role.FIELD_OFFICER else Action.READ_PERSONAL
        require_household(conn, actor, action, household_id, project.id)
        now = _store.unreviewed_clashes(conn, project.id).get((household_id, day), 0)
        if now != seen_clashes:
            raise StaleEdit(
                _("Field rows came in for this household since the page opened ({n} clashing now); "
                  "look at them again before choosing.").format(n=now)
            )  # fmt: skip
        sides = {e.status for e in counted(consent_events_in(conn, project.id, household_id=household_id))
                 if e.happened_on == day}  # fmt: skip
        if stands not in sides:
            raise InvalidRecord(_("“{status}” was not recorded for {day}; choose one of the statuses "
                                  "that clash.").format(status=stands.label, day=format_date(day)))  # fmt: skip
        household = household_to_change_in(unit, household_id)
        event = ConsentEvent(
            household_id=household_id, status=stands, happened_on=day, recorded_by=unit.by,
            note=_("Chosen to stand after different statuses were recorded for this day "
                   "({statuses}).").format(statuses=", ".join(sorted(s.label for s in sides))),
        )  # fmt: skip
        event_id = append_consent_in(unit, event, household.version, None, household)
        _store.insert_review(conn, {"project_id": project.id, "household_id": household_id,
                                    "reviewed_at": unit.now, "reviewed_by": unit.by,
                                    "happened_on": day, "chosen_status": str(stands),
                                    "consent_event_id": event_id})  # fmt: skip
        unit.audit(Entity.HOUSEHOLD, household_id, "review", project_id=project.id,
                   after={"field_clashes": now, "day": day.isoformat(), "stands": str(stands)})  # fmt: skip
        return event_id

    return run_command(store, key=key, command="resolve_field_clash", actor=actor, work=work)
