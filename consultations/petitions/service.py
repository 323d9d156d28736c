"""The petition register of a body: recording, following to a decision, and reading it as the law
protects the people who file it.

Those who record (administrators; a field officer for the households of their communes) write;
who reads what, a denouncer above all, is ``petitions.protection``'s; each denunciation read in
full is audited. Viewers see figures only (``petitions.figures``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
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
from consultations.core.bounds import check_text
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord, NotFound, PermissionDenied
from consultations.core.receipts import PETITION_PREFIX, new_reference
from consultations.core.records import Channel, ConcernCategory
from consultations.core.scopes import household_communes
from consultations.core.versions import versioned_update
from consultations.outbox.service import acknowledge_in
from consultations.petitions import store as _store
from consultations.petitions.model import (
    Competence,
    Complexity,
    FilerKind,
    Outcome,
    PetitionKind,
    deadlines,
    flag,
    refuse_implausible,
)
from consultations.petitions.protection import (
    identity_visible,
    log_readings,
    readable_rows_in,
    require_superior,
)
from translations import _, format_date, local_today


@dataclass(frozen=True)
class NewPetition:
    """A petition as received (what the register's entry form or an imported row holds)."""

    body: str
    reference: str
    received_on: dt.date
    channel: Channel
    filer_kind: FilerKind
    kind: PetitionKind
    category: ConcernCategory
    content: str
    eligible: bool = True
    competence: Competence = Competence.OWN
    filer_name: str | None = None
    filer_address: str | None = None
    transferred_to: str | None = None
    transferred_on: dt.date | None = None
    accepted_on: dt.date | None = None
    complexity: Complexity = Complexity.NORMAL
    remote: bool = False
    handler: str | None = None
    decided_on: dt.date | None = None
    decision: str | None = None
    outcome: Outcome | None = None
    project_id: int | None = None
    household_id: int | None = None
    concern_id: int | None = None
    session_id: int | None = None


#: What following a petition may change (its receipt and who filed it are history, not edits;
#: eligibility, transfer, complexity, extensions and the outcome are steps, ``petitions.handling``).
FOLLOW_UP = ("accepted_on", "handler", "verification", "decided_on", "decision")


@dataclass(frozen=True)
class Petition:
    """A register entry as its reader may see it (``identity_hidden``: name, address, content,
    household code and decision withheld, a denunciation read by someone other than its handler
    and their superiors)."""

    id: int
    body: str
    reference: str
    received_on: dt.date
    kind: PetitionKind
    category: ConcernCategory
    channel: str
    filer_kind: FilerKind
    filer_name: str | None
    filer_address: str | None
    content: str | None
    eligible: bool
    competence: Competence
    accepted_on: dt.date | None
    accept_by: dt.date | None
    decided_on: dt.date | None
    resolve_by: dt.date | None
    decision: str | None
    outcome: Outcome | None
    household_code: str | None
    handler: str | None
    flag: str | None  # "near" or "late": the next deadline
    identity_hidden: bool
    version: int
    complexity: Complexity = Complexity.NORMAL
    remote: bool = False
    extensions: int | None = None  # granted by decision (None: not recorded)
    transferred_to: str | None = None  # the body it was transferred or the person guided to
    transferred_on: dt.date | None = None


def check_petition(p: NewPetition, today: dt.date) -> None:
    """A petition's own consistency, in sentences that say what to fix."""
    if not p.body.strip() or not p.reference.strip():
        raise InvalidRecord(
            _("A petition needs the receiving body and its number in the register.")
        )
    if not p.content.strip():
        raise InvalidRecord(_("Write what the petition is about."))
    refuse_implausible({_("received"): p.received_on, _("transferred"): p.transferred_on,
                        _("accepted"): p.accepted_on, _("decided"): p.decided_on}, today)  # fmt: skip
    check_text(schema.petitions, "reference", p.reference.strip())  # an import names its row
    if p.received_on > today:
        raise InvalidRecord(_("The day received is in the future."))
    if p.competence is Competence.TRANSFERRED and not (p.transferred_to and p.transferred_on):
        raise InvalidRecord(_("A transferred petition needs the body it went to and the date."))
    for label, day in ((_("accepted"), p.accepted_on), (_("decided"), p.decided_on)):
        if day is not None and day < p.received_on:
            raise InvalidRecord(_("The day {step} is before the day received.").format(step=label))
        if day is not None and day > today:
            raise InvalidRecord(_("The day {step} is in the future.").format(step=label))
    if p.decided_on is not None and not (p.decision or "").strip():
        raise InvalidRecord(_("A decision needs its number or content."))


def may_write_in(conn: Connection, actor: Actor, household_id: int | None) -> None:
    """Who records a petition's entry and its steps: a writer; for one about a household, one who
    may edit that household; a field officer only for a household."""
    require(actor, Action.EDIT_RECORDS)
    if household_id is not None:
        require_household(conn, actor, Action.EDIT_RECORDS, household_id)
    elif actor.role is Role.FIELD_OFFICER:
        raise PermissionDenied(
            _("A field officer records petitions of the households of their communes: choose the household.")
        )  # fmt: skip


def _same_matter(conn: Connection, petition: NewPetition) -> None:
    """A petition tied to a concern on record is the same matter: the concern must be the same
    household's (or, for a petition about no household, the same project's)."""
    concern = _store.concern_owner(conn, petition.concern_id or 0)
    if concern is None or concern != (petition.project_id, petition.household_id):
        raise InvalidRecord(
            _(
                "The concern chosen as the same matter is not this household's: choose one of its own."
            )
        )


def petition_values(p: NewPetition, actor: Actor) -> dict[str, Any]:
    values = {f.name: getattr(p, f.name) for f in fields(p)}
    for name, value in values.items():
        if isinstance(value, str):  # enums too (StrEnum): stored as their codes
            text = str(value).strip()
            values[name] = text if name == "content" else text or None
    return {**values, "recorded_by": str(actor)}


def _own_project(conn: Connection, petition: NewPetition) -> NewPetition:
    """A petition about a household belongs to the household's project (so a closed project
    refuses it, and its superiors are that project's)."""
    if petition.household_id is None:
        return petition
    project_id, _communes = household_communes(conn, petition.household_id)
    if petition.project_id is not None and petition.project_id != project_id:
        raise InvalidRecord(_("The household chosen is not part of the petition's project."))
    return replace(petition, project_id=project_id)


def _number_taken(conn: Connection, body: str, reference: str) -> InvalidRecord:
    first = _store.petition_by_reference(conn, body, reference)
    assert first is not None, "called once the number is known taken"
    return InvalidRecord(
        _("Number {ref} is already in the register of {body}: the petition received on {day} "
          "({kind}), entered by {who}. Give this one the next free number.").format(
            ref=reference, body=body, day=format_date(first["received_on"]),
            kind=PetitionKind(first["kind"]).label, who=first["recorded_by"])
    )  # fmt: skip


def record_petition(
    store: Store, petition: NewPetition, *, actor: Actor, key: str | None = None,
    today: dt.date | None = None,
) -> int:  # fmt: skip
    """Enter a petition in its body's register; its number may be used once per body."""
    check_petition(petition, today or local_today())

    def work(conn: Connection) -> int:
        may_write_in(conn, actor, petition.household_id)
        entry = _own_project(conn, petition)
        if entry.handler:
            require_superior(actor, entry.project_id)
        body, reference = entry.body.strip(), entry.reference.strip()
        if reference in _store.references(conn, body):
            raise _number_taken(conn, body, reference)
        if entry.concern_id is not None:
            _same_matter(conn, entry)
        public_ref = new_reference(PETITION_PREFIX)
        values = {**petition_values(entry, actor), "public_ref": public_ref}
        petition_id = _store.insert_petition(conn, values)
        if petition_id is None:  # a save at the same moment took the number first
            raise _number_taken(conn, body, reference)
        acknowledge_in(conn, "petition", public_ref, entry.received_on,
                       project_id=entry.project_id, household_id=entry.household_id)  # fmt: skip
        write_audit(conn, actor=str(actor), action="create", entity="petition", entity_id=petition_id,
                    project_id=entry.project_id, after={"body": entry.body,
                    "reference": entry.reference, "kind": str(entry.kind)})  # fmt: skip
        return petition_id

    return run_once(store, key=key, command="record_petition", actor=str(actor), work=work)


def follow_up(
    store: Store, petition_id: int, changes: dict[str, Any], *, seen_version: int, actor: Actor,
    key: str | None = None, today: dt.date | None = None,
) -> int:  # fmt: skip
    """Record what happened to a petition (accepted, transferred, verified, decided, the person's
    answer); refused with what changed if someone else did since ``seen_version``."""
    unknown = set(changes) - set(FOLLOW_UP)
    if unknown:
        raise InvalidRecord(_("These are not part of following a petition: {names}.").format(
            names=", ".join(sorted(unknown))))  # fmt: skip

    def work(conn: Connection) -> int:
        row = _store.petition_row(conn, petition_id)
        if row is None:
            raise NotFound(_("There is no such petition."))
        may_write_in(conn, actor, row["household_id"])
        if changes.get("handler", row["handler"]) != row["handler"]:
            require_superior(actor, row["project_id"])
        if all(row.get(k) == (str(v) if hasattr(v, "value") else v) for k, v in changes.items()):
            raise InvalidRecord(_("Nothing was changed: fill in what happened to the petition."))
        merged = {**row, **changes}
        check_petition(as_new(merged), today or local_today())
        stored = {k: str(v) if hasattr(v, "value") else v for k, v in changes.items()}
        return versioned_update(conn, schema.petitions, entity="petition", row_id=petition_id,
                                seen_version=seen_version, values=stored, actor=str(actor),
                                project_id=row["project_id"])  # fmt: skip

    return run_once(store, key=key, command="follow_up_petition", actor=str(actor), work=work)


def as_new(row: dict[str, Any]) -> NewPetition:
    names = {f.name for f in fields(NewPetition)}
    values = {k: v for k, v in row.items() if k in names}
    values.update(
        channel=Channel(row["channel"]), filer_kind=FilerKind(row["filer_kind"]),
        kind=PetitionKind(row["kind"]), category=ConcernCategory(row["category"]),
        competence=Competence(row["competence"]), complexity=Complexity(row["complexity"]),
        outcome=Outcome(row["outcome"]) if row.get("outcome") else None,
    )  # fmt: skip
    return NewPetition(**values)


def view(actor: Actor, row: dict[str, Any], today: dt.date) -> Petition:
    """``row`` as ``actor`` may read it, with its deadlines and flag."""
    new = as_new(row)
    accept_by, resolve_by = deadlines(row)
    next_flag = flag(accept_by, new.accepted_on, today) if new.accepted_on is None else None
    next_flag = next_flag or flag(resolve_by, new.decided_on, today)
    shown = identity_visible(actor, row)
    return Petition(
        id=row["id"], body=row["body"], reference=row["reference"], received_on=new.received_on,
        kind=new.kind, category=new.category, channel=row["channel"], filer_kind=new.filer_kind,
        filer_name=row["filer_name"] if shown else None,
        filer_address=row["filer_address"] if shown else None,
        content=row["content"] if shown else None, eligible=new.eligible,
        competence=new.competence, accepted_on=new.accepted_on, accept_by=accept_by,
        decided_on=new.decided_on, resolve_by=resolve_by,
        decision=row["decision"] if shown else None,
        outcome=new.outcome, household_code=row.get("household_code") if shown else None,
        handler=row["handler"],
        flag=next_flag, identity_hidden=not shown, version=row["version"],
        complexity=new.complexity, remote=new.remote, extensions=row.get("extensions"),
        transferred_to=new.transferred_to, transferred_on=new.transferred_on,
    )  # fmt: skip


def petition_register(
    store: Store, *, actor: Actor, body: str | None = None, household_id: int | None = None,
    today: dt.date | None = None,
) -> list[Petition]:  # fmt: skip
    """The register as ``actor`` may read it; each denunciation shown in full is an audited reading."""
    today = today or local_today()
    with store.read() as conn:
        rows = readable_rows_in(
            conn, actor, _store.petition_rows(conn, body=body, household_id=household_id)
        )
    entries = [view(actor, r, today) for r in rows]
    read = [e for e in entries if e.kind is PetitionKind.DENUNCIATION and not e.identity_hidden]
    if read:
        log_readings(store, [(e.id, e.body, e.reference) for e in read], actor=actor)
    return entries


def petitions_in(conn: Connection, actor: Actor, project_id: int, today: dt.date) -> list[Petition]:
    """The project's petitions ``actor`` may read, with their deadlines (as the register shows
    them, a denouncer's identity withheld). In the caller's transaction."""
    rows = readable_rows_in(conn, actor, _store.petition_rows(conn, project_id=project_id))
    return [view(actor, r, today) for r in rows]


def petitions_of_household_in(
    conn: Connection, household_id: int, actor: Actor
) -> list[dict[str, Any]]:
    """The petitions tied to a household (its timeline) as ``actor`` may read them: a denunciation
    only for its handler and their superiors (tied to a household, it would point at the
    denouncer), and its content never. In the caller's transaction."""
    rows = _store.petition_rows(conn, household_id=household_id)
    return [
        {**r, "content": None, "filer_name": None, "filer_address": None}
        if r["kind"] == PetitionKind.DENUNCIATION
        else r
        for r in rows
        if identity_visible(actor, r)
    ]


def register_bodies(store: Store, *, actor: Actor) -> list[str]:
    """The bodies that keep a register or receive citizens here."""
    require(actor, Action.READ_FIGURES)
    with store.read() as conn:
        return _store.bodies(conn)
