"""The record pages, run by AppTest on the demo database: they show the store's records."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.core.access import Actor, Role

ROOT = Path(__file__).resolve().parents[2]


def run(page: str, url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / page), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = Actor("admin", Role.ADMIN)  # signed in (ui/session.py)
    app.run()
    assert not app.exception, app.exception
    return app


def test_households_lists_every_household_and_opens_one(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run("households.py", database, monkeypatch)
    assert app.caption[0].value == "15 hộ"
    assert any(h.value.startswith("CV01 · ") for h in app.header)
    timeline = app.dataframe[1].value
    assert "Đồng thuận" in set(timeline["Loại"])


def test_the_concern_queue_counts_open_concerns(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run("concerns.py", database, monkeypatch)
    metrics = {m.label: m.value for m in app.metric}
    # Cat Van's 18 concerns were all resolved on 20/04/2024; one asking for a higher price came
    # after the plan's approval and is open.
    assert metrics["Chưa giải quyết"] == "1"
    app.toggle[0].set_value(False).run()
    assert len(app.dataframe[0].value) == 19


def test_the_concern_form_offers_the_next_step_of_the_chosen_concern(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run("concerns.py", database, monkeypatch)  # the open concern, not yet acknowledged
    assert app.radio[0].value == "acknowledged"
    app.button[0].click().run()  # "Save": acknowledged today
    assert not app.exception
    assert app.radio[0].value == "answered"  # what comes next, not the step just done


def test_commitments_show_none_overdue_for_cat_van(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run("commitments.py", database, monkeypatch)
    assert app.metric[0].value == "0"


def test_meetings_list_the_dialogue_and_its_attendance(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run("meetings.py", database, monkeypatch)
    assert len(app.dataframe[0].value) == 2
    assert "người dự" in app.caption[0].value


def test_field_update_finds_a_household_by_code(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run("field_update.py", database, monkeypatch)
    app.text_input[0].input("CV03").run()
    assert not app.exception
    assert app.radio[0].options[0].startswith("CV03")


def test_saving_a_finished_commitment_unchanged_keeps_it_finished(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consultations.commitments.store import commitments_of
    from consultations.core.database import open_store
    from consultations.projects.service import find_project

    store = open_store(database)
    project = find_project(store, "hung-nguyen-vsip")
    with store.read() as conn:
        done = commitments_of(conn, project.id).query("status == 'done'").iloc[0]
    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "commitments.py"), default_timeout=60)
    app.session_state["project_slug"] = "hung-nguyen-vsip"
    app.session_state["actor"] = Actor("admin", Role.ADMIN)
    app.run()
    picker = next(s for s in app.selectbox if s.label == "Cam kết")
    picker.set_value(int(done.id)).run()
    assert next(r for r in app.radio if r.label == "Trạng thái").value == "done"
    app.button[0].click().run()  # "Lưu" with the form as shown
    assert not app.exception, app.exception
    with store.read() as conn:
        after = commitments_of(conn, project.id).set_index("id").loc[int(done.id)]
    store.dispose()
    assert after.status == "done" and after.version == done.version
    assert any("Không có gì thay đổi" in i.value for i in app.info)
