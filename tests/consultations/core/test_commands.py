"""Commands are safe to repeat and to race, carry a real actor, and are scoped on the record's own
project and communes: a double tap records once; a string is never an actor; a field officer of
one commune cannot reach another commune's or another project's records through any write."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from consultations.audit.store import latest_audit_id
from consultations.commitments.service import add_commitment, set_commitment_status
from consultations.commitments.store import commitments_of
from consultations.concerns.service import ConcernStep, raise_concern, update_concern
from consultations.concerns.store import concerns_of
from consultations.consent.service import record_consent
from consultations.consent.store import consent_events_of
from consultations.core.access import Actor, Role, Scope, operator, require
from consultations.core.database import Store
from consultations.core.errors import NotFound, PermissionDenied
from consultations.core.records import (
    Channel,
    CommitmentStatus,
    ConcernCategory,
    ConsentStatus,
    Household,
    MeetingKind,
)
from consultations.documents.service import add_document, disclose
from consultations.households.service import edit_household
from consultations.households.store import households_of
from consultations.meetings.service import Attendee, MeetingRecord, log_meeting
from consultations.procedure.service import Step, record_step
from consultations.projects.service import find_project
from translations import local_today

ADMIN = operator("t")
TODAY = local_today()
SLUG = "hung-nguyen-vsip"  # spans two communes: Hưng Nguyên and Hưng Nguyên Nam


def _commune_households(store: Store) -> tuple[int, dict[str, list[Household]]]:
    from consultations.core.scopes import project_household_communes

    project = find_project(store, SLUG)
    with store.read() as conn:
        communes = project_household_communes(conn, project.id)
        households = households_of(conn, project.id)
    by_commune: dict[str, list[Household]] = {}
    for h in households:  # households with parcels in one commune only
        if len(communes.get(h.id, set())) == 1:
            by_commune.setdefault(next(iter(communes[h.id])), []).append(h)
    return project.id, by_commune


def test_the_demo_in_progress_project_spans_two_communes(demo_store: Store) -> None:
    _, by_commune = _commune_households(demo_store)
    assert {"Hưng Nguyên", "Hưng Nguyên Nam"} <= set(by_commune)


def test_a_string_is_not_an_actor() -> None:
    from consultations.core.access import Action

    with pytest.raises(TypeError, match="Actor"):
        require("cli", Action.EDIT_RECORDS)  # type: ignore[arg-type]


def test_a_consent_saved_from_a_stale_tab_is_told_which_status_was_recorded(
    demo_store: Store,
) -> None:
    from consultations.core.errors import StaleEdit

    _project_id, by_commune = _commune_households(demo_store)
    household = by_commune["Hưng Nguyên"][0]
    record_consent(demo_store, household.id, ConsentStatus.CONCERNS, TODAY, note="lo giá",
                   seen_version=household.version, actor=ADMIN, key=uuid.uuid4().hex)  # fmt: skip
    with pytest.raises(StaleEdit, match=r"Trạng thái: - → Còn băn khoăn") as refused:
        record_consent(demo_store, household.id, ConsentStatus.REFUSED, TODAY, note="không",
                       seen_version=household.version, actor=ADMIN, key=uuid.uuid4().hex)  # fmt: skip
    assert "đồng thuận" not in str(refused.value)  # it never reads as "the household agreed"


def test_the_same_consent_command_sent_twice_records_once(demo_store: Store) -> None:
    project_id, by_commune = _commune_households(demo_store)
    household = by_commune["Hưng Nguyên"][0]
    key = uuid.uuid4().hex
    first = record_consent(demo_store, household.id, ConsentStatus.CONCERNS, TODAY, note="lo giá",
                           seen_version=household.version, actor=ADMIN, key=key)  # fmt: skip
    again = record_consent(demo_store, household.id, ConsentStatus.CONCERNS, TODAY, note="lo giá",
                           seen_version=household.version, actor=ADMIN, key=key)  # fmt: skip
    assert again == first
    with demo_store.read() as conn:
        mine = consent_events_of(conn, project_id, household_id=household.id)
    assert [e.id for e in mine].count(first.id) == 1
    assert sum(e.note == "lo giá" for e in mine) == 1


def test_a_double_tap_racing_on_two_threads_records_once(demo_store: Store) -> None:
    project_id, by_commune = _commune_households(demo_store)
    household = by_commune["Hưng Nguyên Nam"][0]
    key = uuid.uuid4().hex

    def tap(_: int) -> int:
        return raise_concern(demo_store, project_id, household_id=household.id, key=key,
                             category=ConcernCategory.RESETTLEMENT, channel=Channel.HOUSEHOLD_VISIT,
                             text="Hỏi về tái định cư (chạm hai lần)", received_on=TODAY,
                             actor=ADMIN)  # fmt: skip

    with ThreadPoolExecutor(4) as pool:
        ids = set(pool.map(tap, range(4)))
    assert len(ids) == 1
    with demo_store.read() as conn:
        texts = list(concerns_of(conn, project_id).text)
    assert texts.count("Hỏi về tái định cư (chạm hai lần)") == 1


@pytest.mark.parametrize(
    "command",
    ["commitment", "meeting", "document", "household", "step", "commitment status", "concern step"],
)
def test_every_write_command_with_the_same_key_records_once(
    demo_store: Store, command: str
) -> None:
    project_id, by_commune = _commune_households(demo_store)
    household = by_commune["Hưng Nguyên"][0]
    key = uuid.uuid4().hex
    promise = add_commitment(demo_store, project_id, text="Đo lại", promised_by="Xã", due_on=TODAY,
                             actor=ADMIN)  # fmt: skip
    concern = raise_concern(demo_store, project_id, household_id=household.id, received_on=TODAY,
                            category=ConcernCategory.OTHER, channel=Channel.MEETING, text="Hỏi",
                            actor=ADMIN)  # fmt: skip
    run: Callable[[], object] = {
        "commitment": lambda: add_commitment(demo_store, project_id, text="Làm đường", promised_by="Xã",
                                             due_on=TODAY, actor=ADMIN, key=key),
        "meeting": lambda: log_meeting(demo_store, project_id, MeetingRecord(
            kind=MeetingKind.DIALOGUE, place="Hội trường", chair_name="Chủ tịch",
            held_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
            attendees=(Attendee(household.head_name, "F", household.id),)), actor=ADMIN, key=key),
        "document": lambda: add_document(demo_store, project_id, kind="other", title="Bản đồ",
                                         issued_on=TODAY, actor=ADMIN, key=key),
        "household": lambda: edit_household(demo_store, household.id, household.version,
                                             {"notes": "ghi chú"}, actor=ADMIN, key=key),
        "step": lambda: record_step(demo_store, household.id, Step.NOTICE_DELIVERED, TODAY,
                                    actor=ADMIN, key=key),
        "commitment status": lambda: set_commitment_status(
            demo_store, promise, project_id, CommitmentStatus.DONE, seen_version=1, done_on=TODAY,
            actor=ADMIN, key=key),
        "concern step": lambda: update_concern(
            demo_store, concern, project_id, ConcernStep.ACKNOWLEDGED, TODAY, seen_version=1,
            actor=ADMIN, key=key),
    }[command]  # fmt: skip
    first = run()
    with demo_store.read() as conn:
        audit = latest_audit_id(conn)
    assert run() == first
    with demo_store.read() as conn:
        assert latest_audit_id(conn) == audit  # nothing written the second time


def _officer(project_id: int, commune: str) -> Actor:
    return Actor("o", Role.FIELD_OFFICER, (Scope(project_id, commune),))


def test_a_field_officer_cannot_mark_another_communes_commitment_done(demo_store: Store) -> None:
    project_id, by_commune = _commune_households(demo_store)
    theirs = by_commune["Hưng Nguyên Nam"][0]
    commitment = add_commitment(demo_store, project_id, text="Đo lại thửa", promised_by="Xã",
                                due_on=TODAY, household_id=theirs.id, actor=ADMIN)  # fmt: skip
    with pytest.raises(PermissionDenied):
        set_commitment_status(demo_store, commitment, project_id, CommitmentStatus.DONE, done_on=TODAY,
                              seen_version=1, actor=_officer(project_id, "Hưng Nguyên"))  # fmt: skip
    with demo_store.read() as conn:
        row = commitments_of(conn, project_id).set_index("id").loc[commitment]
    assert row.status == "open"


def test_another_projects_record_cannot_be_reached_by_naming_ones_own_project(
    demo_store: Store,
) -> None:
    mine = find_project(demo_store, SLUG)
    other = find_project(demo_store, "cat-van-220kv")
    with demo_store.read() as conn:
        theirs = households_of(conn, other.id)[0]
    concern = raise_concern(demo_store, other.id, household_id=theirs.id, category=ConcernCategory.OTHER,
                            channel=Channel.MEETING, text="Hỏi", received_on=TODAY, actor=ADMIN)  # fmt: skip
    officer = Actor("o", Role.FIELD_OFFICER, (Scope(mine.id),))
    with pytest.raises(NotFound):
        update_concern(demo_store, concern, mine.id, ConcernStep.RESOLVED, TODAY, seen_version=1,
                       actor=officer)  # fmt: skip
    with pytest.raises(NotFound):  # not even an administrator files it under the wrong project
        update_concern(demo_store, concern, mine.id, ConcernStep.RESOLVED, TODAY, seen_version=1,
                       actor=ADMIN)  # fmt: skip


def test_a_meeting_naming_a_household_of_another_commune_is_refused_whole(
    demo_store: Store,
) -> None:
    project_id, by_commune = _commune_households(demo_store)
    here, there = by_commune["Hưng Nguyên"][0], by_commune["Hưng Nguyên Nam"][0]
    record = MeetingRecord(
        kind=MeetingKind.DIALOGUE, place="Nhà văn hoá", chair_name="Chủ tịch",
        held_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
        attendees=(Attendee(here.head_name, "F", here.id), Attendee(there.head_name, "M", there.id)),
    )  # fmt: skip
    with demo_store.read() as conn:
        before = latest_audit_id(conn)
    with pytest.raises(PermissionDenied):
        log_meeting(demo_store, project_id, record, actor=_officer(project_id, "Hưng Nguyên"))
    with demo_store.read() as conn:
        assert latest_audit_id(conn) == before


def test_a_disclosure_to_another_projects_household_is_refused(demo_store: Store) -> None:
    project_id, _ = _commune_households(demo_store)
    other = find_project(demo_store, "cat-van-220kv")
    with demo_store.read() as conn:
        theirs = households_of(conn, other.id)[0]
    document = add_document(demo_store, project_id, kind="other", title="Thông báo", issued_on=TODAY,
                            actor=ADMIN)  # fmt: skip
    with pytest.raises(PermissionDenied):
        disclose(demo_store, project_id, document, [theirs.id], delivered_on=TODAY,
                 method="hand_delivered", actor=ADMIN)  # fmt: skip
