"""The list posted at a commune follows the officer's communes: an officer of one commune never
downloads the other commune's households with their names and amounts."""

from __future__ import annotations

import io

import pandas as pd

from consultations.compensation.service import plans
from consultations.compensation.sheets import posted_list, posted_list_xlsx
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.scopes import project_household_communes
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project

ADMIN = operator("t")
HERE, THERE = "Hưng Nguyên", "Hưng Nguyên Nam"


def test_a_field_officers_posted_list_holds_only_the_households_of_their_communes(
    demo_store: Store,
) -> None:
    project = find_project(demo_store, "hung-nguyen-vsip")
    (plan,) = plans(demo_store, project.id, actor=ADMIN)
    with demo_store.read() as conn:
        communes = project_household_communes(conn, project.id)
    people = {h.code: h for h in households_seen_by(demo_store, project.id, actor=ADMIN)}
    whole = posted_list(demo_store, project, plan.id, actor=ADMIN)
    officer = Actor("nam", Role.FIELD_OFFICER, (Scope(project.id, THERE),))
    mine = posted_list(demo_store, project, plan.id, actor=officer)
    assert 0 < len(mine) < len(whole)
    assert all(THERE in communes[people[code].id] for code in mine["Mã"])
    others = [
        (code, people[code].head_name)
        for code in whole["Mã"]
        if THERE not in communes[people[code].id]
    ]
    book = pd.read_excel(
        io.BytesIO(posted_list_xlsx(demo_store, project, plan.id, actor=officer)), header=3
    )
    shown = " ".join(map(str, book.to_numpy().ravel()))
    assert others and not [o for o in others if o[0] in shown or o[1] in shown]
    assert book.iloc[-1]["Tổng cộng (đ)"] == mine["Tổng cộng (đ)"].sum()
