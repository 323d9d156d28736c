"""A household's status is derived from its latest event; a parcel's from its households."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.consent.model import current_status, parcel_status
from consultations.core.database import Store
from consultations.core.records import ConsentEvent, ConsentStatus, Household, ParcelStatus
from consultations.reporting.figures import headline_figures

A, C, INF, N, R = (
    ConsentStatus.AGREED,
    ConsentStatus.CONCERNS,
    ConsentStatus.INFORMED,
    ConsentStatus.NOT_CONTACTED,
    ConsentStatus.REFUSED,
)


def event(status: ConsentStatus, day: int, event_id: int, household: int = 1) -> ConsentEvent:
    return ConsentEvent(
        id=event_id,
        household_id=household,
        status=status,
        happened_on=dt.date(2024, 4, day),
        recorded_by="test",
    )


def household(hid: int, affected: bool = True) -> Household:
    return Household(
        id=hid,
        project_id=1,
        code=f"H{hid}",
        head_name="x",
        village=None,
        affected=affected,
        version=1,
    )


def test_a_household_without_events_is_not_contacted() -> None:
    assert current_status([]) is N


def test_the_latest_event_gives_the_status() -> None:
    events = [event(INF, 1, 1), event(C, 5, 2), event(A, 20, 3)]
    assert current_status(events) is A


def test_as_of_a_date_ignores_later_events() -> None:
    events = [event(INF, 1, 1), event(C, 5, 2), event(A, 20, 3)]
    assert current_status(events, as_of=dt.date(2024, 4, 19)) is C
    assert current_status(events, as_of=dt.date(2024, 4, 20)) is A


def test_a_correction_recorded_later_for_the_same_day_wins() -> None:
    events = [event(A, 5, 1), event(C, 5, 2)]
    assert current_status(events) is C


def test_an_event_entered_late_for_an_earlier_day_does_not_override_newer_days() -> None:
    events = [event(A, 20, 1), event(C, 5, 2)]  # recorded second, happened earlier
    assert current_status(events) is A


@pytest.mark.parametrize(
    ("households", "expected"),
    [
        ([], ParcelStatus.NO_HOUSEHOLD),
        ([A], ParcelStatus.AGREED),
        ([A, A], ParcelStatus.AGREED),
        ([A, R], ParcelStatus.REFUSED),
        ([A, C], ParcelStatus.CONCERNS),
        ([R, C], ParcelStatus.REFUSED),
        ([A, INF], ParcelStatus.PARTLY_AGREED),
        ([A, N], ParcelStatus.PARTLY_AGREED),
        ([N, N], ParcelStatus.NOT_CONTACTED),
        ([N, INF], ParcelStatus.IN_PROGRESS),
        ([INF], ParcelStatus.IN_PROGRESS),
    ],
)
def test_parcel_status_rule(households: list[ConsentStatus], expected: ParcelStatus) -> None:
    assert parcel_status(households) is expected


def test_headline_figures_count_affected_households_by_status() -> None:
    households = [household(1), household(2), household(3), household(4), household(5, False)]
    events = [
        event(A, 1, 1, household=1),
        event(C, 2, 2, household=2),
        event(R, 3, 3, household=3),
        event(A, 3, 4, household=5),  # no longer affected: left out
    ]
    figures = headline_figures(households, events)
    assert (figures.affected_households, figures.agreed, figures.concerns) == (4, 1, 1)
    assert (figures.refused, figures.not_contacted, figures.agreement_share) == (1, 1, 0.25)
    assert not figures.above_threshold


@pytest.mark.parametrize(("agreed", "above"), [(3, False), (4, True)])
def test_the_75_percent_threshold_needs_strictly_more_than_75_percent(
    agreed: int, above: bool
) -> None:
    households = [household(i) for i in range(1, 5)]
    events = [event(A, 1, i, household=i) for i in range(1, agreed + 1)]
    assert headline_figures(households, events).above_threshold is above


def test_no_households_gives_a_zero_share_not_an_error() -> None:
    assert headline_figures([], []).agreement_share == 0.0


@pytest.mark.parametrize(
    "day", [dt.date(2024, 4, 10), dt.date(2024, 5, 20), dt.date(2026, 11, 1), None]
)
def test_the_database_derives_the_same_statuses_as_the_consent_rules(
    demo_store: Store, day: dt.date | None
) -> None:
    from consultations.consent.model import statuses_by_household
    from consultations.consent.store import consent_events_of, latest_statuses
    from consultations.households.store import households_of

    for project_id in (1, 2):
        with demo_store.read() as conn:
            ids = [h.id for h in households_of(conn, project_id)]
            by_rules = statuses_by_household(ids, consent_events_of(conn, project_id, day), day)
            by_sql = latest_statuses(conn, project_id, day)
        assert {i: by_sql.get(i, ConsentStatus.NOT_CONTACTED) for i in ids} == by_rules
