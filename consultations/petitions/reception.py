"""Reception sessions, and the steering committee's list of long-standing backlog cases.

A session is a leader's scheduled reception, the office's regular one, or an unscheduled one for an
urgent matter; one planned and not held shows on the schedule as not kept. A backlog case is put on
the list by a decision, followed in working sessions, and taken off only by a decision when resolved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from consultations.core import schema
from consultations.core.access import Action, Actor, Role, require
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord, NotFound, PermissionDenied
from consultations.core.versions import versioned_update
from consultations.petitions import store as _store
from consultations.petitions.model import SessionKind
from consultations.petitions.service import NewPetition, check_petition, petition_values
from translations import _


@dataclass(frozen=True)
class ReceptionSession:
    body: str
    kind: SessionKind
    citizens: int
    leader: str | None = None
    planned_on: dt.date | None = None
    held_on: dt.date | None = None
    place: str | None = None
    summary: str | None = None
    project_id: int | None = None
    id: int | None = None

    @property
    def kept(self) -> bool | None:
        """Held as scheduled (None: not on a schedule)."""
        return None if self.planned_on is None else self.held_on is not None


def _session_values(session: ReceptionSession, actor: Actor) -> dict[str, object]:
    values = {k: v for k, v in vars(session).items() if k != "id"}
    return {**values, "kind": str(session.kind), "recorded_by": str(actor)}


def record_session(
    store: Store, session: ReceptionSession, *, actor: Actor, key: str | None = None
) -> int:
    """A reception session held, or scheduled (``held_on`` empty)."""
    require(actor, Action.EDIT_RECORDS)
    if not session.body.strip():
        raise InvalidRecord(_("A reception session needs the receiving body."))
    if session.held_on is None and session.planned_on is None:
        raise InvalidRecord(_("Give the day the session was held, or the day it is scheduled."))
    if session.citizens < 0 or (session.held_on is None and session.citizens):
        raise InvalidRecord(_("Citizens are counted at a session that was held."))

    def work(conn: Connection) -> int:
        session_id = _store.insert_session(conn, _session_values(session, actor))
        write_audit(conn, actor=str(actor), action="create", entity="reception_session",
                    entity_id=session_id, project_id=session.project_id,
                    after={"body": session.body, "citizens": session.citizens})  # fmt: skip
        return session_id

    return run_once(store, key=key, command="record_session", actor=str(actor), work=work)


def record_reception_day(
    store: Store, session: ReceptionSession, petitions: list[NewPetition], *, actor: Actor,
    today: dt.date | None = None,
) -> int:  # fmt: skip
    """A session held and the petitions received at it, in one transaction (the demo's Cát Văn
    day; a body's importer of past sessions)."""
    require(actor, Action.IMPORT)
    for petition in petitions:
        check_petition(petition, today or dt.date.today())

    def work(conn: Connection) -> int:
        session_id = _store.insert_session(conn, _session_values(session, actor))
        rows = [{**petition_values(p, actor), "session_id": session_id} for p in petitions]
        _store.insert_petitions(conn, rows)
        write_audit(conn, actor=str(actor), action="create", entity="reception_session",
                    entity_id=session_id, project_id=session.project_id,
                    after={"body": session.body, "citizens": session.citizens, "petitions": len(rows)})  # fmt: skip
        return session_id

    return run_once(store, key=None, command="record_reception_day", actor=str(actor), work=work)


def reception_sessions(
    store: Store, *, actor: Actor, body: str | None = None
) -> list[ReceptionSession]:
    require(actor, Action.READ_PERSONAL)
    with store.read() as conn:
        rows = _store.session_rows(conn, body)
    return [
        ReceptionSession(
            body=r["body"],
            kind=SessionKind(r["kind"]),
            citizens=r["citizens"],
            leader=r["leader"],
            planned_on=r["planned_on"],
            held_on=r["held_on"],
            place=r["place"],
            summary=r["summary"],
            project_id=r["project_id"],
            id=r["id"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class BacklogCase:
    id: int
    body: str
    title: str
    listed_on: dt.date
    listing_decision: str
    lead: str
    removed_on: dt.date | None
    removal_decision: str | None
    sessions: tuple[tuple[dt.date, str, str], ...]  # (day, attendees, outcome)
    version: int


def _committee(actor: Actor) -> None:
    """The steering committee's list is kept by its chairs (and administrators)."""
    if actor.role not in (Role.ADMIN, Role.CHAIR):
        raise PermissionDenied(
            _("The list of backlog cases is kept by the steering committee's chairs.")
        )


def list_case(
    store: Store, *, body: str, title: str, listed_on: dt.date, decision: str, lead: str,
    actor: Actor, petition_id: int | None = None, key: str | None = None,
) -> int:  # fmt: skip
    """Put a case on the list, by a decision."""
    _committee(actor)
    if not (body.strip() and decision.strip() and title.strip() and lead.strip()):
        raise InvalidRecord(
            _("A case is put on the list by a decision, with its lead person and body.")
        )

    def work(conn: Connection) -> int:
        case_id = _store.insert_case(conn, {"body": body.strip(), "title": title.strip(),
            "listed_on": listed_on, "listing_decision": decision.strip(), "lead": lead.strip(),
            "petition_id": petition_id, "recorded_by": str(actor)})  # fmt: skip
        write_audit(conn, actor=str(actor), action="create", entity="backlog_case", entity_id=case_id,
                    project_id=None, after={"title": title, "decision": decision})  # fmt: skip
        return case_id

    return run_once(store, key=key, command="list_case", actor=str(actor), work=work)


def add_working_session(
    store: Store, case_id: int, *, held_on: dt.date, attendees: str, outcome: str, actor: Actor,
    key: str | None = None,
) -> int:  # fmt: skip
    _committee(actor)
    if not outcome.strip():
        raise InvalidRecord(_("Write the outcome of the working session."))

    def work(conn: Connection) -> int:
        if _store.case_row(conn, case_id) is None:
            raise NotFound(_("There is no such case on the list."))
        session_id = _store.insert_case_session(conn, {"case_id": case_id, "held_on": held_on,
            "attendees": attendees.strip() or None, "outcome": outcome.strip(),
            "recorded_by": str(actor)})  # fmt: skip
        write_audit(conn, actor=str(actor), action="working_session", entity="backlog_case",
                    entity_id=case_id, project_id=None, after={"held_on": held_on.isoformat()})  # fmt: skip
        return session_id

    return run_once(store, key=key, command="case_session", actor=str(actor), work=work)


def remove_case(
    store: Store, case_id: int, *, removed_on: dt.date, decision: str, seen_version: int,
    actor: Actor, key: str | None = None,
) -> int:  # fmt: skip
    """Take a resolved case off the list: only by a decision."""
    _committee(actor)
    if not decision.strip():
        raise InvalidRecord(_("A case comes off the list only by a decision: give its number."))

    def work(conn: Connection) -> int:
        row = _store.case_row(conn, case_id)
        if row is None:
            raise NotFound(_("There is no such case on the list."))
        if removed_on < row["listed_on"]:
            raise InvalidRecord(_("The day taken off is before the day listed."))
        return versioned_update(conn, schema.backlog_cases, entity="backlog_case", row_id=case_id,
                                seen_version=seen_version, actor=str(actor), project_id=None,
                                values={"removed_on": removed_on, "removal_decision": decision.strip()})  # fmt: skip

    return run_once(store, key=key, command="remove_case", actor=str(actor), work=work)


def backlog_list(
    store: Store, *, actor: Actor, body: str | None = None, as_of: dt.date | None = None
) -> list[BacklogCase]:
    """The list as the committee reviews it on ``as_of``: cases listed by then, with their working
    sessions; those taken off by then come last."""
    require(actor, Action.READ_PERSONAL)
    as_of = as_of or dt.date.today()
    with store.read() as conn:
        rows = [r for r in _store.case_rows(conn, body) if r["listed_on"] <= as_of]
        sessions = _store.case_sessions(conn, [r["id"] for r in rows])
    by_case: dict[int, list[tuple[dt.date, str, str]]] = {}
    for s in sessions:
        by_case.setdefault(s["case_id"], []).append(
            (s["held_on"], s["attendees"] or "", s["outcome"])
        )
    cases = [
        BacklogCase(
            id=r["id"],
            body=r["body"],
            title=r["title"],
            listed_on=r["listed_on"],
            listing_decision=r["listing_decision"],
            lead=r["lead"],
            removed_on=r["removed_on"] if r["removed_on"] and r["removed_on"] <= as_of else None,
            removal_decision=r["removal_decision"],
            sessions=tuple(by_case.get(r["id"], [])),
            version=r["version"],
        )
        for r in rows
    ]
    return sorted(cases, key=lambda c: (c.removed_on is not None, c.listed_on, c.id))
