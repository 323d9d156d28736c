"""Staffing a project from its page: a field officer's communes in one project change, their other
projects stay; what they may read follows at once; stale and bad assignments are refused."""

from __future__ import annotations

import pytest

from consultations.accounts.service import create_user, sign_in
from consultations.accounts.staffing import assign_communes, project_staff
from consultations.audit.store import audit_rows
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord, NotFound, PermissionDenied, StaleEdit
from consultations.households.service import search_households
from consultations.projects.service import find_project
from consultations.setup.progress import SetupStep, setup_progress

ADMIN = operator("t")
PASSWORD = "mat-khau-du-dai"


@pytest.fixture
def lan(demo_store: Store) -> Store:
    park = find_project(demo_store, "hung-nguyen-vsip")
    create_user(demo_store, "lan", PASSWORD, Role.FIELD_OFFICER, actor=ADMIN, full_name="Lan",
                scopes=[Scope(park.id, "Hưng Nguyên Nam")])  # fmt: skip
    return demo_store


def test_an_officer_given_a_commune_of_another_project_keeps_their_first_one(lan: Store) -> None:
    line, park = find_project(lan, "cat-van-220kv"), find_project(lan, "hung-nguyen-vsip")
    staff = project_staff(lan, line.id, actor=ADMIN)
    assert "Cát Văn" in staff.communes
    officer = next(o for o in staff.officers if o.username == "lan")
    assert officer.communes == () and officer not in staff.assigned()

    done = assign_communes(lan, "lan", line.id, ["Cát Văn"], seen=(), actor=ADMIN)
    assert done.communes == ("Cát Văn",)
    actor = sign_in(lan, "lan", PASSWORD)
    assert set(actor.scopes) == {Scope(park.id, "Hưng Nguyên Nam"), Scope(line.id, "Cát Văn")}
    assert search_households(lan, line.id, "", actor=actor)  # she reads Cát Văn's households now
    with lan.read() as conn:
        row = next(r for r in audit_rows(conn, limit=20) if r["action"] == "assign")
    assert row["before"] == {"communes": []} and row["after"] == {"communes": ["Cát Văn"]}


def test_taken_off_a_project_an_officer_reads_none_of_its_households(lan: Store) -> None:
    line = find_project(lan, "cat-van-220kv")
    assign_communes(lan, "lan", line.id, ["Cát Văn"], seen=(), actor=ADMIN)
    assign_communes(lan, "lan", line.id, [], seen=("Cát Văn",), actor=ADMIN)
    actor = sign_in(lan, "lan", PASSWORD)
    assert all(s.project_id != line.id for s in actor.scopes)
    with pytest.raises(PermissionDenied):
        search_households(lan, line.id, "", actor=actor)


def test_an_assignment_from_a_page_opened_before_another_change_is_refused(lan: Store) -> None:
    line = find_project(lan, "cat-van-220kv")
    assign_communes(lan, "lan", line.id, ["Cát Văn"], seen=(), actor=ADMIN)  # another admin
    with pytest.raises(StaleEdit, match="Cát Văn"):
        assign_communes(lan, "lan", line.id, [], seen=(), actor=ADMIN)
    assert project_staff(lan, line.id, actor=ADMIN).assigned()[0].communes == ("Cát Văn",)


@pytest.mark.parametrize(
    ("who", "communes", "error", "said"),
    [
        ("lan", ["Xã Không Có"], InvalidRecord, "Không Có"),
        ("nobody", ["Cát Văn"], NotFound, "nobody"),
    ],
)
def test_bad_assignments_are_refused_in_a_sentence(
    lan: Store, who: str, communes: list[str], error: type[Exception], said: str
) -> None:
    line = find_project(lan, "cat-van-220kv")
    with pytest.raises(error, match=said):
        assign_communes(lan, who, line.id, communes, seen=(), actor=ADMIN)


def test_an_officer_who_works_only_here_is_not_left_with_nowhere_to_work(lan: Store) -> None:
    park = find_project(lan, "hung-nguyen-vsip")
    with pytest.raises(InvalidRecord, match="ít nhất một xã"):
        assign_communes(lan, "lan", park.id, [], seen=("Hưng Nguyên Nam",), actor=ADMIN)


def test_only_an_administrator_staffs_a_project(lan: Store) -> None:
    line = find_project(lan, "cat-van-220kv")
    with pytest.raises(PermissionDenied):
        project_staff(lan, line.id, actor=Actor("c", Role.CHAIR))
    with pytest.raises(PermissionDenied):
        assign_communes(lan, "lan", line.id, ["Cát Văn"], seen=(), actor=Actor("c", Role.CHAIR))


def test_the_set_up_counts_the_officers_at_work_in_the_project(lan: Store) -> None:
    line = find_project(lan, "cat-van-220kv")
    before = setup_progress(lan, line, actor=ADMIN)
    assign_communes(lan, "lan", line.id, ["Cát Văn"], seen=(), actor=ADMIN)
    after = setup_progress(lan, line, actor=ADMIN)
    staff = {s.step: s for s in after.steps}[SetupStep.STAFF]
    assert staff.count == {s.step: s for s in before.steps}[SetupStep.STAFF].count + 1
