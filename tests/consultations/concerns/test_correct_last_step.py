"""An officer corrects the concern step just marked in error (issue 30, item 2): the open count
uses the correction, the audit log keeps both with the reason, and only the recorder, on their
latest change, within the window, may."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.concerns.service import (
    ConcernStep,
    concerns_seen_by,
    correct_last_concern_step,
    correctable_step,
    raise_concern,
    update_concern,
)
from consultations.core.access import Actor, Role, Scope
from consultations.core.audit import utcnow
from consultations.core.corrections import CORRECTION_MINUTES
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, PermissionDenied, StaleEdit
from consultations.core.records import Channel, ConcernCategory
from consultations.projects.service import find_project

TODAY = dt.date(2026, 12, 7)


def officers(store: Store) -> tuple[int, Actor, Actor]:
    project = find_project(store, "cat-van-220kv")
    scope = (Scope(project.id),)
    return (
        project.id,
        Actor("lan", Role.FIELD_OFFICER, scope),
        Actor("hung", Role.FIELD_OFFICER, scope),
    )


def resolved_in_error(store: Store, project_id: int, actor: Actor) -> int:
    concern_id = raise_concern(
        store, project_id, household_id=None, category=ConcernCategory.OTHER,
        channel=Channel.HOUSEHOLD_VISIT, text="hỏi về lịch chi trả", received_on=TODAY,
        actor=actor, today=TODAY,
    )  # fmt: skip
    update_concern(store, concern_id, project_id, ConcernStep.RESOLVED, TODAY, seen_version=1,
                   actor=actor, today=TODAY)  # fmt: skip
    return concern_id


def open_ids(store: Store, project_id: int, actor: Actor) -> set[int]:
    return {c.id for c in concerns_seen_by(store, project_id, actor=actor, today=TODAY) if c.open}


def test_a_concern_marked_resolved_in_error_is_open_again_once_corrected(demo_store: Store) -> None:
    project_id, lan, _hung = officers(demo_store)
    concern_id = resolved_in_error(demo_store, project_id, lan)
    assert concern_id not in open_ids(demo_store, project_id, lan)
    assert correctable_step(demo_store, concern_id, project_id, actor=lan) is ConcernStep.RESOLVED

    def correct(key: str) -> int:
        return correct_last_concern_step(
            demo_store, concern_id, project_id, ConcernStep.RESOLVED, None, seen_version=2,
            actor=lan, reason="bấm nhầm hộ", today=TODAY, key=key,
        )  # fmt: skip

    assert correct("fix-1") == 3
    assert correct("fix-1") == 3  # a double tap: one correction
    assert concern_id in open_ids(demo_store, project_id, lan)
    with pytest.raises(StaleEdit):  # the form that showed version 2 again, another key
        correct("fix-2")


LATER = dt.timedelta(minutes=CORRECTION_MINUTES + 1)


@pytest.mark.parametrize(
    ("who", "after", "refusal", "sentence"),
    [
        ("hung", dt.timedelta(0), PermissionDenied, r"^Chỉ người đã nhập bản ghi này"),
        ("lan", LATER, InvalidRecord, r"^Đã hết \d+ phút .* bản ghi mới kèm lý do\.$"),
    ],
    ids=["another-person", "after-the-window"],
)
def test_a_concern_step_correction_is_refused_with_what_to_do_instead(
    demo_store: Store, who: str, after: dt.timedelta, refusal: type[Exception], sentence: str
) -> None:
    project_id, lan, hung = officers(demo_store)
    concern_id = resolved_in_error(demo_store, project_id, lan)
    actor = hung if who == "hung" else lan
    with pytest.raises(refusal, match=sentence):
        correct_last_concern_step(
            demo_store, concern_id, project_id, ConcernStep.RESOLVED, None, seen_version=2,
            actor=actor, reason="nhầm", today=TODAY, now=utcnow() + after,
        )  # fmt: skip
    assert concern_id not in open_ids(demo_store, project_id, lan)
