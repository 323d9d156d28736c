"""A closed project keeps every record and can be read and exported, but refuses every change,
whichever service it comes through, until an administrator reopens it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from consultations.audit.store import latest_audit_id
from consultations.commitments.service import add_commitment
from consultations.concerns.service import concerns_seen_by, raise_concern
from consultations.consent.service import record_consent
from consultations.core.access import Actor, Role, operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, PermissionDenied
from consultations.core.records import Channel, ConcernCategory, ConsentStatus, MeetingKind
from consultations.documents.service import add_document
from consultations.households.service import add_household, edit_household
from consultations.households.store import households_of
from consultations.land.kinds import ImportOptions, LayerKind
from consultations.land.preview import preview_import
from consultations.land.service import import_layer
from consultations.meetings.service import MeetingRecord, log_meeting
from consultations.procedure.service import Step, record_step
from consultations.projects.service import close_project, find_project, reopen_project
from consultations.reporting.project_export import export_project
from translations import local_today

ADMIN = operator("t")
TODAY = local_today()
DEMO = Path(__file__).resolve().parents[3] / "data" / "parcels" / "cat-van-220kv"


def _writes(store: Store, project_id: int) -> dict[str, Callable[[], Any]]:
    with store.read() as conn:
        household = households_of(conn, project_id)[0]
    return {
        "consent": lambda: record_consent(store, household.id, ConsentStatus.CONCERNS, TODAY,
                                          seen_version=household.version, actor=ADMIN),
        "concern": lambda: raise_concern(store, project_id, household_id=household.id,
                                         category=ConcernCategory.OTHER, channel=Channel.PHONE,
                                         text="Hỏi", received_on=TODAY, actor=ADMIN),
        "commitment": lambda: add_commitment(store, project_id, text="Làm", promised_by="Xã",
                                             due_on=TODAY, actor=ADMIN),
        "meeting": lambda: log_meeting(store, project_id, MeetingRecord(
            kind=MeetingKind.DIALOGUE, place="Nhà văn hoá", chair_name="Chủ tịch",
            held_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)), actor=ADMIN),
        "document": lambda: add_document(store, project_id, kind="other", title="Bản đồ",
                                         issued_on=TODAY, actor=ADMIN),
        "household details": lambda: edit_household(store, household.id, household.version,
                                                    {"notes": "ghi chú"}, actor=ADMIN),
        "new household": lambda: add_household(store, project_id, "MOI01", {"head_name": "Hộ mới"},
                                               actor=ADMIN),
        "procedure step": lambda: record_step(store, household.id, Step.NOTICE_DELIVERED, TODAY,
                                              actor=ADMIN),
        "layer import": lambda: import_layer(store, find_project(store, "cat-van-220kv"),
            preview_import(store, find_project(store, "cat-van-220kv"), DEMO / "vi_tri_cot.csv",
                           LayerKind.TOWERS, ImportOptions(mapping={"label": "Ten_cot"}, crs_epsg=9208), actor=ADMIN),
            actor=ADMIN, confirmed=True),
    }  # fmt: skip


def test_a_closed_project_refuses_every_change_and_keeps_every_record(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    writes = _writes(demo_store, project.id)
    closed = close_project(demo_store, project.id, actor=ADMIN, reason="QĐ 123/QĐ-UBND")
    assert closed.closed and find_project(demo_store, "cat-van-220kv").closed
    with demo_store.read() as conn:
        before = latest_audit_id(conn)
    for name, write in writes.items():
        with pytest.raises(InvalidRecord, match="đã đóng"):
            write()
        with demo_store.read() as conn:
            assert latest_audit_id(conn) == before, f"{name} changed a closed project"
    assert concerns_seen_by(demo_store, project.id, actor=ADMIN)  # still read
    export_project(demo_store, project, "csv", tmp_path / "ho.csv", actor=ADMIN)  # and exported
    assert (tmp_path / "ho.csv").stat().st_size > 0

    reopen_project(demo_store, project.id, actor=ADMIN, reason="Bổ sung hồ sơ")
    assert not find_project(demo_store, "cat-van-220kv").closed
    writes["concern"]()  # changes are taken again


def test_only_an_administrator_closes_a_project_with_a_reason(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    with pytest.raises(PermissionDenied):
        close_project(demo_store, project.id, actor=Actor("c", Role.CHAIR), reason="x")
    with pytest.raises(InvalidRecord, match="lý do"):
        close_project(demo_store, project.id, actor=ADMIN, reason=" ")
    close_project(demo_store, project.id, actor=ADMIN, reason="Xong")
    with pytest.raises(InvalidRecord, match="đã đóng"):
        close_project(demo_store, project.id, actor=ADMIN, reason="Lần nữa")
