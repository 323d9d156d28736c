"""The household's printable file on the Households page, run by AppTest on the demo: those who
may read the household prepare it and get two downloads (HTML, DOCX), logged; a viewer and a chair
of another project get no household, so no file."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.audit.service import audit_trail
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import open_store
from consultations.projects.service import find_project

ROOT = Path(__file__).resolve().parents[2]
SLUG = "hung-nguyen-vsip"
PREPARE = "Chuẩn bị hồ sơ hộ"
DOWNLOADS = ["Hồ sơ hộ (HTML để in)", "Hồ sơ hộ (DOCX)"]


def actor_for(role: str, project_id: int) -> Actor:
    if role == "field_officer":
        return Actor("lan", Role.FIELD_OFFICER, (Scope(project_id, "Hưng Nguyên"),))
    if role == "chair_elsewhere":
        return Actor("hoa", Role.CHAIR, (Scope(next(i for i in (1, 2) if i != project_id)),))
    return Actor(role, Role(role))


def run(url: str, actor: Actor, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / "households.py"), default_timeout=90)
    app.session_state["project_slug"] = SLUG
    app.session_state["actor"] = actor
    app.run()
    assert not app.exception, app.exception
    return app


def downloads(app: AppTest) -> list[str]:
    return [d.proto.label for d in app.get("download_button")]


@pytest.mark.parametrize("role", ["admin", "chair", "field_officer"])
def test_a_reader_of_the_household_prepares_its_file_and_downloads_it_twice(
    database: str, monkeypatch: pytest.MonkeyPatch, role: str
) -> None:
    store = open_store(database)
    project_id = find_project(store, SLUG).id
    app = run(database, actor_for(role, project_id), monkeypatch)
    prepare = [b for b in app.button if b.label == PREPARE]
    assert len(prepare) == 1 and not set(DOWNLOADS) & set(downloads(app))
    prepare[0].click().run()
    assert not app.exception, app.exception
    assert [d for d in downloads(app) if d in DOWNLOADS] == DOWNLOADS
    logged = [e for e in audit_trail(store, actor=operator("t"), project_id=project_id)
              if e.action == "export" and e.entity == "household" and e.actor == app.session_state["actor"].username]  # fmt: skip
    assert {e.after["format"] for e in logged if e.after} == {"html", "docx"}
    store.dispose()


@pytest.mark.parametrize("role", ["viewer", "chair_elsewhere"])
def test_a_role_that_may_not_read_households_gets_no_file(
    database: str, monkeypatch: pytest.MonkeyPatch, role: str
) -> None:
    store = open_store(database)
    project_id = find_project(store, SLUG).id
    store.dispose()
    app = run(database, actor_for(role, project_id), monkeypatch)
    assert not [b for b in app.button if b.label == PREPARE]
    assert not set(DOWNLOADS) & set(downloads(app))
