"""The Cat Van story replayed through the services, as officials would record it, day by day."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from consultations.commitments.service import add_commitment, set_commitment_status, with_overdue
from consultations.commitments.store import commitments_of
from consultations.concerns.service import ConcernStep, raise_concern, update_concern, with_ageing
from consultations.concerns.store import concerns_of
from consultations.consent.service import record_consent
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import (
    Channel,
    CommitmentStatus,
    ConcernCategory,
    ConsentStatus,
    Household,
    MeetingKind,
    Project,
)
from consultations.core.rules import Attachment
from consultations.households.store import households_of
from consultations.meetings.service import (
    Attendee,
    ConsentChange,
    MeetingRecord,
    Promise,
    RaisedConcern,
    log_meeting,
)
from consultations.reporting.state import project_figures
from consultations.setup.demo import DEMO_ROOT
from consultations.setup.folder import load_project_folder

ICT = dt.timezone(dt.timedelta(hours=7))
D = dt.date
TODAY = D(2024, 6, 1)
#: The Cát Văn project loaded without its history, and its households by code.
CatVan = tuple[Project, dict[str, Household]]


@pytest.fixture
def cat_van_without_history(store: Store, tmp_path: Path) -> CatVan:
    folder = tmp_path / "cat-van"
    shutil.copytree(DEMO_ROOT / "cat-van-220kv", folder)
    spec = (folder / "project.toml").read_text(encoding="utf-8")
    (folder / "project.toml").write_text(
        re.sub(r"\[history\]\nfile = .*\n", "", spec), encoding="utf-8"
    )
    project = load_project_folder(store, folder, actor=operator("tester"))
    with store.read() as conn:
        households = {h.code: h for h in households_of(conn, project.id)}
    return project, households


def version_of(store: Store, project_id: int, code: str) -> int:
    with store.read() as conn:
        return next(h.version for h in households_of(conn, project_id) if h.code == code)


def test_the_story_gives_the_press_figures_on_each_date(
    store: Store, cat_van_without_history: CatVan
) -> None:
    project, households = cat_van_without_history
    codes = sorted(households)
    log_meeting(
        store, project.id,
        MeetingRecord(
            kind=MeetingKind.PRE_NOTICE, held_at=dt.datetime(2024, 3, 5, 8, 0, tzinfo=ICT),
            place="Hội trường UBND xã Cát Văn", chair_name="Nguyễn Văn Hòa",
            attendees=tuple(Attendee(households[c].head_name, households[c].head_sex, households[c].id) for c in codes),
            consent_changes=tuple(ConsentChange(households[c].id, ConsentStatus.INFORMED, households[c].version) for c in codes),
        ),
        actor=operator("can-bo-xa"), today=D(2024, 3, 5),
    )  # fmt: skip
    for i, code in enumerate(codes[:6]):
        record_consent(
            store, households[code].id, ConsentStatus.AGREED, (D(2024, 3, 18) + dt.timedelta(days=i)),
            seen_version=version_of(store, project.id, code), actor=operator("can-bo-xa"),
            signed_document=Attachment("bien-ban.pdf", b"%PDF-1.4 signed"), today=(D(2024, 3, 18) + dt.timedelta(days=i)),
        )  # fmt: skip
    worried = codes[6:]
    categories = [ConcernCategory.ELECTRIC_FIELD, ConcernCategory.RESETTLEMENT,
                  ConcernCategory.COMPENSATION_PRICE, ConcernCategory.DOCUMENTS]  # fmt: skip
    for i, code in enumerate(worried):
        record_consent(store, households[code].id, ConsentStatus.CONCERNS, (D(2024, 3, 25) + dt.timedelta(days=i)),
                       seen_version=version_of(store, project.id, code), actor=operator("can-bo-xa"),
                       note="Chưa ký", today=(D(2024, 3, 25) + dt.timedelta(days=i)))  # fmt: skip
        raise_concern(store, project.id, household_id=households[code].id, category=categories[i % 4],
                      channel=Channel.HOUSEHOLD_VISIT, text="Băn khoăn", received_on=(D(2024, 3, 25) + dt.timedelta(days=i)),
                      actor=operator("can-bo-xa"), today=(D(2024, 3, 25) + dt.timedelta(days=i)))  # fmt: skip

    april_10 = project_figures(store, project, D(2024, 4, 10))
    assert (april_10.affected_households, april_10.agreed, april_10.concerns) == (15, 6, 9)

    log_meeting(
        store, project.id,
        MeetingRecord(
            kind=MeetingKind.DIALOGUE, held_at=dt.datetime(2024, 4, 20, 8, 30, tzinfo=ICT),
            place="Nhà văn hóa Thôn 2", chair_name="Lê Văn Thắng",
            chair_title="Chủ tịch UBND huyện Thanh Chương",
            attendees=tuple(Attendee(households[c].head_name, households[c].head_sex, households[c].id) for c in worried),
            concerns=(RaisedConcern(None, ConcernCategory.ELECTRIC_FIELD, "Điện trường có an toàn không?",
                                    answer="Đo tại từng nhà; dưới 5 kV/m"),),
            commitments=(Promise("Bàn giao hồ sơ dự án", "Ban QLDA", D(2024, 4, 25)),
                         Promise("Đo điện trường tại các nhà", "Truyền tải điện 1", D(2024, 5, 15))),
        ),
        actor=operator("can-bo-xa"), today=D(2024, 4, 20),
    )  # fmt: skip
    for i, code in enumerate(worried):
        record_consent(store, households[code].id, ConsentStatus.AGREED, min(D(2024, 4, 22) + dt.timedelta(days=5 * i), D(2024, 5, 31)),
                       seen_version=version_of(store, project.id, code), actor=operator("can-bo-xa"),
                       note="Biên bản lưu tại UBND xã", today=min(D(2024, 4, 22) + dt.timedelta(days=5 * i), D(2024, 5, 31)))  # fmt: skip

    assert project_figures(store, project, D(2024, 4, 20)).agreed == 6
    assert project_figures(store, project, D(2024, 5, 31)).agreed == 15
    with store.read() as conn:
        concerns = with_ageing(concerns_of(conn, project.id), TODAY)
        commitments = with_overdue(commitments_of(conn, project.id), D(2024, 4, 30))
    # Ten concerns, none resolved yet; the one raised at the dialogue was answered there.
    assert len(concerns) == 10 and concerns.open.all()
    assert concerns.answered_on.notna().sum() == 1
    assert list(commitments.overdue) == [True, False]


def test_an_agreement_needs_its_signed_document_or_a_note(
    store: Store, cat_van_without_history: CatVan
) -> None:
    from consultations.core.errors import InvalidRecord

    _project, households = cat_van_without_history
    household = households["CV01"]
    with pytest.raises(InvalidRecord, match="đã ký"):
        record_consent(store, household.id, ConsentStatus.AGREED, D(2024, 5, 1),
                       seen_version=household.version, actor=operator("x"), today=D(2024, 5, 2))  # fmt: skip


@pytest.mark.parametrize(
    ("happened_on", "late_reason", "message"),
    [
        (D(2024, 5, 3), None, "tương lai"),
        (D(2024, 4, 1), None, "muộn"),
        (D(2024, 4, 1), "Sổ ghi ở thôn", None),
    ],
)
def test_events_cannot_be_in_the_future_and_late_ones_need_a_reason(
    store: Store,
    cat_van_without_history: CatVan,
    happened_on: dt.date,
    late_reason: str | None,
    message: str | None,
) -> None:
    from consultations.core.errors import InvalidRecord

    project, households = cat_van_without_history
    household = households["CV02"]

    def record() -> None:
        record_consent(store, household.id, ConsentStatus.INFORMED, happened_on, seen_version=household.version,
                       actor=operator("x"), late_reason=late_reason, today=D(2024, 5, 2))  # fmt: skip

    if message is None:
        record()
        assert project_figures(store, project).informed == 1
    else:
        with pytest.raises(InvalidRecord, match=message):
            record()


def test_concern_steps_and_commitment_status_are_versioned(
    store: Store, cat_van_without_history: CatVan
) -> None:
    from consultations.core.errors import StaleEdit

    project, households = cat_van_without_history
    concern_id = raise_concern(store, project.id, household_id=households["CV03"].id,
                               category=ConcernCategory.GRAVES, channel=Channel.PHONE, text="Mộ tổ",
                               received_on=D(2024, 5, 1), actor=operator("a"), today=D(2024, 5, 2))  # fmt: skip
    version = update_concern(store, concern_id, project.id, ConcernStep.ACKNOWLEDGED, D(2024, 5, 2),
                             seen_version=1, actor=operator("a"), today=D(2024, 5, 2))  # fmt: skip
    with pytest.raises(StaleEdit, match="Ngày tiếp nhận: - → 02/05/2024"):
        update_concern(store, concern_id, project.id, ConcernStep.ANSWERED, D(2024, 5, 2), seen_version=1,
                       actor=operator("b"), answer="Hỗ trợ cải táng", today=D(2024, 5, 2))  # fmt: skip
    update_concern(store, concern_id, project.id, ConcernStep.ANSWERED, D(2024, 5, 2), seen_version=version,
                   actor=operator("b"), answer="Hỗ trợ cải táng", today=D(2024, 5, 2))  # fmt: skip
    commitment_id = add_commitment(store, project.id, text="Khảo sát", promised_by="UBND xã",
                                   due_on=D(2024, 5, 10), actor=operator("a"))  # fmt: skip
    set_commitment_status(store, commitment_id, project.id, CommitmentStatus.DONE, seen_version=1,
                          actor=operator("a"), done_on=D(2024, 5, 9))  # fmt: skip
    with store.read() as conn:
        concern = concerns_of(conn, project.id).iloc[0]
        commitment = commitments_of(conn, project.id).iloc[0]
    assert concern.answer == "Hỗ trợ cải táng" and concern.version == 3
    assert commitment.status == "done" and commitment.version == 2
