"""The Users page offers a new project's declared communes before any parcel is imported, and a
save keeps every commune a user holds, even one the page would not offer."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.accounts.service import create_user, sign_in
from consultations.accounts.store import replace_scopes, user_row
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import Connection, open_store
from consultations.core.records import NewProject, ProjectKind
from consultations.projects.service import create_project

ROOT = Path(__file__).resolve().parents[2]
ADMIN = operator("t")


def _user_id(conn: Connection) -> int:
    row = user_row(conn, "lan")
    assert row is not None
    return int(row["id"])


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/users.sqlite"
    store = open_store(url)
    store.migrate()
    store.dispose()
    return url


def test_an_officer_of_a_project_without_parcels_keeps_their_communes_on_the_users_page(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(url)
    project = create_project(store, NewProject(
        slug="duong-day-110kv", name="Đường dây 110 kV Nam Đàn", kind=ProjectKind.POWER_LINE,
        crs_epsg=9208, voltage_kv=110.0, conductor_half_spread_m=3.5, tower_side_m=8.0,
        province="Nghệ An", units=(("commune", "Nam Đàn"), ("commune", "Vinh Hưng"))),
        actor=ADMIN)  # fmt: skip
    create_user(store, "lan", "mat-khau-cua-lan", Role.FIELD_OFFICER, actor=ADMIN,
                scopes=[Scope(project.id, "Nam Đàn")])  # fmt: skip
    with store.begin() as conn:  # and one commune the project no longer names
        user_id = _user_id(conn)
        replace_scopes(conn, user_id, [(project.id, "Nam Đàn"), (project.id, "Xuân Lâm")])
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(str(ROOT / "app_pages" / "users.py"), default_timeout=60)
    app.session_state["actor"] = Actor("admin", Role.ADMIN)
    app.run()
    assert not app.exception, app.exception

    offered = app.multiselect[0].options  # "Add a user"
    assert "Đường dây 110 kV Nam Đàn · Nam Đàn" in offered
    assert "Đường dây 110 kV Nam Đàn · Vinh Hưng" in offered
    next(s for s in app.selectbox if s.key == "change-user-name").select("lan").run()
    places = next(m for m in app.multiselect if m.key == "change-scopes-lan")
    assert set(places.value) == {(project.id, "Nam Đàn"), (project.id, "Xuân Lâm")}
    next(c for c in app.checkbox if c.label == "Đang hoạt động").uncheck()
    app.button[1].click().run()  # "Lưu" of "Change a user": the account is disabled, nothing else
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    with store.read() as conn:
        assert not (user_row(conn, "lan") or {}).get("active")
    next(s for s in app.selectbox if s.key == "change-user-name").select("lan").run()
    next(c for c in app.checkbox if c.label == "Đang hoạt động").check()
    app.button[1].click().run()
    assert set(sign_in(store, "lan", "mat-khau-cua-lan").scopes) == {
        Scope(project.id, "Nam Đàn"),
        Scope(project.id, "Xuân Lâm"),
    }
    store.dispose()
