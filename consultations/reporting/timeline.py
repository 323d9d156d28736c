"""One household's story in one list: consent events, concerns, meetings, procedure steps,
documents received and petitions, oldest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from consultations.compensation.payments import household_money_in
from consultations.concerns.service import concerns_in
from consultations.consent.service import consent_events_in
from consultations.core.access import Action, Actor, require_household
from consultations.core.corrections import correction_mark
from consultations.core.database import Store
from consultations.core.records import ConcernCategory, ConsentStatus, Household, MeetingKind
from consultations.documents.service import disclosures_in
from consultations.households.service import household_changes_in, household_in, parcel_keys_in
from consultations.meetings.service import household_meetings_in
from consultations.petitions.model import PetitionKind
from consultations.petitions.service import petitions_of_household_in
from consultations.petitions.sessions import heard_from_household_in
from consultations.procedure.service import Deadline, Step, deadlines, steps_in
from translations import _, format_date, local_time


@dataclass(frozen=True)
class HouseholdFile:
    household: Household
    parcels: list[str]
    timeline: pd.DataFrame  # on, kind, what, by
    concerns: pd.DataFrame
    deadlines: list[Deadline]


def household_file(
    store: Store, household_id: int, today: dt.date, *, actor: Actor
) -> HouseholdFile:
    with store.read() as conn:
        require_household(conn, actor, Action.READ_PERSONAL, household_id)
        household = household_in(conn, household_id)
        project_id = household.project_id
        events = consent_events_in(conn, project_id, household_id=household_id)
        concerns = concerns_in(conn, project_id, household_id)
        meetings = household_meetings_in(conn, household_id)
        steps = steps_in(conn, project_id, household_id)
        received = disclosures_in(conn, project_id, household_id)
        petitions = petitions_of_household_in(conn, household_id, actor)
        heard = heard_from_household_in(conn, household_id, actor)
        money = household_money_in(conn, project_id, household_id)
        parcels = parcel_keys_in(conn, project_id).get(household_id, [])
        changes = household_changes_in(conn, household_id)
    corrected = {e.corrects_id for e in events}
    rows = [
        (e.happened_on, _("Consent"), ConsentStatus(e.status).label + (f" · {e.note}" if e.note else "")
         + correction_mark(e.id in corrected, e.correction_reason if e.corrects_id else None), e.recorded_by)
        for e in events
    ]  # fmt: skip
    for c in concerns.itertuples():
        rows.append(
            (
                c.received_on,
                _("Concern"),
                f"{ConcernCategory(c.category).label}: {c.text}",
                c.recorded_by,
            )
        )
        if c.answered_on is not None and not pd.isna(c.answered_on):
            rows.append((c.answered_on, _("Answer"), str(c.answer or ""), str(c.answered_by or "")))
    for m in meetings.itertuples():
        when = pd.Timestamp(m.held_at).date()
        rows.append((when, _("Meeting"), f"{MeetingKind(m.kind).label} · {m.place or ''}", ""))
    for s in steps.itertuples():
        ends = f" → {format_date(s.ends_on)}" if s.ends_on else ""
        rows.append(
            (
                s.happened_on,
                _("Procedure"),
                f"{Step(s.step).label}{ends} {s.outcome or ''}".strip(),
                s.recorded_by,
            )
        )
    for d in received.itertuples():
        rows.append((d.delivered_on, _("Document received"), f"{d.title} ({d.method})", ""))
    # A denunciation's content is never in it, nor the denunciation at all (nor its filer heard at
    # a session) for readers who may not know who filed it: tied to a household, it would point
    # at the denouncer.
    for p in petitions:
        what = f"{PetitionKind(p['kind']).label} {p['reference']}: {ConcernCategory(p['category']).label}"
        what += f" · {p['content']}" if p["content"] else ""
        rows.append((p["received_on"], _("Petition"), what, p["body"]))
        if p["decided_on"] is not None:
            rows.append(
                (p["decided_on"], _("Petition decided"), str(p["decision"] or ""), p["body"])
            )
    for h in heard:
        what = h.raised + (f" → {h.answer}" if h.answer else "")
        what += " · " + _("referred to {body}").format(body=h.referred_to) if h.referred_to else ""
        if h.held_on is not None:
            rows.append((h.held_on, _("Heard at a reception session"), what, h.body or ""))
    rows += [(day, kind, what, "") for day, kind, what in money]
    rows += [(local_time(c.at).date(), _("Details"), c.what, c.by) for c in changes]
    timeline = pd.DataFrame(rows, columns=["on", "kind", "what", "by"]).sort_values(
        "on", kind="stable"
    )
    return HouseholdFile(household, sorted(parcels), timeline.reset_index(drop=True), concerns,
                         deadlines(steps, today))  # fmt: skip
