"""The petition register and reception sessions of a body: recording, following to a decision, and
reading them as the law protects the people who file them.

Who may: those who record (administrators; a field officer for the households of their communes)
write; those who may read personal data read, a field officer only what concerns their communes'
households or what they recorded. A denouncer's identity and the content of a denunciation are shown
only to the handling officer and their superiors (chairs, administrators), and each such reading is
audited. Viewers see figures only (``petitions.figures``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from typing import Any

from consultations.core import schema
from consultations.core.access import (
    Action,
    Actor,
    Role,
    readable_households,
    require,
    require_household,
)
from consultations.core.audit import audited_since, write_audit
from consultations.core.bounds import check_text
from consultations.core.commands import run_once
from consultations.core.database import Connection, Store
from consultations.core.errors import InvalidRecord, NotFound, PermissionDenied
from consultations.core.records import Channel, ConcernCategory
from consultations.core.versions import versioned_update
from consultations.petitions import store as _store
from consultations.petitions.model import (
    Competence,
    Complexity,
    FilerKind,
    Outcome,
    PetitionKind,
    due,
    flag,
)
from translations import LOCAL_TZ, _, local_today


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


#: What following a petition may change (its receipt and who filed it are history, not edits).
FOLLOW_UP = ("eligible", "competence", "transferred_to", "transferred_on", "accepted_on",
             "complexity", "remote", "handler", "verification", "decided_on", "decision", "outcome")  # fmt: skip


@dataclass(frozen=True)
class Petition:
    """A register entry as its reader may see it (``identity_hidden``: name, address and content
    withheld, a denunciation read by someone other than its handler and their superiors)."""

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


def check_petition(p: NewPetition, today: dt.date) -> None:
    """A petition's own consistency, in sentences that say what to fix."""
    if not p.body.strip() or not p.reference.strip():
        raise InvalidRecord(
            _("A petition needs the receiving body and its number in the register.")
        )
    if not p.content.strip():
        raise InvalidRecord(_("Write what the petition is about."))
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


def _may_write(conn: Connection, actor: Actor, household_id: int | None) -> None:
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


def record_petition(
    store: Store, petition: NewPetition, *, actor: Actor, key: str | None = None,
    today: dt.date | None = None,
) -> int:  # fmt: skip
    """Enter a petition in its body's register; its number may be used once per body."""
    check_petition(petition, today or local_today())

    def work(conn: Connection) -> int:
        _may_write(conn, actor, petition.household_id)
        if petition.reference.strip() in _store.references(conn, petition.body.strip()):
            raise InvalidRecord(
                _("Number {ref} is already in the register of {body}.").format(
                    ref=petition.reference, body=petition.body)
            )  # fmt: skip
        if petition.concern_id is not None:
            _same_matter(conn, petition)
        petition_id = _store.insert_petition(conn, petition_values(petition, actor))
        write_audit(conn, actor=str(actor), action="create", entity="petition", entity_id=petition_id,
                    project_id=petition.project_id, after={"body": petition.body,
                    "reference": petition.reference, "kind": str(petition.kind)})  # fmt: skip
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
        _may_write(conn, actor, row["household_id"])
        if all(row.get(k) == (str(v) if hasattr(v, "value") else v) for k, v in changes.items()):
            raise InvalidRecord(_("Nothing was changed: fill in what happened to the petition."))
        merged = {**row, **changes}
        check_petition(_as_new(merged), today or local_today())
        stored = {k: str(v) if hasattr(v, "value") else v for k, v in changes.items()}
        return versioned_update(conn, schema.petitions, entity="petition", row_id=petition_id,
                                seen_version=seen_version, values=stored, actor=str(actor),
                                project_id=row["project_id"])  # fmt: skip

    return run_once(store, key=key, command="follow_up_petition", actor=str(actor), work=work)


