"""Reception sessions: a leader's scheduled reception, the office's regular one, or an unscheduled one
for an urgent matter; who was heard at each (name and household where known), what each raised, and
the answer given or the body they were referred to.

A session may be put on a leader's schedule first (``planned_on``) and recorded as held later
(``hold_session``); one planned and never held shows on the schedule as not kept. Who was heard is
personal data: read by those who read people, a field officer only for the households of their
communes (or what they recorded themselves).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from consultations.core import schema
from consultations.core.access import (
    Action,
    Actor,
    Role,
    require,
    require_household,
)
from consultations.core.audit import write_audit
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord, NotFound, PermissionDenied
from consultations.core.scopes import household_communes
from consultations.core.versions import versioned_update
from consultations.petitions import store as _store
from consultations.petitions.importing import numbers_taken
from consultations.petitions.model import SessionKind, refuse_implausible
from consultations.petitions.protection import heard_shown, readable_rows_in, session_readable
from consultations.petitions.service import NewPetition, check_petition, petition_values
from translations import _, local_today


@dataclass(frozen=True)
class CitizenHeard:
    """One citizen (or delegation) heard at a session."""

    raised: str
    name: str | None = None
    household_id: int | None = None
    answer: str | None = None
    referred_to: str | None = None
    household_code: str | None = None  # filled when read
    held_on: dt.date | None = None  # the session's day, filled when read
    body: str | None = None  # the session's body, filled when read
    identity_hidden: bool = False  # a denouncer heard, read by someone not to know who


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
    heard: tuple[CitizenHeard, ...] = field(default=(), compare=False)
    id: int | None = None
    version: int = 1

    @property
    def kept(self) -> bool | None:
        """Held as scheduled (None: not on a schedule)."""
        return None if self.planned_on is None else self.held_on is not None


def _may_write_session(actor: Actor, session: dict[str, Any]) -> None:
    """Recording at a session: in its project (a field officer's own); at one tied to no project,
    an administrator, or the officer who recorded it before sessions had to name one."""
    require(actor, Action.EDIT_RECORDS, project_id=session["project_id"])
    if (
        session["project_id"] is None
        and actor.role is Role.FIELD_OFFICER
        and session["recorded_by"] != actor.username
    ):
        raise PermissionDenied(
            _("A field officer records reception sessions of their projects: choose the project.")
        )


def _session_to_write(conn: Connection, actor: Actor, session_id: int) -> dict[str, Any]:
    row = _store.session_row(conn, session_id)
    if row is None:
        raise NotFound(_("There is no such reception session."))
    _may_write_session(actor, row)
    return row


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def _check_heard(
    citizens: int, heard: tuple[CitizenHeard, ...], held: bool, already: int = 0
) -> None:
    if heard and not held:
        raise InvalidRecord(_("Who was heard is recorded once the session is held."))
    if any(not c.raised.strip() for c in heard):
        raise InvalidRecord(_("Write what each citizen heard raised."))
    if citizens < already + len(heard):
        raise InvalidRecord(
            _("With this one, {n} citizens would be listed as heard, more than the {count} received at "
              "this session: correct the number received first.").format(n=already + len(heard), count=citizens)
        )  # fmt: skip


def _insert_heard(
    conn: Connection, session: dict[str, Any], heard: tuple[CitizenHeard, ...], actor: Actor
) -> None:
    """Who was heard, each household checked: the officer's to edit, of the session's project
    (if it has one), its project open (the audit row of each refuses a closed one)."""
    session_id = session["id"]
    for citizen in heard:
        if citizen.household_id is None:
            continue
        require_household(conn, actor, Action.EDIT_RECORDS, citizen.household_id,
                          session["project_id"])  # fmt: skip
        write_audit(conn, actor=str(actor), action="heard", entity="reception_session",
                    entity_id=session_id, project_id=household_communes(conn, citizen.household_id)[0],
                    after={"household_id": citizen.household_id})  # fmt: skip
    _store.insert_citizens(conn, [
        {"session_id": session_id, "name": _clean(c.name), "household_id": c.household_id,
         "raised": c.raised.strip(), "answer": _clean(c.answer), "referred_to": _clean(c.referred_to),
         "recorded_by": str(actor)}
        for c in heard
    ])  # fmt: skip


def _session_values(session: ReceptionSession, actor: Actor) -> dict[str, object]:
    values = {k: v for k, v in vars(session).items() if k not in ("id", "heard", "version")}
    for name in ("body", "leader", "place", "summary"):
        values[name] = _clean(str(values[name] or "")) if name != "body" else session.body.strip()
    return {**values, "kind": str(session.kind), "recorded_by": str(actor)}


def _check_session(session: ReceptionSession, today: dt.date) -> None:
    if not session.body.strip():
        raise InvalidRecord(_("A reception session needs the receiving body."))
    refuse_implausible({_("held"): session.held_on, _("scheduled"): session.planned_on}, today)
    if session.held_on is None and session.planned_on is None:
        raise InvalidRecord(_("Give the day the session was held, or the day it is scheduled."))
    if session.held_on is not None and session.held_on > today:
        raise InvalidRecord(_("The day held is in the future: schedule the session instead."))
    if session.citizens < 0 or (session.held_on is None and session.citizens):
        raise InvalidRecord(_("Citizens are counted at a session that was held."))
    _check_heard(session.citizens, session.heard, session.held_on is not None)


def record_session(
    store: Store, session: ReceptionSession, *, actor: Actor, key: str | None = None,
    today: dt.date | None = None,
) -> int:  # fmt: skip
    """A reception session held (with who was heard), or put on a leader's schedule (``held_on``
    empty)."""
    require(actor, Action.EDIT_RECORDS)
    _check_session(session, today or local_today())

    def work(conn: Connection) -> int:
        _may_write_session(actor, {"project_id": session.project_id, "recorded_by": None})
        session_id = _store.insert_session(conn, _session_values(session, actor))
        write_audit(conn, actor=str(actor), action="create", entity="reception_session",
                    entity_id=session_id, project_id=session.project_id,
                    after={"body": session.body, "citizens": session.citizens,
                           "heard": len(session.heard)})  # fmt: skip
        _insert_heard(
            conn, {"id": session_id, "project_id": session.project_id}, session.heard, actor
        )
        return session_id

    return run_once(store, key=key, command="record_session", actor=str(actor), work=work)


def hold_session(
    store: Store, session_id: int, *, held_on: dt.date, citizens: int, summary: str | None,
    heard: tuple[CitizenHeard, ...] = (), seen_version: int, actor: Actor, key: str | None = None,
    today: dt.date | None = None,
) -> int:  # fmt: skip
    """Record that a scheduled session was held: the day, the citizens received and heard."""
    require(actor, Action.EDIT_RECORDS)
    refuse_implausible({_("held"): held_on}, today or local_today())
    if held_on > (today or local_today()):
        raise InvalidRecord(_("The day held is in the future."))
    if citizens < 0:
        raise InvalidRecord(_("Citizens are counted at a session that was held."))
    _check_heard(citizens, heard, True)

    def work(conn: Connection) -> int:
        row = _session_to_write(conn, actor, session_id)
        if row["held_on"] is not None and row["version"] == seen_version:
            raise InvalidRecord(_("This session is already recorded as held."))
        version = versioned_update(conn, schema.reception_sessions, entity="reception_session",
                                   row_id=session_id, seen_version=seen_version, actor=str(actor),
                                   project_id=row["project_id"], values={"held_on": held_on,
                                   "citizens": citizens, "summary": _clean(summary)})  # fmt: skip
        _insert_heard(conn, row, heard, actor)
        return version

    return run_once(store, key=key, command="hold_session", actor=str(actor), work=work)


def add_heard(
    store: Store, session_id: int, citizen: CitizenHeard, *, actor: Actor, key: str | None = None
) -> int:
    """Add one citizen heard at a held session (the page adds them one at a time)."""
    require(actor, Action.EDIT_RECORDS)

    def work(conn: Connection) -> int:
        row = _session_to_write(conn, actor, session_id)
        listed = len(_store.citizen_rows(conn, session_id=session_id))
        _check_heard(row["citizens"], (citizen,), row["held_on"] is not None, already=listed)
        _insert_heard(conn, row, (citizen,), actor)
        if citizen.household_id is None:  # one with a household has its audit row already
            write_audit(conn, actor=str(actor), action="heard", entity="reception_session",
                        entity_id=session_id, project_id=row["project_id"],
                        after={"household_id": None})  # fmt: skip
        return listed + 1

    return run_once(store, key=key, command="add_heard", actor=str(actor), work=work)


def set_citizens(
    store: Store,
    session_id: int,
    citizens: int,
    *,
    seen_version: int,
    actor: Actor,
    key: str | None = None,
) -> int:
    """Correct the number of citizens a held session received (never below those listed as heard)."""
    require(actor, Action.EDIT_RECORDS)

    def work(conn: Connection) -> int:
        row = _session_to_write(conn, actor, session_id)
        if row["held_on"] is None:
            raise InvalidRecord(_("Citizens are counted at a session that was held."))
        listed = len(_store.citizen_rows(conn, session_id=session_id))
        if citizens < listed:
            raise InvalidRecord(
                _("{n} citizens are already listed as heard at this session.").format(n=listed)
            )
        return versioned_update(conn, schema.reception_sessions, entity="reception_session", row_id=session_id,
                                seen_version=seen_version, values={"citizens": citizens}, actor=str(actor),
                                project_id=row["project_id"])  # fmt: skip

    return run_once(store, key=key, command="session_citizens", actor=str(actor), work=work)


def record_reception_day(
    store: Store, session: ReceptionSession, petitions: list[NewPetition], *, actor: Actor,
    today: dt.date | None = None,
) -> int:  # fmt: skip
    """A session held and the petitions received at it, in one transaction (the demo's Cát Văn
    day; a body's importer of past sessions)."""
    require(actor, Action.IMPORT)
    _check_session(session, today or local_today())
    for petition in petitions:
        check_petition(petition, today or local_today())

    def work(conn: Connection) -> int:
        session_id = _store.insert_session(conn, _session_values(session, actor))
        _insert_heard(
            conn, {"id": session_id, "project_id": session.project_id}, session.heard, actor
        )
        rows = [{**petition_values(p, actor), "session_id": session_id} for p in petitions]
        taken = _store.insert_petitions(conn, rows)
        if taken:
            raise numbers_taken(session.body, taken)
        write_audit(conn, actor=str(actor), action="create", entity="reception_session",
                    entity_id=session_id, project_id=session.project_id,
                    after={"body": session.body, "citizens": session.citizens, "petitions": len(rows)})  # fmt: skip
        return session_id

    return run_once(store, key=None, command="record_reception_day", actor=str(actor), work=work)


def reception_sessions(
    store: Store, *, actor: Actor, body: str | None = None
) -> list[ReceptionSession]:
    """Sessions held and scheduled (without who was heard: ``session_citizens``)."""
    require(actor, Action.READ_PERSONAL)
    with store.read() as conn:
        rows = [r for r in _store.session_rows(conn, body) if session_readable(actor, r)]
    stored = ("body", "citizens", "leader", "planned_on", "held_on", "place", "summary",
              "project_id", "id", "version")  # fmt: skip
    return [
        ReceptionSession(**{name: r[name] for name in stored}, kind=SessionKind(r["kind"]))
        for r in rows
    ]


def _heard(row: dict[str, Any], shown: bool) -> CitizenHeard:
    if not shown:
        return CitizenHeard(
            raised="", held_on=row["held_on"], body=row["body"], identity_hidden=True
        )
    return CitizenHeard(raised=row["raised"], name=row["name"], household_id=row["household_id"],
                        answer=row["answer"], referred_to=row["referred_to"],
                        household_code=row["household_code"], held_on=row["held_on"], body=row["body"])  # fmt: skip


def _heard_as_read(
    conn: Connection, actor: Actor, rows: list[dict[str, Any]]
) -> list[CitizenHeard]:
    """Citizens heard as ``actor`` may read them: one who filed a denunciation at that session
    (the same household, or the same name) is shown as protected unless ``actor`` is its
    handler or their superior, as on the register."""
    filed = _store.session_denunciations(conn, {r["session_id"] for r in rows})
    return [_heard(r, heard_shown(actor, r, filed)) for r in rows]


def session_citizens(store: Store, session_id: int, *, actor: Actor) -> list[CitizenHeard]:
    """Who was heard at a session, as ``actor`` may read them (a session they may not read is
    refused: its project's, as on the register)."""
    require(actor, Action.READ_PERSONAL)
    with store.read() as conn:
        row = _store.session_row(conn, session_id)
        if row is None or not session_readable(actor, row):
            raise NotFound(_("There is no such reception session among those you may read."))
        rows = readable_rows_in(conn, actor, _store.citizen_rows(conn, session_id=session_id))
        return _heard_as_read(conn, actor, rows)


def heard_from_household_in(
    conn: Connection, household_id: int, actor: Actor
) -> list[CitizenHeard]:
    """What a household's people raised at reception sessions (its timeline), without what a
    denouncer among them raised unless ``actor`` may know who filed it. In the caller's
    transaction; the caller has checked that its reader may read the household."""
    heard = _heard_as_read(conn, actor, _store.citizen_rows(conn, household_id=household_id))
    return [h for h in heard if not h.identity_hidden]
