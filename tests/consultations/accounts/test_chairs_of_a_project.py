"""Chairs of a project: a chair given projects reads the households and internal reports of those
only (the figures of every project, as a viewer does); a chair given none reads the whole province.
Administrators set it from the project's page, one chair at a time, and stale or widening changes
are refused in a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from consultations.accounts.service import create_user, sign_in
from consultations.accounts.staffing import ChairReach, assign_chair, project_staff
from consultations.audit.store import audit_rows
from consultations.consent.service import consent_history
from consultations.core.access import Action, Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, NotFound, PermissionDenied, StaleEdit
from consultations.core.records import Project
from consultations.households.service import households_seen_by, search_households
from consultations.projects.service import find_project
from consultations.reporting.exports import register
from consultations.reporting.map_export import map_html
from consultations.reporting.maps import parcel_people
from consultations.reporting.monthly_report import report_bytes
from consultations.reporting.options import Audience
from consultations.reporting.palette import STATUS_COLOURS
from consultations.reporting.project_export import export_project
from consultations.reporting.service import project_dashboard
from translations import local_today

ADMIN = operator("t")
PASSWORD = "mat-khau-du-dai"
MONTH = local_today().strftime("%Y-%m")


@pytest.fixture
def projects(demo_store: Store) -> tuple[Project, Project]:
    return find_project(demo_store, "cat-van-220kv"), find_project(demo_store, "hung-nguyen-vsip")


def _chair(store: Store, name: str, scopes: list[Scope]) -> Actor:
    create_user(store, name, PASSWORD, Role.CHAIR, actor=ADMIN, scopes=scopes)
    return sign_in(store, name, PASSWORD)


def test_a_chair_of_the_line_reads_its_households_and_reports(
    demo_store: Store, projects: tuple[Project, Project], tmp_path: Path
) -> None:
    line, _park = projects
    chair = _chair(demo_store, "hoa", [Scope(line.id)])
    assert chair.may_in(Action.READ_PERSONAL, line.id)
    found = search_households(demo_store, line.id, "CV01", actor=chair)
    assert [h.household.code for h in found] == ["CV01"]
    assert consent_history(demo_store, found[0].household.id, actor=chair)
    assert len(register(demo_store, line.id, "households", actor=chair)) == 15
    assert report_bytes(demo_store, line, MONTH, "html", actor=chair)
    assert export_project(demo_store, line, "csv", tmp_path / "line.csv", actor=chair) > 0
    assert "CV01" in map_html(demo_store, line, Audience.INTERNAL, STATUS_COLOURS, actor=chair)
    board, whole = (project_dashboard(demo_store, line, actor=a) for a in (chair, ADMIN))
    assert len(whole.vulnerable) and board.vulnerable.equals(whole.vulnerable)


def test_a_chair_of_the_line_reads_the_park_as_a_viewer_does(
    demo_store: Store, projects: tuple[Project, Project], tmp_path: Path
) -> None:
    line, park = projects
    chair = _chair(demo_store, "hoa", [Scope(line.id)])
    with demo_store.read() as conn:
        from consultations.households.store import households_of

        park_household = households_of(conn, park.id)[0]
    refusals: list[Callable[[], object]] = [
        lambda: search_households(demo_store, park.id, "", actor=chair),
        lambda: households_seen_by(demo_store, park.id, actor=chair),
        lambda: consent_history(demo_store, park_household.id, actor=chair),
        lambda: register(demo_store, park.id, "households", actor=chair),
        lambda: report_bytes(demo_store, park, MONTH, "xlsx", actor=chair),
        lambda: export_project(demo_store, park, "csv", tmp_path / "park.csv", actor=chair),
        lambda: map_html(demo_store, park, Audience.INTERNAL, STATUS_COLOURS, actor=chair),
    ]
    for refused in refusals:
        with pytest.raises(PermissionDenied, match="không thuộc các dự án được giao"):
            refused()
    board = project_dashboard(demo_store, park, actor=chair)
    assert board.figures.affected_households > 0  # the figures stay whole
    assert board.backlog.empty and board.vulnerable.empty and board.deadlines.empty
    people = parcel_people(demo_store, park, actor=chair).rows
    assert len(people) and people.code.isna().all() and not people.vulnerable.any()
    assert map_html(demo_store, park, Audience.PUBLIC, STATUS_COLOURS, actor=chair)


def test_a_chair_given_no_project_reads_every_project(
    demo_store: Store, projects: tuple[Project, Project]
) -> None:
    chair = _chair(demo_store, "binh", [])
    for project in projects:
        assert households_seen_by(demo_store, project.id, actor=chair)
        assert len(register(demo_store, project.id, "concerns", actor=chair)) > 0  # both have some


def test_giving_a_province_wide_chair_this_project_narrows_them_to_it(
    demo_store: Store, projects: tuple[Project, Project]
) -> None:
    line, park = projects
    _chair(demo_store, "binh", [])
    staff = project_staff(demo_store, line.id, actor=ADMIN)
    binh = next(c for c in staff.chairs if c.username == "binh")
    assert binh.reach(line.id) is ChairReach.PROVINCE

    done = assign_chair(demo_store, "binh", line.id, ChairReach.HERE, seen=(), actor=ADMIN)
    assert done.projects == (line.id,) and done.reach(park.id) is ChairReach.ELSEWHERE
    chair = sign_in(demo_store, "binh", PASSWORD)
    assert households_seen_by(demo_store, line.id, actor=chair)
    with pytest.raises(PermissionDenied):
        households_seen_by(demo_store, park.id, actor=chair)
    with demo_store.read() as conn:
        row = next(r for r in audit_rows(conn, limit=20) if r["action"] == "assign")
    assert row["before"] == {"projects": []} and row["after"] == {"projects": [line.id]}

    again = assign_chair(demo_store, "binh", park.id, ChairReach.HERE, seen=(line.id,), actor=ADMIN)
    assert set(again.projects) == {line.id, park.id}
    off = assign_chair(
        demo_store, "binh", line.id, ChairReach.ELSEWHERE, seen=again.projects, actor=ADMIN
    )
    assert off.projects == (park.id,)
    wide = assign_chair(
        demo_store, "binh", park.id, ChairReach.PROVINCE, seen=(park.id,), actor=ADMIN
    )
    assert wide.projects == () and wide.reach(line.id) is ChairReach.PROVINCE


def test_a_chair_is_never_widened_to_the_province_by_being_taken_off(
    demo_store: Store, projects: tuple[Project, Project]
) -> None:
    line, _park = projects
    _chair(demo_store, "hoa", [Scope(line.id)])
    with pytest.raises(InvalidRecord, match="đọc mọi dự án của tỉnh"):
        assign_chair(demo_store, "hoa", line.id, ChairReach.ELSEWHERE, seen=(line.id,), actor=ADMIN)
    with pytest.raises(InvalidRecord, match="đọc mọi dự án của tỉnh"):
        _chair(demo_store, "binh", [])
        assign_chair(demo_store, "binh", line.id, ChairReach.ELSEWHERE, seen=(), actor=ADMIN)
    assert sign_in(demo_store, "hoa", PASSWORD).project_ids == {line.id}


def test_a_chair_changed_since_the_page_opened_is_refused_with_what_they_read_now(
    demo_store: Store, projects: tuple[Project, Project]
) -> None:
    line, park = projects
    _chair(demo_store, "hoa", [Scope(park.id)])
    with pytest.raises(StaleEdit, match=re.escape(park.name)):
        assign_chair(demo_store, "hoa", line.id, ChairReach.HERE, seen=(), actor=ADMIN)
    assert sign_in(demo_store, "hoa", PASSWORD).project_ids == {park.id}


@pytest.mark.parametrize(
    ("who", "error", "said"),
    [("nobody", NotFound, "nobody"), ("lan", NotFound, "lan")],
)
def test_only_a_chair_account_is_given_a_chairs_reach(
    demo_store: Store,
    projects: tuple[Project, Project],
    who: str,
    error: type[Exception],
    said: str,
) -> None:
    line, _park = projects
    create_user(demo_store, "lan", PASSWORD, Role.FIELD_OFFICER, actor=ADMIN,
                scopes=[Scope(line.id, "Cát Văn")])  # fmt: skip
    with pytest.raises(error, match=said):
        assign_chair(demo_store, who, line.id, ChairReach.HERE, seen=(), actor=ADMIN)


def test_a_chair_is_given_whole_projects_not_communes(
    demo_store: Store, projects: tuple[Project, Project]
) -> None:
    line, _park = projects
    with pytest.raises(InvalidRecord, match="cả dự án"):
        create_user(demo_store, "hoa", PASSWORD, Role.CHAIR, actor=ADMIN,
                    scopes=[Scope(line.id, "Cát Văn")])  # fmt: skip


def test_only_an_administrator_sets_what_a_chair_reads(
    demo_store: Store, projects: tuple[Project, Project]
) -> None:
    line, _park = projects
    chair = _chair(demo_store, "hoa", [])
    with pytest.raises(PermissionDenied):
        assign_chair(demo_store, "hoa", line.id, ChairReach.HERE, seen=(), actor=chair)
