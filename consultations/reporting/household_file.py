"""A household's printable file: one A4 document for a visit or the steering committee.

Its status, parcels and areas, timeline (consent, meetings attended, concerns and their steps,
procedure steps, documents received, petitions), commitments and money, read in one snapshot.
Only what the reader may read: a field officer only for the households of their communes (refused
otherwise); a role that may not read personal data here (a viewer, a chair of other projects) gets
the file without the head's name, sex, members, ID number, phone, vulnerability, notes and texts
(consent notes, concerns, answers, promises) and without petitions at all. Rendered to HTML and DOCX by ``household_print``; every export is logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from consultations.commitments.service import commitments_in
from consultations.compensation.entries import Payment
from consultations.compensation.model import Account
from consultations.compensation.payments import accounts_in, payments_in
from consultations.concerns.service import concerns_in
from consultations.consent.model import counted, current_status
from consultations.consent.service import consent_events_in
from consultations.core.access import Action, Actor, Role, require, require_household
from consultations.core.commands import log_reading
from consultations.core.corrections import correction_mark
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, NotFound
from consultations.core.events import Entity
from consultations.core.records import (
    CommitmentStatus,
    ConcernCategory,
    ConsentStatus,
    Household,
    MeetingKind,
    Project,
)
from consultations.documents.service import disclosures_in
from consultations.households.service import (
    household_in,
    households_in,
    parcel_households_in,
    parcel_keys_in,
)
from consultations.land.areas import ParcelArea, parcel_areas_in
from consultations.meetings.service import household_meetings_in
from consultations.petitions.model import PetitionKind
from consultations.petitions.service import petitions_of_household_in
from consultations.procedure.service import Step, steps_in
from consultations.projects.service import project_in
from consultations.reporting.household_print import file_docx, file_html
from translations import _, format_date, local_time, local_today

FORMATS = ("html", "docx")


@dataclass(frozen=True)
class Entry:
    """One line of the timeline."""

    on: dt.date
    kind: str
    what: str
    by: str = ""


@dataclass(frozen=True)
class Promise:
    text: str | None  # None: withheld from this reader
    promised_by: str
    due_on: dt.date | None
    done_on: dt.date | None
    status: CommitmentStatus


@dataclass(frozen=True)
class PrintedFile:
    """What one reader may read of one household, as of ``today``."""

    project: Project
    household: Household  # without its personal fields when ``personal`` is False
    personal: bool
    status: ConsentStatus
    status_since: dt.date | None
    parcels: tuple[ParcelArea, ...]  # the affected ones, with their areas
    parcel_labels: tuple[str, ...]  # every parcel linked, "sheet/parcel"
    timeline: tuple[Entry, ...]  # oldest first
    promises: tuple[Promise, ...]
    account: Account | None
    payments: tuple[Payment, ...]
    today: dt.date
    reader: str


def _day(value: object) -> dt.date | None:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    day: dt.date = pd.Timestamp(value).date()
    return day


def _concern_entries(concerns: pd.DataFrame, personal: bool) -> list[Entry]:
    entries = []
    for c in concerns.itertuples():
        category = ConcernCategory(c.category).label
        text = f"{category}: {c.text}" if personal else category
        entries.append(Entry(_day(c.received_on) or dt.date.min, _("Concern received"), text,
                             str(c.recorded_by or "") if personal else ""))  # fmt: skip
        steps = [
            (c.acknowledged_on, _("Concern acknowledged"), category, ""),
            (c.answered_on, _("Concern answered"),
             f"{category}: {c.answer}" if personal and isinstance(c.answer, str) else category,
             str(c.answered_by or "") if personal else ""),
            (c.escalated_on, _("Concern escalated"), category, ""),
            (c.resolved_on, _("Concern resolved"), category, ""),
        ]  # fmt: skip
        entries += [Entry(d, kind, what, by) for on, kind, what, by in steps if (d := _day(on))]
    return entries


def _petition_entries(petitions: list[dict[str, object]]) -> list[Entry]:
    # petitions_of_household_in already leaves out a denunciation the reader may not know of,
    # and a denunciation's content always.
    entries = []
    for p in petitions:
        what = f"{PetitionKind(str(p['kind'])).label} {p['reference'] or ''}".strip()
        what += f" · {p['content']}" if p["content"] else ""
        entries.append(Entry(_day(p["received_on"]) or dt.date.min, _("Petition"), what,
                             str(p["body"] or "")))  # fmt: skip
        if decided := _day(p["decided_on"]):
            entries.append(Entry(decided, _("Petition decided"), str(p["decision"] or ""),
                                 str(p["body"] or "")))  # fmt: skip
    return entries


def _withheld(household: Household) -> Household:
    return Household(id=household.id, project_id=household.project_id, code=household.code,
                     head_name=_("(withheld)"), village=household.village,
                     affected=household.affected, version=household.version)  # fmt: skip


def printed_file(
    store: Store, household_id: int, *, actor: Actor, today: dt.date | None = None
) -> PrintedFile:
    """The file of one household as ``actor`` may read it (see the module's docstring)."""
    require(actor, Action.READ_FIGURES)
    day = today or local_today()
    with store.read() as conn:
        household = household_in(conn, household_id)
        project_id = household.project_id
        personal = actor.may_in(Action.READ_PERSONAL, project_id)
        if personal or actor.role is Role.FIELD_OFFICER:  # a field officer: their communes only
            require_household(conn, actor, Action.READ_PERSONAL, household_id)
        project = project_in(conn, project_id)
        events = consent_events_in(conn, project_id, household_id=household_id)
        meetings = household_meetings_in(conn, household_id)
        concerns = concerns_in(conn, project_id, household_id)
        commitments = commitments_in(conn, project_id)
        petitions = petitions_of_household_in(conn, household_id, actor) if personal else []
        linked = {
            p for p, hs in parcel_households_in(conn, project_id).items() if household_id in hs
        }
        areas = parcel_areas_in(conn, project_id)
        labels = parcel_keys_in(conn, project_id).get(household_id, [])
        account = next((a for a in accounts_in(conn, project_id, day)
                        if a.household_id == household_id), None)  # fmt: skip
        payments = payments_in(conn, project_id, household_id)
        steps = steps_in(conn, project_id, household_id)
        received = disclosures_in(conn, project_id, household_id)
    corrected = {e.corrects_id for e in events}
    timeline = [
        Entry(e.happened_on, _("Consent"), ConsentStatus(e.status).label
              + (f" · {e.note}" if personal and e.note else "")
              + correction_mark(e.id in corrected, (e.correction_reason if personal else "") if e.corrects_id else None),
              e.recorded_by)
        for e in events
    ]  # fmt: skip
    for m in meetings.itertuples():
        held = local_time(pd.Timestamp(m.held_at).to_pydatetime()).date()
        timeline.append(Entry(held, _("Meeting attended"),
                              f"{MeetingKind(m.kind).label} · {m.place or '-'}"))  # fmt: skip
    for s in steps.itertuples():
        ends = f" → {format_date(_day(s.ends_on))}" if _day(s.ends_on) else ""
        timeline.append(Entry(_day(s.happened_on) or day, _("Procedure"),
                              f"{Step(s.step).label}{ends} {s.outcome or ''}".strip(), str(s.recorded_by or "")))  # fmt: skip
    timeline += [Entry(on, _("Document received"), f"{d.title} ({d.method})")
                 for d in received.itertuples() if (on := _day(d.delivered_on))]  # fmt: skip
    timeline += _concern_entries(concerns, personal) + _petition_entries(petitions)
    timeline.sort(key=lambda e: e.on)  # stable: the same day keeps its order
    own = commitments[commitments.household_id == household_id] if len(commitments) else commitments
    promises = tuple(
        Promise(str(k.text) if personal else None, str(k.promised_by or ""), _day(k.due_on),
                _day(k.done_on), CommitmentStatus(k.status))
        for k in own.itertuples()
    )  # fmt: skip
    latest = counted(events)[-1] if events else None
    return PrintedFile(
        project=project, household=household if personal else _withheld(household),
        personal=personal, status=current_status(events),
        status_since=latest.happened_on if latest else None,
        parcels=tuple(sorted((areas[p] for p in linked if p in areas), key=lambda a: a.label)),
        parcel_labels=tuple(sorted(labels)), timeline=tuple(timeline), promises=promises,
        account=account, payments=tuple(payments), today=day, reader=actor.username,
    )  # fmt: skip


def household_id_of(store: Store, project_id: int, code: str, *, actor: Actor) -> int:
    """The id of the household with ``code`` in the project (as typed: case and spaces aside)."""
    require(actor, Action.READ_FIGURES)
    with store.read() as conn:
        found = [h.id for h in households_in(conn, project_id)
                 if h.code.casefold() == code.strip().casefold()]  # fmt: skip
    if not found:
        raise NotFound(_("There is no household {code} in this project.").format(code=code))
    return found[0]


def export_household_file(
    store: Store, household_id: int, fmt: str, *, actor: Actor, today: dt.date | None = None
) -> bytes:
    """The file as ``html`` or ``docx`` bytes; the export is in the audit log."""
    if fmt not in FORMATS:
        raise InvalidRecord(
            _("Write the household file to html or docx, not “{fmt}”.").format(fmt=fmt)
        )
    record = printed_file(store, household_id, actor=actor, today=today)
    data = file_html(record).encode("utf-8") if fmt == "html" else file_docx(record)
    log_reading(
        store,
        Entity.HOUSEHOLD,
        household_id,
        "export",
        actor=actor,
        project_id=record.project.id,
        after={"what": "household_file", "format": fmt, "personal": record.personal},
    )
    return data
