"""A petition handled after it was entered, one step at a time: found eligible (or not), transferred
or guided to another body on a day, marked complicated or in a remote area, extended by decision,
the person's answer to the decision, and tied to a case on the steering committee's backlog list.

Each step is one command (who, its idempotency key, the version the user saw; a stale one refused
with what changed), kept as a row of ``petition_steps`` with the deadlines as they stood after it,
in the same transaction as the petition's new version, its audit row and its change event. The
clock is the register's (``service.deadlines``): a step that stops it (not eligible, transferred,
guided) or lengthens it (complicated, remote, extended) moves the deadlines it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from consultations.core import schema
from consultations.core.access import Actor
from consultations.core.audit import json_safe
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord, NotFound
from consultations.core.versions import versioned_update
from consultations.petitions import store as _store
from consultations.petitions.backlog import committee
from consultations.petitions.model import (
    Competence,
    Complexity,
    Outcome,
    PetitionKind,
    allowed_extensions,
    deadlines,
)
from consultations.petitions.protection import readable_rows_in
from consultations.petitions.service import as_new, check_petition, may_write_in
from translations import _, local_today


class StepKind(StrEnum):
    ELIGIBILITY = "eligibility"
    TRANSFER = "transfer"
    DIFFICULTY = "difficulty"
    EXTENSION = "extension"
    OUTCOME = "outcome"
    BACKLOG = "backlog"

    @property
    def label(self) -> str:
        return {StepKind.ELIGIBILITY: _("Eligibility for handling"),
                StepKind.TRANSFER: _("Transferred or guided"),
                StepKind.DIFFICULTY: _("Complicated or remote"),
                StepKind.EXTENSION: _("Time to resolve extended"),
                StepKind.OUTCOME: _("The person's answer to the decision"),
                StepKind.BACKLOG: _("Tied to a backlog case")}[self]  # fmt: skip


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str = ""  # why not: needed when it is not eligible


@dataclass(frozen=True)
class Transfer:
    competence: Competence  # transferred, or the person guided
    to: str
    on: dt.date


@dataclass(frozen=True)
class Difficulty:
    complexity: Complexity
    remote: bool


@dataclass(frozen=True)
class Extension:
    on: dt.date
    decision: str  # the decision's number


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    on: dt.date | None = None


@dataclass(frozen=True)
class BacklogLink:
    case_id: int


Step = Eligibility | Transfer | Difficulty | Extension | Answer | BacklogLink


@dataclass(frozen=True)
class PetitionStep:
    """A step as its history shows it."""

    step: StepKind
    taken_on: dt.date | None
    details: dict[str, Any]
    accept_by: dt.date | None
    resolve_by: dt.date | None
    recorded_by: str
    recorded_at: dt.datetime
    version: int


def _not_after_today(day: dt.date, row: dict[str, Any], today: dt.date) -> None:
    if day > today:
        raise InvalidRecord(_("The day of the step is in the future."))
    if day < row["received_on"]:
        raise InvalidRecord(_("The day of the step is before the day the petition was received."))


def _open(row: dict[str, Any]) -> None:
    if row["decided_on"] is not None:
        raise InvalidRecord(
            _("The petition is already decided: only the person's answer to the decision and a "
              "backlog case can still be recorded.")
        )  # fmt: skip


def _eligibility(row: dict[str, Any], step: Eligibility) -> dict[str, Any]:
    _open(row)
    if not step.eligible and not step.reason.strip():
        raise InvalidRecord(_("Say why the petition is not eligible for handling."))
    if bool(row["eligible"]) == step.eligible:
        raise InvalidRecord(_("Nothing was changed: the petition is already marked so."))
    return {"eligible": step.eligible}


def _transfer(row: dict[str, Any], step: Transfer, today: dt.date) -> dict[str, Any]:
    _open(row)
    if step.competence is Competence.OWN:
        raise InvalidRecord(_("Choose whether the petition was transferred or the person guided."))
    if not step.to.strip():
        raise InvalidRecord(_("Name the body the petition went to."))
    _not_after_today(step.on, row, today)
    return {"competence": str(step.competence), "transferred_to": step.to.strip(),
            "transferred_on": step.on}  # fmt: skip


def _difficulty(row: dict[str, Any], step: Difficulty) -> dict[str, Any]:
    _open(row)
    if (row["complexity"], bool(row["remote"])) == (str(step.complexity), step.remote):
        raise InvalidRecord(_("Nothing was changed: the petition is already marked so."))
    kind = PetitionKind(row["kind"])
    granted = row["extensions"]
    if granted and granted > allowed_extensions(kind, step.complexity):
        raise InvalidRecord(
            _("The time to resolve was extended {n} times: the case cannot be less complicated "
              "than those extensions allow.").format(n=granted)
        )  # fmt: skip
    values: dict[str, Any] = {"complexity": str(step.complexity), "remote": step.remote}
    if granted is None and allowed_extensions(kind, Complexity.VERY_COMPLICATED):
        # From now on only the extensions granted by decision lengthen a denunciation's time.
        values["extensions"] = 0
    return values


def _extension(row: dict[str, Any], step: Extension, today: dt.date) -> dict[str, Any]:
    _open(row)
    kind, complexity = PetitionKind(row["kind"]), Complexity(row["complexity"])
    if not allowed_extensions(kind, Complexity.VERY_COMPLICATED):
        raise InvalidRecord(
            _("This kind of petition is not extended by decision: mark it complicated or in a "
              "remote area, and its longer time to resolve applies.")
        )  # fmt: skip
    allowed = allowed_extensions(kind, complexity)
    if not allowed:
        raise InvalidRecord(
            _("Only a complicated case may be extended: mark it complicated first.")
        )
    granted = row["extensions"] or 0
    if granted >= allowed:
        raise InvalidRecord(
            _("The time to resolve was already extended {n} times, as many as the law allows for "
              "this case.").format(n=granted)
        )  # fmt: skip
    if row["accepted_on"] is None:
        raise InvalidRecord(
            _("The time to resolve runs from acceptance: record the day accepted first.")
        )
    if not step.decision.strip():
        raise InvalidRecord(_("An extension is granted by a decision: give its number."))
    _not_after_today(step.on, row, today)
    if step.on < row["accepted_on"]:
        raise InvalidRecord(_("The extension is dated before the day the petition was accepted."))
    return {"extensions": granted + 1}


def _answer(row: dict[str, Any], step: Answer, today: dt.date) -> dict[str, Any]:
    if row["decided_on"] is None:
        raise InvalidRecord(
            _("Record the decision first: the outcome is the person's answer to it.")
        )
    if row["outcome"] == str(step.outcome):
        raise InvalidRecord(_("Nothing was changed: the petition is already marked so."))
    if step.on is not None:
        _not_after_today(step.on, row, today)
        if step.on < row["decided_on"]:
            raise InvalidRecord(_("The person's answer is dated before the decision."))
    return {"outcome": str(step.outcome)}


def _details(step: Step) -> dict[str, Any]:
    return {k: json_safe(str(v) if isinstance(v, StrEnum) else v) for k, v in vars(step).items()}


def _link_case(conn: Connection, row: dict[str, Any], step: BacklogLink, actor: Actor) -> str:
    """Tie the case to the petition (the case's own record changes too); its title."""
    committee(actor)
    case = _store.case_row(conn, step.case_id)
    if case is None:
        raise NotFound(_("There is no such case on the list."))
    if case["petition_id"] == row["id"]:
        raise InvalidRecord(_("Nothing was changed: the case is already tied to this petition."))
    if case["petition_id"] is not None:
        raise InvalidRecord(_("The case is already tied to another petition."))
    versioned_update(conn, schema.backlog_cases, entity="backlog_case", row_id=case["id"],
                     seen_version=case["version"], values={"petition_id": row["id"]},
                     actor=str(actor), project_id=None)  # fmt: skip
    return str(case["title"])


def handle_petition(
    store: Store, petition_id: int, step: Step, *, seen_version: int, actor: Actor,
    key: str | None = None, today: dt.date | None = None,
) -> int:  # fmt: skip
    """Record one step taken on a petition; its new version. Refused with what changed if someone
    else changed the petition since ``seen_version``."""
    today = today or local_today()

    def work(conn: Connection) -> int:
        row = _store.petition_row(conn, petition_id)
        if row is None:
            raise NotFound(_("There is no such petition."))
        may_write_in(conn, actor, row["household_id"])
        if not readable_rows_in(conn, actor, [row]):  # another project's
            raise NotFound(_("There is no such petition."))
        because: dict[str, Any] = {}
        match step:
            case Eligibility():
                values = _eligibility(row, step)
            case Transfer():
                values = _transfer(row, step, today)
            case Difficulty():
                values = _difficulty(row, step)
            case Extension():
                values = _extension(row, step, today)
            case Answer():
                values = _answer(row, step, today)
            case BacklogLink():
                values, because = {}, {"backlog_case": _link_case(conn, row, step, actor)}
        merged = {**row, **values}
        check_petition(as_new(merged), today)
        version = versioned_update(conn, schema.petitions, entity="petition", row_id=petition_id,
                                   seen_version=seen_version, values=values, actor=str(actor),
                                   project_id=row["project_id"], because=because)  # fmt: skip
        accept_by, resolve_by = deadlines(merged)
        kind = {Eligibility: StepKind.ELIGIBILITY, Transfer: StepKind.TRANSFER,
                Difficulty: StepKind.DIFFICULTY, Extension: StepKind.EXTENSION,
                Answer: StepKind.OUTCOME, BacklogLink: StepKind.BACKLOG}[type(step)]  # fmt: skip
        _store.insert_step(conn, {"petition_id": petition_id, "step": str(kind),
                                  "taken_on": getattr(step, "on", None) or today,
                                  "details": _details(step), "accept_by": accept_by,
                                  "resolve_by": resolve_by, "version": version,
                                  "recorded_by": str(actor)})  # fmt: skip
        return version

    return run_once(store, key=key, command="handle_petition", actor=str(actor), work=work)


def petition_steps(store: Store, petition_id: int, *, actor: Actor) -> list[PetitionStep]:
    """The steps taken on a petition, oldest first, as ``actor`` may read them (a denunciation's
    steps only by those who may read it)."""
    with store.read() as conn:
        row = _store.petition_row(conn, petition_id)
        if row is None or not readable_rows_in(conn, actor, [row]):
            raise NotFound(_("There is no such petition."))
        rows = _store.step_rows(conn, petition_id)
    return [_step(r) for r in rows]


def _step(r: dict[str, Any]) -> PetitionStep:
    return PetitionStep(
        step=StepKind(r["step"]), taken_on=r["taken_on"], details=dict(r["details"]),
        accept_by=r["accept_by"], resolve_by=r["resolve_by"], recorded_by=r["recorded_by"],
        recorded_at=r["recorded_at"], version=r["version"],
    )  # fmt: skip
