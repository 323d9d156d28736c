"""This week: what falls due or is late across the record, for the households its reader may read."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.commitments.service import (
    add_commitment,
    commitments_seen_by,
    set_commitment_status,
)
from consultations.compensation.payments import accounts
from consultations.concerns.service import (
    ConcernStep,
    concerns_seen_by,
    raise_concern,
    update_concern,
)
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied
from consultations.core.records import (
    Channel,
    CommitmentStatus,
    ConcernCategory,
    Household,
    Project,
)
from consultations.households.service import households_seen_by
from consultations.petitions.model import FilerKind, PetitionKind, due
from consultations.petitions.service import NewPetition, record_petition
from consultations.procedure.service import Step, record_step
from consultations.projects.service import find_project
from consultations.reporting.week import DueKind, Week, this_week
from translations import local_today

ADMIN = operator("t")
HERE = "Hưng Nguyên"  # the demo's second project spans Hưng Nguyên and Hưng Nguyên Nam
T = local_today()
DAY = dt.timedelta(days=1)


def officer(project: Project) -> Actor:
    return Actor("lan", Role.FIELD_OFFICER, (Scope(project.id, HERE),))


def setting(store: Store) -> tuple[Project, Household, Household]:
    """The Hưng Nguyên project, a household of the officer's commune and one of the other."""
    project = find_project(store, "hung-nguyen-vsip")
    mine = {h.id for h in households_seen_by(store, project.id, actor=officer(project))}
    everyone = households_seen_by(store, project.id, actor=ADMIN)
    return (project, next(h for h in everyone if h.id in mine),
            next(h for h in everyone if h.id not in mine))  # fmt: skip


def concern(store: Store, project: Project, household: Household | None, text: str) -> int:
    return raise_concern(store, project.id, household_id=household.id if household else None,
                         category=ConcernCategory.DOCUMENTS, channel=Channel.HOUSEHOLD_VISIT, text=text,
                         received_on=T - 2 * DAY, actor=ADMIN)  # fmt: skip


def found(week: Week, kind: DueKind, what: str) -> list[tuple[dt.date, bool]]:
    return [(i.due_on, i.late(week.today)) for i in week.items if i.kind is kind and i.what == what]


def test_a_concern_is_acknowledged_within_5_days_and_answered_within_30(demo_store: Store) -> None:
    project, household, _other = setting(demo_store)
    concern_id = concern(demo_store, project, household, "Xin bản đồ tuyến")
    ack, answer = T + 3 * DAY, T + 28 * DAY  # received two days ago
    week = this_week(demo_store, project, actor=ADMIN, today=T)
    assert found(week, DueKind.ACKNOWLEDGE_CONCERN, "Xin bản đồ tuyến") == [(ack, False)]
    assert found(week, DueKind.ANSWER_CONCERN, "Xin bản đồ tuyến") == []  # four weeks away
    later = this_week(demo_store, project, actor=ADMIN, today=ack + DAY)
    assert found(later, DueKind.ACKNOWLEDGE_CONCERN, "Xin bản đồ tuyến") == [(ack, True)]
    item = next(i for i in later.late if i.what == "Xin bản đồ tuyến")
    assert (item.household_code, item.record_id, item.days_left(later.today)) == (
        household.code, concern_id, -1)  # fmt: skip

    seen = next(
        c for c in concerns_seen_by(demo_store, project.id, actor=ADMIN) if c.id == concern_id
    )
    update_concern(demo_store, concern_id, project.id, ConcernStep.ACKNOWLEDGED, T,
                   seen_version=seen.version, actor=ADMIN)  # fmt: skip
    week = this_week(demo_store, project, actor=ADMIN, today=answer - 7 * DAY)
    assert found(week, DueKind.ACKNOWLEDGE_CONCERN, "Xin bản đồ tuyến") == []
    assert found(week, DueKind.ANSWER_CONCERN, "Xin bản đồ tuyến") == [(answer, False)]
    late = this_week(demo_store, project, actor=ADMIN, today=answer + DAY)
    assert found(late, DueKind.ANSWER_CONCERN, "Xin bản đồ tuyến") == [(answer, True)]


def test_a_field_officer_sees_only_the_households_of_their_communes(demo_store: Store) -> None:
    project, mine, theirs = setting(demo_store)
    concern(demo_store, project, mine, "Ở xã của cán bộ")
    concern(demo_store, project, theirs, "Ở xã bên cạnh")
    concern(demo_store, project, None, "Về cả dự án")
    everything = {i.what for i in this_week(demo_store, project, actor=ADMIN, today=T).items}
    seen = this_week(demo_store, project, actor=officer(project), today=T).items
    assert {"Ở xã của cán bộ", "Ở xã bên cạnh", "Về cả dự án"} <= everything
    assert {"Ở xã của cán bộ", "Về cả dự án"} <= {i.what for i in seen}
    assert "Ở xã bên cạnh" not in {i.what for i in seen}
    assert theirs.code not in {i.household_code for i in seen}