def _as_new(row: dict[str, Any]) -> NewPetition:
    names = {f.name for f in fields(NewPetition)}
    values = {k: v for k, v in row.items() if k in names}
    values.update(
        channel=Channel(row["channel"]), filer_kind=FilerKind(row["filer_kind"]),
        kind=PetitionKind(row["kind"]), category=ConcernCategory(row["category"]),
        competence=Competence(row["competence"]), complexity=Complexity(row["complexity"]),
        outcome=Outcome(row["outcome"]) if row.get("outcome") else None,
    )  # fmt: skip
    return NewPetition(**values)


def identity_visible(actor: Actor, row: dict[str, Any]) -> bool:
    """A denouncer's identity: the handling officer and their superiors only."""
    if row["kind"] != PetitionKind.DENUNCIATION:
        return True
    return actor.role in (Role.ADMIN, Role.CHAIR) or (row.get("handler") or "") == actor.username


def view(actor: Actor, row: dict[str, Any], today: dt.date) -> Petition:
    """``row`` as ``actor`` may read it, with its deadlines and flag."""
    new = _as_new(row)
    running = new.competence is Competence.OWN and new.eligible
    accept_by = due(new.kind, "accept", new.received_on) if running else None
    resolve_by = (
        due(new.kind, "resolve", new.accepted_on, complexity=new.complexity, remote=new.remote)
        if running else None
    )  # fmt: skip
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
        decided_on=new.decided_on, resolve_by=resolve_by, decision=row["decision"],
        outcome=new.outcome, household_code=row.get("household_code"), handler=row["handler"],
        flag=next_flag, identity_hidden=not shown, version=row["version"],
    )  # fmt: skip


def readable_rows_in(
    conn: Connection, actor: Actor, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The rows (petitions, citizens heard) ``actor`` may read: a field officer those about the
    households of their communes, or that they recorded."""
    require(actor, Action.READ_PERSONAL)
    if actor.role is not Role.FIELD_OFFICER:
        return rows
    mine: set[int] = set()
    for project_id in {r["project_id"] for r in rows if r["project_id"] is not None}:
        mine |= readable_households(conn, actor, project_id) or set()
    return [r for r in rows if r["household_id"] in mine or r["recorded_by"] == actor.username]


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
        _log_readings(store, actor, read)
    return entries


def _log_readings(store: Store, actor: Actor, read: list[Petition]) -> None:
    """One audit row per denunciation a reader saw in full, the first time each day (Vietnam
    time): a page shown again, or rerun by a click, is the same reading."""
    midnight = dt.datetime.combine(dt.datetime.now(LOCAL_TZ).date(), dt.time(), LOCAL_TZ)
    with store.begin() as conn:
        logged = audited_since(conn, actor=str(actor), action="read_denunciation",
                               entity="petition", since=midnight.astimezone(dt.UTC))  # fmt: skip
        for entry in read:
            if entry.id not in logged:
                write_audit(conn, actor=str(actor), action="read_denunciation", entity="petition",
                            entity_id=entry.id, project_id=None,
                            after={"body": entry.body, "reference": entry.reference})  # fmt: skip


def petitions_of_household_in(conn: Connection, household_id: int) -> list[dict[str, Any]]:
    """The petitions tied to a household (its timeline), denunciations' content left out. In the
    caller's transaction."""
    rows = _store.petition_rows(conn, household_id=household_id)
    return [
        {**r, "content": None, "filer_name": None, "filer_address": None}
        if r["kind"] == PetitionKind.DENUNCIATION
        else r
        for r in rows
    ]


def register_bodies(store: Store, *, actor: Actor) -> list[str]:
    """The bodies that keep a register or receive citizens here."""
    require(actor, Action.READ_FIGURES)
    with store.read() as conn:
        return _store.bodies(conn)


def petition_as_dict(p: Petition) -> dict[str, Any]:
    return {k: str(v) if hasattr(v, "value") else v for k, v in asdict(p).items()}
