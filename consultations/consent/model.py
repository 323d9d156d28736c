"""Consent is history: a household's status is the status of its latest event, never a stored field.

Events are ordered by the day they happened, then by the moment they were recorded (a field row: when
the officer saved it on the phone), then the order stored, so a correction recorded later for the same
day wins. "As of" a date means: only events that happened on or before it. An event its recorder
corrected (``core.corrections``) stays in the history and no longer counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from consultations.core.corrections import standing
from consultations.core.records import ConsentEvent, ConsentStatus, ParcelStatus

_EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def _sort_key(event: ConsentEvent) -> tuple[dt.date, dt.datetime, int]:
    # The moment it was recorded, not the order it reached the database: a row recorded offline in
    # the morning and brought back at night does not stand over the office's afternoon entry.
    moment = event.recorded_at or _EARLIEST
    moment = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
    return (event.happened_on, moment, event.id if event.id is not None else 0)


def counted(events: Iterable[ConsentEvent]) -> list[ConsentEvent]:
    """The events that count: all but those their recorder corrected (kept in the history)."""
    return standing(events, lambda e: e.id, lambda e: e.corrects_id)


def in_order(events: Iterable[ConsentEvent]) -> list[ConsentEvent]:
    """The events that count, in the order they stand: each one's status is the household's from
    it until the next (the last of a day is the household's status at that day's end)."""
    return sorted(counted(events), key=_sort_key)


def current_status(events: Iterable[ConsentEvent], as_of: dt.date | None = None) -> ConsentStatus:
    """The status of the latest event on or before ``as_of`` (all events when None), corrected
    events aside."""
    relevant = [e for e in counted(events) if as_of is None or e.happened_on <= as_of]
    if not relevant:
        return ConsentStatus.NOT_CONTACTED
    return max(relevant, key=_sort_key).status


def statuses_by_household(
    household_ids: Iterable[int], events: Iterable[ConsentEvent], as_of: dt.date | None = None
) -> dict[int, ConsentStatus]:
    """Every household's status as of a date; households without events are not contacted."""
    by_household: dict[int, list[ConsentEvent]] = {hid: [] for hid in household_ids}
    for event in events:
        if event.household_id in by_household:
            by_household[event.household_id].append(event)
    return {hid: current_status(evs, as_of) for hid, evs in by_household.items()}


def parcel_status(household_statuses: Iterable[ConsentStatus]) -> ParcelStatus:
    """A parcel's status from the statuses of the households linked to it.

    The rule, first match wins:
    no household → NO_HOUSEHOLD (organisation or public land); every household agreed → AGREED;
    any refused → REFUSED; any with concerns → CONCERNS; some agreed → PARTLY_AGREED;
    none contacted → NOT_CONTACTED; otherwise (informed, no answer yet) → IN_PROGRESS.
    """
    statuses = list(household_statuses)
    if not statuses:
        return ParcelStatus.NO_HOUSEHOLD
    if all(s is ConsentStatus.AGREED for s in statuses):
        return ParcelStatus.AGREED
    if ConsentStatus.REFUSED in statuses:
        return ParcelStatus.REFUSED
    if ConsentStatus.CONCERNS in statuses:
        return ParcelStatus.CONCERNS
    if ConsentStatus.AGREED in statuses:
        return ParcelStatus.PARTLY_AGREED
    if all(s is ConsentStatus.NOT_CONTACTED for s in statuses):
        return ParcelStatus.NOT_CONTACTED
    return ParcelStatus.IN_PROGRESS


def parcel_statuses(
    parcel_households: Mapping[int, Iterable[int]], household_statuses: Mapping[int, ConsentStatus]
) -> dict[int, ParcelStatus]:
    """Each parcel's derived status, given its linked household ids."""
    return {
        parcel_id: parcel_status(household_statuses[h] for h in hids if h in household_statuses)
        for parcel_id, hids in parcel_households.items()
    }
