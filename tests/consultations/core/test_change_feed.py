"""The change feed: one event per audit row in the same transaction, and per-project counters
that move with changes to the record, never with a sign-in or an export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from consultations.accounts.service import create_user, sign_in
from consultations.audit.store import audit_rows
from consultations.commitments.service import add_commitment
from consultations.concerns.service import raise_concern
from consultations.consent.service import record_consent
from consultations.core.access import Actor, Role, operator
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied, SignInFailed
from consultations.core.feed import feed_counters, feed_events, province_counters
from consultations.core.records import (
    Channel,
    ConcernCategory,
    ConsentStatus,
    Household,
    Project,
)
from consultations.households.store import households_of
from consultations.projects.service import find_project
from consultations.reporting.map_export import map_html
from consultations.reporting.options import Audience
from consultations.reporting.palette import STATUS_COLOURS
from consultations.reporting.project_export import export_project
from translations import local_today

PASSWORD = "mot-mat-khau-dai"
ADMIN = operator("t")
TODAY = local_today()


def _first_household(store: Store, slug: str = "cat-van-220kv") -> tuple[Project, Household]:
    project = find_project(store, slug)
    with store.read() as conn:
        return project, households_of(conn, project.id)[0]


def test_every_audit_row_has_its_event_with_the_same_actor_entity_and_time(
    demo_store: Store, tmp_path: Path
) -> None:
    project, household = _first_household(demo_store)
    create_user(demo_store, "lan", PASSWORD, Role.ADMIN, actor=ADMIN)
    sign_in(demo_store, "lan", PASSWORD)
    record_consent(demo_store, household.id, ConsentStatus.CONCERNS, TODAY,
                   seen_version=household.version, actor=ADMIN)  # fmt: skip
    export_project(demo_store, project, "csv", tmp_path / "ho.csv", actor=ADMIN)

    with demo_store.read() as conn:
        audit = sorted(audit_rows(conn, limit=100_000), key=lambda r: r["id"])
    events = feed_events(demo_store, actor=ADMIN)
    assert len(events) == len(audit) > 0
    for event, row in zip(events, audit, strict=True):
        assert (event.actor, event.entity, event.entity_id, event.project_id) == (
            row["actor"], row["entity"], row["entity_id"], row["project_id"]
        )  # fmt: skip
        assert event.kind == f"{row['entity']}.{row['action']}"
        assert event.at == row["at"]
    # the consent's one event names the household version it made: no household.new_version
    assert [e.kind for e in events[-3:]] == ["user.sign_in", "consent_event.create",
                                             "project.export"]  # fmt: skip


def test_signing_in_and_exporting_move_no_counter(demo_store: Store) -> None:
    project, _ = _first_household(demo_store)
    create_user(demo_store, "lan", PASSWORD, Role.ADMIN, actor=ADMIN)
    before = feed_counters(demo_store, project.id)
    sign_in(demo_store, "lan", PASSWORD)
    with pytest.raises(SignInFailed):
        sign_in(demo_store, "lan", "sai-mat-khau")
    map_html(demo_store, project, Audience.PUBLIC, STATUS_COLOURS, actor=operator("lan"))
    assert feed_counters(demo_store, project.id) == before  # cached maps and figures stay valid


def test_a_consent_event_moves_statuses_only_and_only_in_its_project(demo_store: Store) -> None:
    project, household = _first_household(demo_store)
    other = find_project(demo_store, "hung-nguyen-vsip")
    before, other_before = (
        feed_counters(demo_store, project.id),
        feed_counters(demo_store, other.id),
    )
    record_consent(demo_store, household.id, ConsentStatus.REFUSED, TODAY,
                   seen_version=household.version, actor=ADMIN)  # fmt: skip
    after = feed_counters(demo_store, project.id)
    assert after.statuses > before.statuses
    assert (after.land, after.people, after.records) == (before.land, before.people, before.records)
    assert feed_counters(demo_store, other.id) == other_before


@pytest.mark.parametrize("write, stream", [
    (lambda s, p, h: raise_concern(s, p.id, household_id=h.id, received_on=TODAY, actor=ADMIN,
                                   category=ConcernCategory.COMPENSATION_PRICE,
                                   channel=Channel.HOUSEHOLD_VISIT, text="Giá thấp"), "people"),
    (lambda s, p, h: add_commitment(s, p.id, text="Đo lại", promised_by="UBND xã", due_on=TODAY,
                                    household_id=h.id, actor=ADMIN), "records"),
])  # fmt: skip
def test_each_kind_of_record_moves_its_own_stream(
    demo_store: Store, write: Callable[[Store, Project, Household], object], stream: str
) -> None:
    project, household = _first_household(demo_store)
    before = feed_counters(demo_store, project.id)
    write(demo_store, project, household)
    after = feed_counters(demo_store, project.id)
    moved = {n for n in ("land", "people", "statuses", "records")
             if getattr(after, n) != getattr(before, n)}  # fmt: skip
    assert moved == {stream}


def test_counters_of_every_project_are_read_at_once_and_name_their_store(demo_store: Store) -> None:
    projects = [find_project(demo_store, s) for s in ("cat-van-220kv", "hung-nguyen-vsip")]
    both = province_counters(demo_store, [p.id for p in projects])
    assert both == tuple(feed_counters(demo_store, p.id) for p in projects)
    assert all(c.store == demo_store.url and c.land > 0 for c in both)


def test_only_an_administrator_reads_the_feed(demo_store: Store) -> None:
    with pytest.raises(PermissionDenied):
        feed_events(demo_store, actor=Actor("c", Role.CHAIR))


def test_a_meeting_writes_its_concerns_and_promises_through_their_own_doors(
    demo_store: Store,
) -> None:
    """One write path: a concern raised at a meeting is recorded (and audited) as the concern form
    records it, acknowledged that day and answered by the chair; likewise a promise."""
    from consultations.concerns.service import concerns_seen_by
    from consultations.core.records import MeetingKind
    from consultations.meetings.service import MeetingRecord, Promise, RaisedConcern, log_meeting

    project, household = _first_household(demo_store)
    held = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    meeting_id = log_meeting(demo_store, project.id, MeetingRecord(
        kind=MeetingKind.DIALOGUE, held_at=held, place="Nhà văn hoá", chair_name="Chủ tịch xã",
        concerns=(RaisedConcern(household.id, ConcernCategory.COMPENSATION_PRICE, "Giá thấp", "Sẽ xem lại"),),
        commitments=(Promise("Đo lại thửa", "Chi nhánh VPĐKĐĐ", household_id=household.id),),
    ), actor=ADMIN)  # fmt: skip

    events = feed_events(demo_store, actor=ADMIN)[-3:]
    assert [e.kind for e in events] == ["concern.create", "commitment.create", "meeting.create"]
    assert {e.actor for e in events} == {str(ADMIN)}
    [concern] = [
        c
        for c in concerns_seen_by(demo_store, project.id, actor=ADMIN)
        if c.meeting_id == meeting_id
    ]
    assert (concern.text, concern.answer, concern.answered_by) == (
        "Giá thấp", "Sẽ xem lại", "Chủ tịch xã"
    )  # fmt: skip
    assert concern.acknowledged_on == concern.received_on == held.date()
    assert concern.channel is Channel.MEETING and concern.open


def test_every_kind_of_record_the_code_audits_is_in_the_closed_set_with_its_stream() -> None:
    import re
    from pathlib import Path

    from consultations.core.events import STREAM_OF_ENTITY, Entity
    from consultations.reporting.options import WHAT

    root = Path(__file__).resolve().parents[3]
    written = {
        name
        for path in [*(root / "consultations").rglob("*.py"), root / "cli.py"]
        for name in re.findall(r'\bentity="([a-z_]+)"', path.read_text(encoding="utf-8"))
    } | set(WHAT)  # an export names what it exported
    assert len(written) > 20
    assert written <= {e.value for e in Entity}
    assert set(STREAM_OF_ENTITY) == set(Entity)


@pytest.mark.parametrize(("entity", "stream"), [
    ("payment", "records"), ("compensation_plan", "records"), ("petition", "records"),
    ("price_table", "records"), ("household", "people"), ("user", "accounts"),
])  # fmt: skip
def test_money_and_petitions_move_records_not_people(entity: str, stream: str) -> None:
    from consultations.core.events import stream_of

    assert stream_of(entity, "create") == stream
    assert stream_of(entity, "export") == "readings"


def test_a_kind_of_record_outside_the_set_is_refused_never_filed_under_people() -> None:
    from consultations.core.events import stream_of

    with pytest.raises(ValueError, match="widget"):
        stream_of("widget", "create")
