"""The household list, run by AppTest on the demo: a status column and filter, days without
progress, sorting by status or village, a status badge on the file; a field officer's list holds
their commune's households only."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import open_store
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project
from consultations.reporting.service import project_dashboard

ROOT = Path(__file__).resolve().parents[2]
SLUG = "hung-nguyen-vsip"
STATUS_PATH = [
    "Chưa tiếp cận",
    "Đã được thông tin",
    "Còn băn khoăn",
    "Đã đồng thuận (đã ký)",
    "Không đồng ý",
]


def run(url: str, actor: Actor, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / "households.py"), default_timeout=90)
    app.session_state["project_slug"] = SLUG
    app.session_state["actor"] = actor
    app.run()
    assert not app.exception, app.exception
    return app


def listed(app: AppTest) -> pd.DataFrame:  # the household list: the first table
    return app.dataframe[0].value


def test_the_list_shows_each_households_status_and_filters_by_it(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run(database, Actor("admin", Role.ADMIN), monkeypatch)
    frame = listed(app)
    assert {"Trạng thái", "Tiến triển gần nhất", "Số ngày không tiến triển"} <= set(frame.columns)
    assert set(frame["Trạng thái"]) <= set(STATUS_PATH) and len(set(frame["Trạng thái"])) > 2
    app.multiselect(key="household-statuses").select("Không đồng ý").run()
    assert set(listed(app)["Trạng thái"]) == {"Không đồng ý"}
    assert app.caption[0].value == f"{len(listed(app))} hộ"
    assert ":red-badge[Không đồng ý]" in [
        m.value for m in app.markdown
    ]  # the file opened: one of them


def test_the_list_sorts_by_status_and_by_village(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run(database, Actor("admin", Role.ADMIN), monkeypatch)
    app.radio(key="household-sort").set_value("status").run()
    order = [STATUS_PATH.index(s) for s in listed(app)["Trạng thái"]]
    assert order == sorted(order)
    app.radio(key="household-sort").set_value("village").run()
    villages = list(listed(app)["Thôn"])
    assert villages == sorted(villages)


def test_no_progress_for_60_days_lists_the_overviews_backlog(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    project = find_project(store, SLUG)
    board = project_dashboard(store, project, actor=operator("t"))
    unaffected = {
        h.code for h in households_seen_by(store, project.id, actor=operator("t")) if not h.affected
    }
    store.dispose()
    app = run(database, Actor("admin", Role.ADMIN), monkeypatch)
    app.selectbox(key="household-idle").set_value(60).run()
    codes = set(listed(app)["Mã"]) - unaffected
    assert codes == set(board.backlog.code) and codes
    assert (listed(app)["Số ngày không tiến triển"].astype(int) >= 60).all()


def test_a_field_officer_lists_only_the_households_of_their_commune(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    project = find_project(store, SLUG)
    officer = Actor("lan", Role.FIELD_OFFICER, (Scope(project.id, "Hưng Nguyên"),))
    mine = {h.code for h in households_seen_by(store, project.id, actor=officer)}
    store.dispose()
    app = run(database, officer, monkeypatch)
    assert set(listed(app)["Mã"]) == mine
