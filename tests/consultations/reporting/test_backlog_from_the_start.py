"""No progress for N days is counted from the later of the project's start and a household's last
progress: a project created today has nobody stuck, whatever its cut-off date says."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import update

from consultations.core import schema
from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import ConsentStatus
from consultations.households.service import add_household
from consultations.projects.service import find_project
from consultations.reporting.household_progress import household_progress
from consultations.reporting.progress import Activity, backlog
from consultations.reporting.service import project_dashboard
from consultations.setup.folder import load_project_folder
from translations import local_today

DEMO = Path(__file__).resolve().parents[3] / "data" / "parcels" / "hung-nguyen-vsip"
D = dt.date


def _load_a_project_without_history(store: Store, tmp_path: Path) -> None:
    """The demo park's folder as "new-park", without its history: every household just imported."""
    folder = tmp_path / "new-park"
    shutil.copytree(DEMO, folder)
    (folder / "lich_su.xlsx").unlink()
    spec = (folder / "project.toml").read_text(encoding="utf-8")
    spec = re.sub(r"\[history\]\nfile = \"lich_su.xlsx\"\n?", "", spec)
    (folder / "project.toml").write_text(
        spec.replace("hung-nguyen-vsip", "new-park"), encoding="utf-8"
    )
    load_project_folder(store, folder, actor=operator("t"))


PEOPLE = pd.DataFrame([{"id": 1, "code": "H1", "head_name": "A", "village": "X"}])


@pytest.mark.parametrize(
    ("since", "last", "as_of", "idle"),
    [
        (None, None, D(2026, 3, 1), None),  # nothing known: stuck, as it always was
        (D(2026, 1, 1), None, D(2026, 3, 1), 59),  # never any progress: from the project's start
        (D(2026, 1, 1), None, D(2026, 3, 2), 60),
        (D(2026, 1, 1), D(2026, 1, 20), D(2026, 3, 21), 60),  # the later of the two
        (D(2026, 2, 1), D(2025, 6, 1), D(2026, 4, 2), 60),  # progress before the start: the start
    ],
)
def test_the_days_run_from_the_later_of_the_start_and_the_last_progress(
    since: dt.date | None, last: dt.date | None, as_of: dt.date, idle: int | None
) -> None:
    activity = [Activity(1, last)] if last else []
    found = backlog(PEOPLE, activity, {1: ConsentStatus.INFORMED}, as_of, 60, since=since)
    if idle is None:
        assert len(found) == 1 and found.idle_days.isna().all()
    elif idle < 60:
        assert found.empty
    else:
        assert found.idle_days.tolist() == [idle]


def test_a_project_created_today_has_nobody_stuck_until_the_days_have_passed(
    store: Store, tmp_path: Path
) -> None:
    _load_a_project_without_history(store, tmp_path)
    project = find_project(store, "new-park")
    today = local_today()
    assert (
        project.created_on == today and project.cutoff_on is not None and project.cutoff_on < today
    )

    now = project_dashboard(store, project, today, actor=operator("t"))
    assert now.figures.affected_households > 0 and now.backlog.empty
    later = project_dashboard(store, project, today + dt.timedelta(days=60), actor=operator("t"))
    assert len(later.backlog) == later.figures.affected_households
    assert set(later.backlog.idle_days) == {60}


@pytest.mark.parametrize(
    ("added", "idle"),
    [
        (None, 90),  # stored before the day was kept: from the project's start
        (D(2026, 1, 1), 90),  # loaded with the project
        (D(2026, 3, 1), 31),  # added two months later: from the day it was added
    ],
)
def test_a_household_added_after_the_project_began_counts_from_its_adding(
    added: dt.date | None, idle: int
) -> None:
    people = PEOPLE.assign(added_on=[added])
    found = backlog(people, [], {1: ConsentStatus.INFORMED}, D(2026, 4, 1), 30,
                    since=D(2026, 1, 1), created_on=D(2026, 1, 1))  # fmt: skip
    assert found.idle_days.tolist() == [idle]


def test_a_register_added_months_later_is_not_stuck_from_the_first_day(
    store: Store, tmp_path: Path
) -> None:
    _load_a_project_without_history(store, tmp_path)
    # Arranged: the project and its register were set up 90 days ago.
    ninety_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=90)
    with store.begin() as conn:
        conn.execute(update(schema.projects).values(created_at=ninety_days_ago))
        conn.execute(update(schema.households).values(added_at=ninety_days_ago))
    project = find_project(store, "new-park")
    before = project_dashboard(store, project, local_today(), actor=operator("t"))
    assert len(before.backlog) == before.figures.affected_households  # all stuck 90 days

    added = add_household(store, project.id, "MOI01", {"head_name": "Lê Thị Hoa"},
                          actor=operator("t"))  # fmt: skip
    progress = household_progress(store, project, actor=operator("t"))
    assert progress[added].idle_days == 0 and not progress[added].stuck(60)
    assert all(p.stuck(60) for i, p in progress.items() if i != added)
    board = project_dashboard(store, project, local_today(), actor=operator("t"))
    assert added not in set(board.backlog.household_id)
    later = project_dashboard(
        store, project, local_today() + dt.timedelta(days=60), actor=operator("t")
    )
    assert added in set(later.backlog.household_id)
