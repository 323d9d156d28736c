"""A field officer corrects the consent status just entered in error (issue 30, item 2): within
the window, only the recorder, only their latest entry; the history keeps both and figures use
the correction."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.consent.model import current_status
from consultations.consent.service import (
    consent_history,
    correct_last_consent,
    correctable_consent,
    record_consent,
)
from consultations.core.access import Actor, Role, Scope
from consultations.core.audit import utcnow
from consultations.core.corrections import CORRECTION_MINUTES
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, PermissionDenied, StaleEdit
from consultations.core.records import ConsentStatus, Household
from consultations.core.rules import Attachment
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project
from consultations.reporting.state import project_figures, project_state

CAT_VAN = "cat-van-220kv"
TODAY = dt.date(2026, 12, 7)


def officer(store: Store, name: str) -> Actor:
    return Actor(name, Role.FIELD_OFFICER, (Scope(find_project(store, CAT_VAN).id),))


def a_household(store: Store, actor: Actor) -> Household:
    project = find_project(store, CAT_VAN)
    return next(h for h in households_seen_by(store, project.id, actor=actor) if h.affected)


def fresh(store: Store, household: Household, actor: Actor) -> Household:
    project = find_project(store, CAT_VAN)
    return next(
        h for h in households_seen_by(store, project.id, actor=actor) if h.id == household.id
    )


def test_a_visit_record_correct_and_every_figure_uses_the_correction(demo_store: Store) -> None:
    lan = officer(demo_store, "lan")
    project = find_project(demo_store, CAT_VAN)
    household = a_household(demo_store, lan)
    before = project_state(demo_store, project).statuses[household.id]
    refused_before = project_figures(demo_store, project).refused
    wrong = record_consent(
        demo_store, household.id, ConsentStatus.REFUSED, TODAY, seen_version=household.version,
        actor=lan, today=TODAY, key="visit-1",
    )  # fmt: skip
    assert project_figures(demo_store, project).refused == refused_before + 1
    assert correctable_consent(demo_store, household.id, actor=lan) == wrong

    seen = fresh(demo_store, household, lan).version
    fixed = correct_last_consent(
        demo_store, wrong.id or 0, before, TODAY, seen_version=seen, actor=lan,
        note="giấy ký ở UBND xã", reason="bấm nhầm: hộ còn băn khoăn về giá", today=TODAY,
        key="fix-1",
    )  # fmt: skip
    assert (fixed.corrects_id, fixed.correction_reason) == (
        wrong.id,
        "bấm nhầm: hộ còn băn khoăn về giá",
    )
    history = consent_history(demo_store, household.id, actor=lan)
    assert [e.id for e in history][-2:] == [wrong.id, fixed.id]  # both kept
    assert current_status(history) is before
    state = project_state(demo_store, project)
    assert state.statuses[household.id] is before  # the database's own reading
    assert project_figures(demo_store, project).refused == refused_before

    again = correct_last_consent(
        demo_store, wrong.id or 0, before, TODAY, seen_version=seen, actor=lan,
        note="giấy ký ở UBND xã", reason="bấm nhầm: hộ còn băn khoăn về giá", today=TODAY,
        key="fix-1",
    )  # fmt: skip
    assert again == fixed  # a double tap: one correction
    assert len(consent_history(demo_store, household.id, actor=lan)) == len(history)
    with pytest.raises(InvalidRecord, match="mới nhất"):  # the original is no longer the latest
        correct_last_consent(
            demo_store, wrong.id or 0, ConsentStatus.REFUSED, TODAY,
            seen_version=fresh(demo_store, household, lan).version, actor=lan, reason="lần nữa",
            today=TODAY, key="fix-2",
        )  # fmt: skip


def recorded_in_error(store: Store, actor: Actor) -> tuple[Household, int]:
    household = a_household(store, actor)
    wrong = record_consent(
        store, household.id, ConsentStatus.REFUSED, TODAY, seen_version=household.version,
        actor=actor, today=TODAY,
    )  # fmt: skip
    return household, wrong.id or 0


LATER = dt.timedelta(minutes=CORRECTION_MINUTES + 1)


@pytest.mark.parametrize(
    ("who", "after", "stale", "reason", "refusal", "sentence"),
    [
        ("hung", dt.timedelta(0), False, "nhầm", PermissionDenied,
         r"^Chỉ người đã nhập bản ghi này mới sửa được nó\. .* bản ghi mới kèm lý do\.$"),
        ("lan", LATER, False, "nhầm", InvalidRecord, r"^Đã hết \d+ phút .* bản ghi mới kèm lý do\.$"),
        ("lan", dt.timedelta(0), True, "nhầm", StaleEdit, "^Chưa lưu thay đổi của bạn"),
        ("lan", dt.timedelta(0), False, " ", InvalidRecord, "^Hãy ghi lý do sửa bản ghi\\.$"),
    ],
    ids=["another-person", "after-the-window", "stale-version", "no-reason"],
)  # fmt: skip
def test_a_correction_is_refused_with_what_to_do_instead(
    demo_store: Store, who: str, after: dt.timedelta, stale: bool, reason: str,
    refusal: type[Exception], sentence: str,
) -> None:  # fmt: skip
    lan, actor = officer(demo_store, "lan"), officer(demo_store, who)
    household, wrong = recorded_in_error(demo_store, lan)
    now = utcnow() + after
    if after or who != "lan":
        assert correctable_consent(demo_store, household.id, actor=actor, now=now) is None
    seen = household.version if stale else fresh(demo_store, household, actor).version
    with pytest.raises(refusal, match=sentence):
        correct_last_consent(
            demo_store, wrong, ConsentStatus.INFORMED, TODAY, seen_version=seen, actor=actor,
            reason=reason, today=TODAY, now=now,
        )  # fmt: skip


def test_an_agreement_corrected_for_its_day_keeps_its_signed_paper(demo_store: Store) -> None:
    lan = officer(demo_store, "lan")
    household = a_household(demo_store, lan)
    paper = Attachment("bien-ban.pdf", b"%PDF-1.4 ky", "application/pdf")
    wrong = record_consent(
        demo_store, household.id, ConsentStatus.AGREED, TODAY, seen_version=household.version,
        actor=lan, signed_document=paper, today=TODAY,
    )  # fmt: skip
    fixed = correct_last_consent(
        demo_store, wrong.id or 0, ConsentStatus.AGREED, TODAY - dt.timedelta(days=1),
        seen_version=fresh(demo_store, household, lan).version, actor=lan,
        reason="ký hôm qua, không phải hôm nay", today=TODAY,
    )  # fmt: skip
    assert wrong.document_id is not None and fixed.document_id == wrong.document_id
