"""The steering committee's list of long-standing backlog cases: put on the list by a decision,
followed in working sessions, and taken off only by a decision when resolved."""

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
from translations import _, local_today


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


def committee(actor: Actor) -> None:
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
    committee(actor)
    missing = [label for label, text in ((_("the body"), body), (_("the case"), title), (_("the lead person and body"), lead),
                                         (_("the decision"), decision)) if not text.strip()]  # fmt: skip
    if missing:
        raise InvalidRecord(_("A case is put on the list by a decision: give {missing}.").format(
            missing=", ".join(missing)))  # fmt: skip
    if listed_on > local_today():
        raise InvalidRecord(_("The day listed is in the future."))

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
    committee(actor)
    if not outcome.strip():
        raise InvalidRecord(_("Write the outcome of the working session."))
    if held_on > local_today():
        raise InvalidRecord(_("The day of the working session is in the future."))

    def work(conn: Connection) -> int:
        case = _store.case_row(conn, case_id)
        if case is None:
            raise NotFound(_("There is no such case on the list."))
        if held_on < case["listed_on"]:
            raise InvalidRecord(_("The working session is before the day the case was listed."))
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
    committee(actor)
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
    as_of = as_of or local_today()
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
