"""Where each household stands, for the household list: its status, its last progress and how
long it has gone without (counted as the Overview's backlog counts it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from consultations.concerns.service import concerns_in
from consultations.consent.model import statuses_by_household
from consultations.consent.service import consent_events_in
from consultations.core.access import Actor
from consultations.core.database import Store
from consultations.core.records import ConsentStatus, Project
from consultations.households.service import households_seen_in
from consultations.meetings.service import meetings_in
from consultations.procedure.service import steps_in
from consultations.reporting.progress import (
    activity_of,
    household_since,
    idle_days,
    last_progress,
    meeting_days_of,
    project_start,
)
from translations import local_today

#: The order a list sorted by status follows: the usual path of a consultation.
STATUS_ORDER = {status: n for n, status in enumerate(ConsentStatus)}


@dataclass(frozen=True)
class HouseholdProgress:
    household_id: int
    status: ConsentStatus
    last_progress: dt.date | None  # None: nothing recorded for it yet
    idle_days: int | None  # since the later of its start (see household_since) and last progress

    def stuck(self, days: int) -> bool:
        """Not yet agreed, with no progress for ``days`` days (as the Overview's backlog)."""
        return self.status is not ConsentStatus.AGREED and (
            self.idle_days is None or self.idle_days >= days
        )


def household_progress(
    store: Store, project: Project, *, actor: Actor, today: dt.date | None = None
) -> dict[int, HouseholdProgress]:
    """Each household ``actor`` may read (a field officer: the communes assigned), by id, as it
    stands on ``today`` (Vietnam's today by default)."""
    day = today or local_today()
    with store.read() as conn:  # one snapshot
        households = households_seen_in(conn, project.id, actor)
        events = consent_events_in(conn, project.id, day)
        concerns = concerns_in(conn, project.id)
        steps = steps_in(conn, project.id)
        meetings = meetings_in(conn, project.id)
    statuses = statuses_by_household([h.id for h in households], events, day)
    activity = activity_of(events, concerns, steps)
    since = project_start(project, activity, meeting_days_of(meetings))
    last = last_progress(activity, day)
    return {
        h.id: HouseholdProgress(
            h.id,
            statuses.get(h.id, ConsentStatus.NOT_CONTACTED),
            last.get(h.id),
            idle_days(last.get(h.id), household_since(since, h.added_on, project.created_on), day),
        )
        for h in households
    }
