"""The household's file lists its legal deadlines in words: the rule table's codes (``not_before``,
``due``) and the states' codes (``open``, ``late``) never reach the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.core.access import Actor, Role, operator
from consultations.core.database import open_store
from consultations.households.service import households_in
from consultations.procedure.service import Step, record_step
from consultations.projects.service import find_project

ROOT = Path(__file__).resolve().parents[2]
SLUG = "hung-nguyen-vsip"


def test_the_deadlines_of_a_household_are_shown_in_words(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    project = find_project(store, SLUG)
    with store.read() as conn:
        households = households_in(conn, project.id)
    for h in households:  # whichever the page opens first has a notice, so deadlines to show
        record_step(store, h.id, Step.NOTICE_ISSUED, dt.date(2024, 1, 5), actor=operator("t"),
                    land_type="agricultural", late_reason="trước đây")  # fmt: skip
    store.dispose()
    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "households.py"), default_timeout=90)
    app.session_state["project_slug"] = SLUG
    app.session_state["actor"] = Actor("admin", Role.ADMIN)
    app.run()
    assert not app.exception, app.exception
    deadlines = [
        d.value
        for d in app.dataframe
        if "Tình trạng" in d.value.columns and "Bước" in d.value.columns
    ]
    assert deadlines, [list(d.value.columns) for d in app.dataframe]
    cells = {str(v) for frame in deadlines for column in frame.columns for v in frame[column]}
    assert "Không được làm trước" in cells
    assert not cells & {"not_before", "due", "open", "near", "late", "done", "done_late"}, cells
