"""A consent event cites only a meeting of the household's own project, and a field officer only
a meeting of their own communes (or of the whole project); a refusal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.consent.service import consent_history, record_consent
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import NotFound, PermissionDenied
from consultations.core.records import ConsentEvent, ConsentStatus, Household, MeetingKind
from consultations.core.scopes import household_communes
from consultations.households.store import households_of
from consultations.meetings.service import MeetingRecord, log_meeting, parcels_of_households
from consultations.projects.service import find_project
from translations import local_today

TODAY = local_today()
ADMIN = operator("t")


def _meeting(store: Store, project_id: int, parcel_ids: tuple[int, ...] = ()) -> int:
    record = MeetingRecord(
        kind=MeetingKind.DIALOGUE, held_at=dt.datetime.combine(TODAY, dt.time(8), tzinfo=dt.UTC),
        place="Nhà văn hóa", chair_name="Chủ tịch xã", parcel_ids=parcel_ids,
    )  # fmt: skip
    return log_meeting(store, project_id, record, actor=ADMIN)


def _household_of(store: Store, project_id: int, commune: str) -> Household:
    with store.read() as conn:
        return next(
            h for h in households_of(conn, project_id)
            if household_communes(conn, h.id)[1] == {commune}
        )  # fmt: skip


def _cite(store: Store, household: Household, meeting_id: int, actor: Actor) -> ConsentEvent:
    with store.read() as conn:
        version = next(
            h.version for h in households_of(conn, household.project_id) if h.id == household.id
        )
    return record_consent(
        store, household.id, ConsentStatus.CONCERNS, TODAY, seen_version=version, actor=actor,
        meeting_id=meeting_id, note="Hỏi thêm về giá",
    )  # fmt: skip


def test_a_consent_event_citing_a_meeting_of_another_project_is_refused(
    demo_store: Store,
) -> None:
    cat_van = find_project(demo_store, "cat-van-220kv")
    elsewhere = _meeting(demo_store, find_project(demo_store, "hung-nguyen-vsip").id)
    household = _household_of(demo_store, cat_van.id, "Cát Văn")
    before = consent_history(demo_store, household.id, actor=ADMIN)
    with pytest.raises(NotFound, match="Không có cuộc họp này trong dự án"):
        _cite(demo_store, household, elsewhere, ADMIN)
    assert consent_history(demo_store, household.id, actor=ADMIN) == before


def test_a_field_officer_cites_no_meeting_held_for_a_commune_not_theirs(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "hung-nguyen-vsip")
    theirs = _household_of(demo_store, project.id, "Hưng Nguyên")
    other = _household_of(demo_store, project.id, "Hưng Nguyên Nam")
    other_parcels = parcels_of_households(demo_store, project.id, [other.id], actor=ADMIN)
    of_the_south = _meeting(demo_store, project.id, other_parcels)
    officer = Actor("lan", Role.FIELD_OFFICER, (Scope(project.id, "Hưng Nguyên"),))
    before = consent_history(demo_store, theirs.id, actor=ADMIN)

    with pytest.raises(PermissionDenied, match=f"Cuộc họp số {of_the_south} .*Hưng Nguyên Nam"):
        _cite(demo_store, theirs, of_the_south, officer)
    assert consent_history(demo_store, theirs.id, actor=ADMIN) == before

    whole_project = _meeting(demo_store, project.id)
    theirs_parcels = parcels_of_households(demo_store, project.id, [theirs.id], actor=ADMIN)
    of_theirs = _meeting(demo_store, project.id, theirs_parcels)
    for meeting_id in (whole_project, of_theirs):
        event = _cite(demo_store, theirs, meeting_id, officer)
        assert event.meeting_id == meeting_id
    assert _cite(demo_store, theirs, of_the_south, ADMIN)  # the province's staff may cite it


def test_a_concern_or_a_promise_citing_a_meeting_of_another_project_is_refused(
    demo_store: Store,
) -> None:
    from consultations.commitments.service import add_commitment
    from consultations.concerns.service import raise_concern
    from consultations.core.records import Channel, ConcernCategory

    cat_van = find_project(demo_store, "cat-van-220kv")
    elsewhere = _meeting(demo_store, find_project(demo_store, "hung-nguyen-vsip").id)
    household = _household_of(demo_store, cat_van.id, "Cát Văn")
    with pytest.raises(NotFound, match="Không có cuộc họp này trong dự án"):
        raise_concern(demo_store, cat_van.id, household_id=household.id,
                      category=ConcernCategory.OTHER, channel=Channel.MEETING, text="Hỏi giá",
                      received_on=TODAY, actor=ADMIN, meeting_id=elsewhere)  # fmt: skip
    with pytest.raises(NotFound, match="Không có cuộc họp này trong dự án"):
        add_commitment(demo_store, cat_van.id, text="Làm đường", promised_by="UBND xã",
                       due_on=None, actor=ADMIN, meeting_id=elsewhere, household_id=household.id)  # fmt: skip