@pytest.mark.parametrize(
    "actor",
    [Actor("v", Role.VIEWER), Actor("hoa", Role.CHAIR, (Scope(1),))],  # Cát Văn's chair
    ids=["viewer", "chair of another project"],
)
def test_a_reader_who_may_not_read_the_households_is_refused(
    demo_store: Store, actor: Actor
) -> None:
    project, _mine, _theirs = setting(demo_store)
    assert project.id != 1
    with pytest.raises(PermissionDenied):
        this_week(demo_store, project, actor=actor, today=T)


def test_a_commitment_falls_due_until_it_is_kept(demo_store: Store) -> None:
    project, household, _other = setting(demo_store)
    commitment_id = add_commitment(demo_store, project.id, text="Sửa đường vào thôn",
                                   promised_by="UBND xã", due_on=T + 5 * DAY, household_id=household.id,
                                   actor=ADMIN)  # fmt: skip
    assert found(this_week(demo_store, project, actor=ADMIN, today=T), DueKind.COMMITMENT,
                 "Sửa đường vào thôn") == [(T + 5 * DAY, False)]  # fmt: skip
    assert found(this_week(demo_store, project, actor=ADMIN, today=T - 3 * DAY), DueKind.COMMITMENT,
                 "Sửa đường vào thôn") == []  # eight days away  # fmt: skip
    version = next(c.version for c in commitments_seen_by(demo_store, project.id, actor=ADMIN)
                   if c.id == commitment_id)  # fmt: skip
    set_commitment_status(demo_store, commitment_id, project.id, CommitmentStatus.DONE,
                          seen_version=version, actor=ADMIN, done_on=T)  # fmt: skip
    assert found(this_week(demo_store, project, actor=ADMIN, today=T + 9 * DAY), DueKind.COMMITMENT,
                 "Sửa đường vào thôn") == []  # fmt: skip


def test_a_refused_inventory_calls_for_written_persuasion_within_15_days(demo_store: Store) -> None:
    project, household, _other = setting(demo_store)
    record_step(demo_store, household.id, Step.INVENTORY_REFUSED, T - 10 * DAY, actor=ADMIN,
                late_reason="nhập lại từ sổ")  # fmt: skip
    week = this_week(demo_store, project, actor=ADMIN, today=T)
    steps = [
        i for i in week.items if i.kind is DueKind.PROCEDURE_STEP and i.household_id == household.id
    ]
    assert [(i.what, i.due_on) for i in steps] == [
        ("Vận động, thuyết phục bằng văn bản", T + 5 * DAY)
    ]


def test_a_petition_waits_for_acceptance_on_its_legal_clock(demo_store: Store) -> None:
    project, household, _other = setting(demo_store)
    received = T - 3 * DAY
    petition = NewPetition(body="UBND xã Hưng Nguyên", reference="7/2026", received_on=received,
                           channel=Channel.WRITTEN_PETITION, filer_kind=FilerKind.ONE,
                           kind=PetitionKind.COMPLAINT, category=ConcernCategory.COMPENSATION_PRICE,
                           content="Giá đất thấp", household_id=household.id)  # fmt: skip
    petition_id = record_petition(demo_store, petition, actor=ADMIN)
    accept_by = due(PetitionKind.COMPLAINT, "accept", received)
    assert accept_by is not None
    week = this_week(demo_store, project, actor=ADMIN, today=accept_by)
    item = next(i for i in week.items if i.kind is DueKind.ACCEPT_PETITION)
    assert (item.record_id, item.due_on, item.household_code) == (
        petition_id,
        accept_by,
        household.code,
    )
    assert item.what.startswith("7/2026")


def test_a_household_still_owed_30_days_after_approval_is_late_once(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    late = {
        a.household_id for a in accounts(demo_store, project.id, actor=ADMIN, today=T) if a.late
    }
    week = this_week(demo_store, project, actor=ADMIN, today=T)
    paying = [i for i in week.late if i.kind is DueKind.PAYMENT]
    assert late and {i.household_id for i in paying} == late
    assert len(paying) == len(late)  # the procedure table's payment deadline is not listed again
    assert not [
        i for i in week.items if i.kind is DueKind.PROCEDURE_STEP and i.what == "Khoản chi trả"
    ]
