"""What a field officer reads: concerns, commitments and who came to meetings, only for the
households of the communes assigned (and the project-wide records); a viewer reads none."""

from __future__ import annotations

import datetime as dt

import pytest

from consultations.commitments.service import add_commitment, commitments_seen_by
from consultations.concerns.service import concerns_seen_by, raise_concern
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied
from consultations.core.records import Channel, ConcernCategory, MeetingKind
from consultations.households.service import households_seen_by
from consultations.households.store import households_of
from consultations.meetings.service import Attendee, MeetingRecord, attendance_seen_by, log_meeting
from consultations.projects.service import find_project
from translations import local_today

TODAY = local_today()


def test_a_field_officer_reads_the_records_of_their_communes_only(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    with demo_store.read() as conn:
        cv01 = next(h for h in households_of(conn, project.id) if h.code == "CV01")
    raise_concern(demo_store, project.id, household_id=cv01.id, category=ConcernCategory.DOCUMENTS,
                  channel=Channel.HOUSEHOLD_VISIT, text="Nỗi lo riêng của hộ CV01", received_on=TODAY,
                  actor=operator("t"))  # fmt: skip
    raise_concern(demo_store, project.id, household_id=None, category=ConcernCategory.DOCUMENTS,
                  channel=Channel.MEETING, text="Câu hỏi chung của cả thôn", received_on=TODAY,
                  actor=operator("t"))  # fmt: skip
    add_commitment(demo_store, project.id, text="Đo lại thửa của CV01", promised_by="UBND xã",
                   due_on=TODAY, household_id=cv01.id, actor=operator("t"))  # fmt: skip
    meeting = log_meeting(demo_store, project.id, MeetingRecord(
        kind=next(iter(MeetingKind)), place="Nhà văn hoá", chair_name="Chủ tịch xã",
        held_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
        attendees=(Attendee(cv01.head_name, "F", cv01.id), Attendee("Cán bộ địa chính", "M")),
    ), actor=operator("t"))  # fmt: skip
    here = Actor("o", Role.FIELD_OFFICER, (Scope(project.id, "Cát Văn"),))
    elsewhere = Actor("k", Role.FIELD_OFFICER, (Scope(project.id, "Thanh Hà"),))

    assert "Nỗi lo riêng của hộ CV01" in {
        c.text for c in concerns_seen_by(demo_store, project.id, actor=here)
    }
    assert {c.text for c in concerns_seen_by(demo_store, project.id, actor=elsewhere)} == {
        "Câu hỏi chung của cả thôn"
    }
    assert "Đo lại thửa của CV01" in {
        c.text for c in commitments_seen_by(demo_store, project.id, actor=here)
    }
    assert "Đo lại thửa của CV01" not in {
        c.text for c in commitments_seen_by(demo_store, project.id, actor=elsewhere)
    }
    assert cv01.id in {h.id for h in households_seen_by(demo_store, project.id, actor=here)}
    assert households_seen_by(demo_store, project.id, actor=elsewhere) == []

    seen_here = attendance_seen_by(demo_store, project.id, meeting, actor=here)
    seen_elsewhere = attendance_seen_by(demo_store, project.id, meeting, actor=elsewhere)
    assert set(seen_here.rows.attendee_name) == {cv01.head_name, "Cán bộ địa chính"}
    assert set(seen_elsewhere.rows.attendee_name) == {"Cán bộ địa chính"}
    assert (seen_elsewhere.total, seen_elsewhere.women) == (2, 1)  # the counts are of everyone


def test_a_viewer_reads_no_concern_commitment_or_attendance(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    viewer = Actor("v", Role.VIEWER)
    for read in (concerns_seen_by, commitments_seen_by, households_seen_by):
        with pytest.raises(PermissionDenied):
            read(demo_store, project.id, actor=viewer)
