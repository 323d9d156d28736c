"""An officer corrects the meeting just logged in error (issue 30, item 2): the project's meetings
show the corrected kind and day, the audit log keeps both with the reason, and only the person who
logged it, within the window, from the version they saw, may."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.core.access import Actor, Role, Scope
from consultations.core.audit import utcnow
from consultations.core.corrections import CORRECTION_MINUTES
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, PermissionDenied, StaleEdit
from consultations.core.records import MeetingKind
from consultations.meetings.corrections import correct_last_meeting, correctable_meeting
from consultations.meetings.service import MeetingRecord, log_meeting, project_meetings
from consultations.projects.service import find_project
from translations import local_today

TODAY = local_today()
AT = dt.datetime.combine(TODAY, dt.time(8), tzinfo=dt.UTC)


def logged_in_error(store: Store) -> tuple[int, int, Actor, Actor]:
    project_id = find_project(store, "cat-van-220kv").id
    lan, hung = (Actor(n, Role.FIELD_OFFICER, (Scope(project_id),)) for n in ("lan", "hung"))
    record = MeetingRecord(kind=MeetingKind.PRE_NOTICE, held_at=AT, place="Nhà văn hóa xóm 3",
                           chair_name="Chủ tịch xã")  # fmt: skip
    return project_id, log_meeting(store, project_id, record, actor=lan), lan, hung


def test_a_meeting_logged_as_the_wrong_kind_is_counted_as_corrected(demo_store: Store) -> None:
    project_id, meeting_id, lan, _hung = logged_in_error(demo_store)
    assert correctable_meeting(demo_store, meeting_id, project_id, actor=lan) == 1

    def correct(key: str) -> int:
        return correct_last_meeting(
            demo_store, meeting_id, project_id, kind=MeetingKind.DIALOGUE, held_at=AT,
            place="Nhà văn hóa xóm 3", summary=None, seen_version=1, actor=lan,
            reason="chọn nhầm loại cuộc họp", key=key,
        )  # fmt: skip

    assert correct("fix-1") == 2
    assert correct("fix-1") == 2  # a double tap: one correction
    shown = next(
        m for m in project_meetings(demo_store, project_id, actor=lan) if m.id == meeting_id
    )
    assert shown.kind is MeetingKind.DIALOGUE
    with pytest.raises(StaleEdit):
        correct("fix-2")


@pytest.mark.parametrize(
    ("who", "after", "refusal", "sentence"),
    [
        ("hung", dt.timedelta(0), PermissionDenied, r"^Chỉ người đã nhập bản ghi này"),
        ("lan", dt.timedelta(minutes=CORRECTION_MINUTES + 1), InvalidRecord, r"^Đã hết \d+ phút"),
    ],
    ids=["another-person", "after-the-window"],
)
def test_a_meeting_correction_is_refused_with_what_to_do_instead(
    demo_store: Store, who: str, after: dt.timedelta, refusal: type[Exception], sentence: str
) -> None:
    project_id, meeting_id, lan, hung = logged_in_error(demo_store)
    with pytest.raises(refusal, match=sentence):
        correct_last_meeting(
            demo_store, meeting_id, project_id, kind=MeetingKind.DIALOGUE, held_at=AT,
            place="Nhà văn hóa", summary=None, seen_version=1, actor=hung if who == "hung" else lan,
            reason="nhầm", now=utcnow() + after,
        )  # fmt: skip
