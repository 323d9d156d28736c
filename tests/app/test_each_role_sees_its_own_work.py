"""Each role sees its own work (issue 30 item 9), run by AppTest on the demo: a chair reads the
household, meeting, commitment and document pages without forms they could not save, with one
sentence saying why; a closed project offers no consent form; a chair given one project opens the
Overview on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Store
from consultations.projects.service import close_project, find_project, list_projects
from translations import _

ROOT = Path(__file__).resolve().parents[2]
SLUG = "cat-van-220kv"
CHAIR = Actor("chu-tich", Role.CHAIR)
#: Each page's buttons that save, none of which a chair may press.
SAVES = {
    "households.py": ("Add the household", "Save details", "Save step", "Add these households"),
    "meetings.py": ("Save meeting",),
    "commitments.py": ("Save", "Add"),
    "documents.py": ("Add", "Record delivery"),
}


@pytest.fixture
def url(demo_store: Store) -> Iterator[str]:
    from ui.store import _store_for

    address = demo_store.engine.url.render_as_string(hide_password=False)
    yield address
    _store_for(address).dispose()


def run(
    page: str, url: str, actor: Actor, monkeypatch: pytest.MonkeyPatch, **state: str
) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / page), default_timeout=90)
    app.session_state["actor"] = actor
    for name, value in {"project_slug": SLUG, **state}.items():
        app.session_state[name] = value
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize("page", sorted(SAVES))
def test_a_chair_reads_the_page_with_no_form_to_fill_in_vain(
    database: str, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    app = run(page, database, CHAIR, monkeypatch)
    saves = {_(label) for label in SAVES[page]}
    assert not [b.label for b in app.button if b.label in saves]
    assert any(Role.CHAIR.label in i.value for i in app.info), [i.value for i in app.info]


@pytest.mark.parametrize("page", sorted(SAVES))
def test_an_administrator_still_has_the_forms(
    database: str, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    app = run(page, database, Actor("admin", Role.ADMIN), monkeypatch)
    assert {b.label for b in app.button} & {_(label) for label in SAVES[page]}


def test_a_closed_project_offers_no_consent_form(
    demo_store: Store, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = find_project(demo_store, SLUG)
    close_project(demo_store, project.id, actor=operator("admin"), reason="Đã bàn giao mặt bằng")
    app = run(
        "field_update.py", url, Actor("admin", Role.ADMIN), monkeypatch, **{"field-query": "CV"}
    )
    assert not [b for b in app.button if b.label == _("Save status")]
    assert any(project.name in i.value for i in app.info)


def test_a_chair_given_one_project_opens_the_overview_on_it(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database)
    from consultations.core.database import open_store

    store = open_store(database)
    projects = list_projects(store)
    store.dispose()
    own = projects[-1]  # not the first: the Overview used to open on the first
    chair = Actor("hoa", Role.CHAIR, (Scope(own.id),))
    app = AppTest.from_file(str(ROOT / "app_pages" / "overview.py"), default_timeout=120)
    app.session_state["actor"] = chair
    app.run()
    assert not app.exception, app.exception
    assert own.name in [s.value for s in app.subheader]
