"""Each household's status and days without progress, for the household list: the same figures
as the Overview's, for the households the reader may read."""

from __future__ import annotations

from collections import Counter

import pytest

from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.core.errors import PermissionDenied
from consultations.core.records import ConsentStatus
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project
from consultations.reporting.household_progress import household_progress
from consultations.reporting.service import project_dashboard
from translations import local_today

ADMIN = operator("t")


@pytest.mark.parametrize("slug", ["cat-van-220kv", "hung-nguyen-vsip"])
def test_the_list_counts_each_status_as_the_overview_does(demo_store: Store, slug: str) -> None:
    project = find_project(demo_store, slug)
    today = local_today()
    progress = household_progress(demo_store, project, actor=ADMIN, today=today)
    affected = {h.id for h in households_seen_by(demo_store, project.id, actor=ADMIN) if h.affected}
    board = project_dashboard(demo_store, project, today, actor=ADMIN)
    counts = Counter(p.status for i, p in progress.items() if i in affected)
    f = board.figures
    assert (counts[ConsentStatus.AGREED], counts[ConsentStatus.CONCERNS], counts[ConsentStatus.REFUSED],
            counts[ConsentStatus.INFORMED], counts[ConsentStatus.NOT_CONTACTED]) == (
        f.agreed, f.concerns, f.refused, f.informed, f.not_contacted)  # fmt: skip
    stuck = {i for i, p in progress.items() if i in affected and p.stuck(board.backlog_days)}
    assert stuck == set(board.backlog.household_id)
    for row in board.backlog.itertuples():
        assert progress[row.household_id].idle_days == row.idle_days


def test_a_field_officer_gets_only_the_households_of_their_commune(demo_store: Store) -> None:
    project = find_project(demo_store, "hung-nguyen-vsip")
    officer = Actor("lan", Role.FIELD_OFFICER, (Scope(project.id, "Hưng Nguyên"),))
    theirs = household_progress(demo_store, project, actor=officer)
    mine = {h.id for h in households_seen_by(demo_store, project.id, actor=officer)}
    assert set(theirs) == mine and 0 < len(mine) < len(
        household_progress(demo_store, project, actor=ADMIN)
    )
    with pytest.raises(PermissionDenied):
        household_progress(demo_store, project, actor=Actor("v", Role.VIEWER))
