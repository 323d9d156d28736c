"""The agreement curve: on each day an event happened, how many households' status that day is
"agreed", corrections and same-day entries as the consent history counts them."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from consultations.consent.model import current_status
from consultations.core.records import ConsentEvent, ConsentStatus
from consultations.reporting.progress import agreed_over_time

START = dt.date(2026, 1, 1)
AT_NINE = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)


@st.composite
def histories(draw: st.DrawFn) -> list[ConsentEvent]:
    """Events of a few households over a few days; some on the same day, some recorded out of
    order, some correcting the event before them."""
    events: list[ConsentEvent] = []
    for n in range(draw(st.integers(0, 40))):
        day = START + dt.timedelta(days=draw(st.integers(0, 6)))
        corrects = draw(st.sampled_from([None, *[e.id for e in events[-3:]]]))
        events.append(
            ConsentEvent(
                household_id=draw(st.integers(1, 5)),
                status=draw(st.sampled_from(list(ConsentStatus)[1:])),
                happened_on=day,
                recorded_by="lan",
                id=n + 1,
                recorded_at=AT_NINE + dt.timedelta(minutes=draw(st.integers(0, 30))),
                corrects_id=corrects,
            )
        )
    return events


@settings(max_examples=200, deadline=None)
@given(histories(), st.integers(0, 7))
def test_each_day_counts_the_households_agreed_that_day(
    events: list[ConsentEvent], until: int
) -> None:
    affected = [1, 2, 3, 4]  # household 5 is not affected: never counted
    as_of = START + dt.timedelta(days=until)
    series = agreed_over_time(affected, events, as_of)
    days = sorted(
        {e.happened_on for e in events if e.household_id in affected and e.happened_on <= as_of}
    )
    expected = [
        sum(
            current_status([e for e in events if e.household_id == h], day) is ConsentStatus.AGREED
            for h in affected
        )
        for day in days
    ]
    assert list(series.day) == days
    assert list(series.agreed) == expected


def test_a_household_that_agreed_and_then_refused_leaves_the_curve() -> None:
    events = [
        ConsentEvent(1, ConsentStatus.AGREED, START, "lan", id=1, recorded_at=AT_NINE),
        ConsentEvent(2, ConsentStatus.AGREED, START + dt.timedelta(days=1), "lan", id=2,
                     recorded_at=AT_NINE),
        ConsentEvent(1, ConsentStatus.REFUSED, START + dt.timedelta(days=2), "lan", id=3,
                     recorded_at=AT_NINE),
    ]  # fmt: skip
    series = agreed_over_time([1, 2], events, START + dt.timedelta(days=5))
    assert list(series.agreed) == [1, 2, 1]
