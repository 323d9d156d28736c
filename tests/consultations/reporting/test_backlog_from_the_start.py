"""No progress for N days is counted from the later of the project's start and a household's last
progress: a project created today has nobody stuck, whatever its cut-off date says."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.records import ConsentStatus
from consultations.projects.service import find_project
from consultations.reporting.progress import Activity, backlog
from consultations.reporting.service import project_dashboard
from consultations.setup.folder import load_project_folder
from translations import local_today

DEMO = Path(__file__).resolve().parents[3] / "data" / "parcels" / "hung-nguyen-vsip"
D = dt.date
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
    folder = tmp_path / "new-park"
    shutil.copytree(DEMO, folder)
    (folder / "lich_su.xlsx").unlink()  # no history: every household just imported
    spec = (folder / "project.toml").read_text(encoding="utf-8")
    spec = re.sub(r"\[history\]\nfile = \"lich_su.xlsx\"\n?", "", spec)
    (folder / "project.toml").write_text(
        spec.replace("hung-nguyen-vsip", "new-park"), encoding="utf-8"
    )
    load_project_folder(store, folder, actor=operator("t"))
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
