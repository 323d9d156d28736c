"""The "This week" page, run by AppTest on the demo as an administrator, a chair and a field
officer of one commune: what is late or due, with a button to where it is handled."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.core.access import Actor, Role, Scope
from consultations.core.database import open_store
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project
from consultations.reporting.week import this_week
from translations import local_today

ROOT = Path(__file__).resolve().parents[2]
SLUG = "hung-nguyen-vsip"
HERE = "Hưng Nguyên"


def actors(url: str) -> dict[str, Actor]:
    store = open_store(url)
    project = find_project(store, SLUG)
    store.dispose()
    return {"admin": Actor("admin", Role.ADMIN), "chair": Actor("chair", Role.CHAIR),
            "field_officer": Actor("lan", Role.FIELD_OFFICER, (Scope(project.id, HERE),))}  # fmt: skip


def run(
    page: str, url: str, actor: Actor, monkeypatch: pytest.MonkeyPatch, **state: object
) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / page), default_timeout=90)
    app.session_state["project_slug"] = SLUG
    app.session_state["actor"] = actor
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


def codes_shown(app: AppTest, url: str) -> set[str]:
    store = open_store(url)
    project = find_project(store, SLUG)
    codes = {h.code for h in households_seen_by(store, project.id, actor=Actor("a", Role.ADMIN))}
    store.dispose()
    text = " ".join(m.value for m in app.markdown)
    return {c for c in codes if f"{c} · " in text}


def test_the_week_lists_what_is_late_with_a_button_for_each_for_every_reader(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = actors(database)
    apps = {role: run("week.py", database, actor, monkeypatch) for role, actor in people.items()}
    admin, chair, officer = apps["admin"], apps["chair"], apps["field_officer"]
    assert admin.title[0].value == "Tuần này"
    late = {
        role: int(next(m.value for m in app.metric if m.label == "Quá hạn"))
        for role, app in apps.items()
    }
    assert late["admin"] == late["chair"] > late["field_officer"] > 0
    assert admin.subheader[0].value == f"Quá hạn ({late['admin']})"
    assert [b.label for b in officer.button].count("Mở ý kiến") > 0
    assert len(officer.button) == late["field_officer"] + int(officer.metric[1].value)

    store = open_store(database)
    project = find_project(store, SLUG)
    theirs = {h.code for h in households_seen_by(store, project.id, actor=people["admin"])} - {
        h.code for h in households_seen_by(store, project.id, actor=people["field_officer"])
    }
    store.dispose()
    assert codes_shown(admin, database) & theirs  # the other commune's households are due too
    assert codes_shown(chair, database) == codes_shown(admin, database)
    assert codes_shown(officer, database) and not codes_shown(officer, database) & theirs
    assert local_today().strftime("%d/%m/%Y") in admin.caption[0].value


def test_choosing_what_to_show_keeps_only_that_kind(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run("week.py", database, actors(database)["admin"], monkeypatch)
    app.multiselect[0].select("Thực hiện cam kết").run()
    assert {b.label for b in app.button} == {"Mở cam kết"}


def test_the_concern_opened_from_the_week_is_the_one_chosen_on_the_concerns_page(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = actors(database)["field_officer"]
    store = open_store(database)
    project = find_project(store, SLUG)
    week = this_week(store, project, actor=officer)
    store.dispose()
    chosen = [i.record_id for i in week.items if i.kind.page == "concerns"][-1]
    app = run("concerns.py", database, officer, monkeypatch, **{"concern-chosen": chosen})
    assert next(s for s in app.selectbox if s.label == "Ý kiến").value == chosen
    stale = run("concerns.py", database, officer, monkeypatch, **{"concern-chosen": 10**9})
    assert next(s for s in stale.selectbox if s.label == "Ý kiến").value != 10**9


def test_a_payment_due_tells_who_cannot_pay_it_who_does(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    cat_van = find_project(store, "cat-van-220kv")
    store.dispose()
    officer = Actor("lan", Role.FIELD_OFFICER, (Scope(cat_van.id, "Cát Văn"),))
    told = "Do thủ quỹ của Trung tâm phát triển quỹ đất chi trả"
    seen = {}
    for name, actor in (("officer", officer), ("admin", Actor("admin", Role.ADMIN))):
        app = run("week.py", database, actor, monkeypatch, project_slug="cat-van-220kv")
        assert any("Chi trả cho hộ" in m.value for m in app.markdown)  # payments are late here
        seen[name] = any(told in c.value for c in app.caption)
    assert seen == {"officer": True, "admin": False}  # the administrator records them
