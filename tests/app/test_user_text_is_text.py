"""User text is shown as text everywhere: Markdown in a name or a village never becomes a link,
an image or formatting on a page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.core.access import Actor, Role, operator
from consultations.core.database import open_store
from consultations.households.service import edit_household
from consultations.households.store import households_of
from consultations.projects.service import find_project

ROOT = Path(__file__).resolve().parents[2]
NAME = "Bà [bấm vào](http://example.invalid) **đậm** ![ảnh](http://example.invalid/x.png)"


def test_markdown_in_a_name_and_a_village_renders_as_text(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    project = find_project(store, "cat-van-220kv")
    with store.read() as conn:
        household = next(h for h in households_of(conn, project.id) if h.code == "CV02")
    edit_household(store, household.id, household.version,
                   {"head_name": NAME, "village": "Xóm _1_ <b>"}, actor=operator("t"))  # fmt: skip
    store.dispose()
    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "households.py"), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = Actor("admin", Role.ADMIN)
    app.session_state["household_query"] = "CV02"
    app.run()
    assert not app.exception, app.exception
    shown = [h.value for h in app.header] + [m.value for m in app.markdown]
    header = next(v for v in shown if "CV02" in v)
    assert (
        "\\[bấm vào\\]\\(http" in header
        and "\\*\\*đậm\\*\\*" in header
        and "\\!\\[ảnh\\]" in header
    )
    assert any("Xóm \\_1\\_ \\<b\\>" in v for v in shown)
