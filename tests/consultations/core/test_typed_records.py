"""What crosses a door is a frozen typed record: enums, dates and None, never NaN or a frame."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from consultations.accounts.service import create_user, list_users
from consultations.audit.service import audit_trail
from consultations.commitments.service import add_commitment, commitments_seen_by
from consultations.concerns.service import concerns_seen_by, raise_concern
from consultations.core.access import Role, Scope, operator
from consultations.core.database import Store
from consultations.core.records import Channel, CommitmentStatus, ConcernCategory
from consultations.projects.service import find_project

ADMIN = operator("t")
TODAY = dt.date(2026, 11, 30)


def test_concerns_and_commitments_are_typed_and_aged_on_the_day_asked(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    raise_concern(demo_store, project.id, household_id=None, category=ConcernCategory.GRAVES,
                  channel=Channel.PHONE, text="Mộ tổ", received_on=TODAY - dt.timedelta(days=40),
                  actor=ADMIN, today=TODAY)  # fmt: skip
    add_commitment(demo_store, project.id, text="Di dời mộ", promised_by="UBND xã",
                   due_on=TODAY - dt.timedelta(days=3), actor=ADMIN)  # fmt: skip

    [concern] = [c for c in concerns_seen_by(demo_store, project.id, actor=ADMIN, today=TODAY)
                 if c.text == "Mộ tổ"]  # fmt: skip
    assert concern.category is ConcernCategory.GRAVES and concern.channel is Channel.PHONE
    assert (concern.household_id, concern.answer, concern.resolved_on) == (None, None, None)
    assert (concern.open, concern.age_days, concern.overdue, concern.ack_overdue) == (
        True, 40, True, True
    )  # fmt: skip
    with pytest.raises(dataclasses.FrozenInstanceError):
        concern.text = "khác"  # type: ignore[misc]

    [promise] = [c for c in commitments_seen_by(demo_store, project.id, actor=ADMIN, today=TODAY)
                 if c.text == "Di dời mộ"]  # fmt: skip
    assert promise.status is CommitmentStatus.OPEN
    assert (promise.overdue, promise.days_late, promise.done_on) == (True, 3, None)
    assert isinstance(promise.due_on, dt.date)


def test_accounts_and_the_audit_trail_are_typed(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    create_user(demo_store, "lan", "mot-mat-khau-dai", Role.FIELD_OFFICER, actor=ADMIN,
                scopes=[Scope(project.id, "Cát Văn")])  # fmt: skip
    [lan] = [u for u in list_users(demo_store, actor=ADMIN) if u.username == "lan"]
    assert lan.role is Role.FIELD_OFFICER and lan.active and lan.locked_until is None
    assert lan.scopes == (Scope(project.id, "Cát Văn"),)
    assert not hasattr(lan, "password_hash")

    entry = audit_trail(demo_store, actor=ADMIN, user=str(ADMIN))[0]
    assert (entry.action, entry.entity, entry.actor) == ("create", "user", str(ADMIN))
    assert entry.at.tzinfo is not None and isinstance(entry.after, dict)
