"""Who may do what, walked through the whole role × action matrix on the real services.

A refused action raises PermissionDenied and writes nothing (the audit log does not move).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from consultations.accounts.service import create_user
from consultations.audit.service import audit_trail
from consultations.audit.store import latest_audit_id
from consultations.commitments.service import add_commitment
from consultations.concerns.service import raise_concern
from consultations.consent.service import record_consent
from consultations.core.access import Actor, Role, Scope
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied
from consultations.core.records import Channel, ConcernCategory, ConsentStatus, MeetingKind
from consultations.households.service import add_household, edit_household, search_households
from consultations.households.store import households_of
from consultations.meetings.service import MeetingRecord, log_meeting
from consultations.procedure.service import Step, record_step
from consultations.projects.service import find_project
from consultations.reporting.map_export import map_html
from consultations.reporting.monthly_report import report_bytes
from consultations.reporting.options import Audience
from consultations.reporting.palette import STATUS_COLOURS
from consultations.reporting.project_export import export_project
from consultations.reporting.timeline import household_file
from translations import local_today

TODAY = local_today()
ACTORS = {
    "admin": Actor("a", Role.ADMIN),
    "chair": Actor("c", Role.CHAIR),
    "field_here": None,  # a field officer of Cát Văn (set up with the project's id)
    "field_elsewhere": None,  # a field officer of another commune of the same project
    "viewer": Actor("v", Role.VIEWER),
}
#: action → the roles that may do it
MATRIX: dict[str, set[str]] = {
    "read_household": {"admin", "chair", "field_here"},
    "search_households": {
        "admin",
        "chair",
        "field_here",
        "field_elsewhere",
    },  # elsewhere: finds none
    "edit_household": {"admin", "field_here"},
    "add_household": {"admin", "field_here", "field_elsewhere"},  # a new one has no parcel yet
    "record_consent": {"admin", "field_here"},
    "raise_concern": {"admin", "field_here"},
    "add_commitment": {"admin", "field_here"},
    "record_step": {"admin", "field_here"},
    "log_meeting": {"admin", "field_here", "field_elsewhere"},
    "public_map": {"admin", "chair", "field_here", "field_elsewhere", "viewer"},
    "internal_map": {"admin", "chair"},
    "report": {"admin", "chair"},
    "export": {"admin", "chair"},
    "create_user": {"admin"},
    "audit": {"admin"},
}


def actions(store: Store, tmp: Path) -> dict[str, Callable[[Actor], object]]:
    project = find_project(store, "cat-van-220kv")
    with store.read() as conn:
        household = households_of(conn, project.id)[0]

    def fresh() -> int:
        with store.read() as conn:
            return next(h.version for h in households_of(conn, project.id) if h.id == household.id)

    meeting = MeetingRecord(kind=MeetingKind.DIALOGUE, held_at=dt.datetime.combine(TODAY, dt.time(8), tzinfo=dt.UTC),
                            place="Nhà văn hóa", chair_name="Chủ tịch", summary="Đối thoại")  # fmt: skip
    return {
        "read_household": lambda a: household_file(store, household.id, TODAY, actor=a),
        "search_households": lambda a: search_households(store, project.id, "", actor=a),
        "edit_household": lambda a: edit_household(store, household.id, fresh(), {"notes": "x"}, actor=a),
        "add_household": lambda a: add_household(store, project.id, f"N-{a.username}", {"head_name": "Mới"}, actor=a),
        "record_consent": lambda a: record_consent(store, household.id, ConsentStatus.CONCERNS, TODAY,
                                                   seen_version=fresh(), actor=a),
        "raise_concern": lambda a: raise_concern(store, project.id, household_id=household.id,
                                                 category=ConcernCategory.OTHER, channel=Channel.MEETING,
                                                 text="Hỏi", received_on=TODAY, actor=a),
        "add_commitment": lambda a: add_commitment(store, project.id, text="Trả lời", promised_by="Xã",
                                                   due_on=TODAY, actor=a, household_id=household.id),
        "record_step": lambda a: record_step(store, household.id, Step.NOTICE_DELIVERED, TODAY, actor=a),
        "log_meeting": lambda a: log_meeting(store, project.id, meeting, actor=a),
        "public_map": lambda a: map_html(store, project, Audience.PUBLIC, STATUS_COLOURS, actor=a),
        "internal_map": lambda a: map_html(store, project, Audience.INTERNAL, STATUS_COLOURS, actor=a),
        "report": lambda a: report_bytes(store, project, TODAY.strftime("%Y-%m"), "html", actor=a),
        "export": lambda a: export_project(store, project, "csv", tmp / f"{a.username}.csv", actor=a),
        "create_user": lambda a: create_user(store, f"u-{a.username}", "mat-khau-dai-du", Role.VIEWER, actor=a),
        "audit": lambda a: audit_trail(store, actor=a),
    }  # fmt: skip


@pytest.mark.parametrize("role", list(ACTORS))
def test_the_role_matrix(demo_store: Store, tmp_path: Path, role: str) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    actor = ACTORS[role] or Actor(
        role,
        Role.FIELD_OFFICER,
        (Scope(project.id, "Cát Văn" if role == "field_here" else "Thanh Hà"),),
    )
    for action, run in actions(demo_store, tmp_path).items():
        with demo_store.read() as conn:
            before = latest_audit_id(conn)
        if role in MATRIX[action]:
            result = run(actor)
            if action == "search_households":
                assert (len(result) > 0) == (role != "field_elsewhere"), role  # type: ignore[arg-type]
        else:
            with pytest.raises(PermissionDenied):
                run(actor)
            with demo_store.read() as conn:
                assert latest_audit_id(conn) == before, f"{role} {action} wrote something"


def test_a_field_officer_of_one_project_cannot_touch_another(demo_store: Store) -> None:
    hung_nguyen = find_project(demo_store, "hung-nguyen-vsip")
    cat_van = find_project(demo_store, "cat-van-220kv")
    officer = Actor("f", Role.FIELD_OFFICER, (Scope(hung_nguyen.id),))
    with demo_store.read() as conn:
        household = households_of(conn, cat_van.id)[0]
    with pytest.raises(PermissionDenied, match="ngoài dự án và xã"):
        edit_household(demo_store, household.id, household.version, {"notes": "x"}, actor=officer)
    with pytest.raises(PermissionDenied):
        add_household(demo_store, cat_van.id, "X-9", {"head_name": "Ai"}, actor=officer)
