"""Registers out of the store as tables that open anywhere: CSV (UTF-8 with BOM) and XLSX.

These are internal registers (ID numbers and phones included); what may be shown in public goes
through the public map and its own export, never through these.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from consultations.commitments.service import commitments_in, with_overdue
from consultations.concerns.service import concerns_in, with_ageing
from consultations.consent.model import statuses_by_household
from consultations.consent.service import consent_events_in
from consultations.core.access import Action, Actor, require
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.core.records import CommitmentStatus, ConcernCategory, ConsentStatus, MeetingKind
from consultations.households.service import (
    households_in,
    parcel_keys_in,
    sex_label,
    vulnerability_label,
)
from consultations.meetings.service import meetings_in
from translations import _, format_date, format_datetime, local_today


def _households(store: Store, project_id: int, today: dt.date) -> pd.DataFrame:
    with store.read() as conn:
        households = households_in(conn, project_id)
        events = consent_events_in(conn, project_id)
        parcels = parcel_keys_in(conn, project_id)
    statuses = statuses_by_household([h.id for h in households], events)
    return pd.DataFrame(
        [{_("Code"): h.code, _("Head of household"): h.head_name, _("Sex"): sex_label(h.head_sex) if h.head_sex else "",
          _("Members"): h.members, _("Village"): h.village, _("Phone"): h.phone,
          _("ID number"): h.id_number,
          _("Vulnerability"): "; ".join(vulnerability_label(v) for v in h.vulnerability),
          _("Parcels"): ", ".join(sorted(parcels.get(h.id, []))),
          _("Affected"): _("yes") if h.affected else _("no"),
          _("Status"): ConsentStatus(statuses[h.id]).label}
         for h in households]
    )  # fmt: skip


def _concerns(store: Store, project_id: int, today: dt.date) -> pd.DataFrame:
    with store.read() as conn:
        concerns = with_ageing(concerns_in(conn, project_id), today)
    return pd.DataFrame(
        {_("Number"): concerns.id, _("Household"): concerns.household_code,
         _("Category"): concerns.category.map(lambda c: ConcernCategory(c).label),
         _("Concern"): concerns.text, _("Received"): concerns.received_on.map(format_date),
         _("Answer"): concerns.answer, _("Answered"): concerns.answered_on.map(format_date),
         _("Resolved"): concerns.resolved_on.map(format_date), _("Age (days)"): concerns.age_days}
    )  # fmt: skip


def _meetings(store: Store, project_id: int, today: dt.date) -> pd.DataFrame:
    with store.read() as conn:
        meetings = meetings_in(conn, project_id)
    return pd.DataFrame(
        {_("Number"): meetings.id, _("When"): meetings.held_at.map(format_datetime),
         _("Kind"): meetings.kind.map(lambda k: MeetingKind(k).label), _("Place"): meetings.place,
         _("Chair"): meetings.chair_name, _("Summary"): meetings.summary}
    )  # fmt: skip


def _commitments(store: Store, project_id: int, today: dt.date) -> pd.DataFrame:
    with store.read() as conn:
        commitments = with_overdue(commitments_in(conn, project_id), today)
    return pd.DataFrame(
        {_("Number"): commitments.id, _("Promise"): commitments.text,
         _("Promised by"): commitments.promised_by, _("Due"): commitments.due_on.map(format_date),
         _("Status"): commitments.status.map(lambda s: CommitmentStatus(s).label), _("Done"): commitments.done_on.map(format_date),
         _("Overdue"): commitments.overdue.map(lambda o: _("yes") if o else _("no"))}
    )  # fmt: skip


def register(
    store: Store, project_id: int, what: str, today: dt.date | None = None, *,
    actor: Actor,
) -> pd.DataFrame:  # fmt: skip
    require(actor, Action.EXPORT_INTERNAL, project_id=project_id)
    builders = {"households": _households, "concerns": _concerns, "meetings": _meetings,
                "commitments": _commitments}  # fmt: skip
    if what not in builders:
        raise InvalidRecord(_("Unknown register “{what}”.").format(what=what))
    return builders[what](store, project_id, today or local_today())
