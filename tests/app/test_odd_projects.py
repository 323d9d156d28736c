"""No page crashes on an empty or odd project: no parcels, no households, no affected household,
or an "as of" date before the project existed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.core.access import Actor, Role
from consultations.core.database import open_store
from consultations.core.records import NewProject, ProjectKind
from consultations.projects.store import insert_project
from tests.fixtures import sqlite_copy
from translations import _
from ui.pages import PAGE_ACTIONS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def odd_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = sqlite_copy("demo", tmp_path_factory.mktemp("odd"), "app.sqlite")
    store = open_store(url)
    with store.begin() as conn:
        insert_project(conn, NewProject("trong", "Dự án chưa có dữ liệu", ProjectKind.ROAD, 9208),
                       actor="t")  # fmt: skip
    store.dispose()
    return url


def _title(page: str) -> str:
    """The page's own title, as its file gives it to ``page_frame``, in Vietnamese."""
    source = (ROOT / "app_pages" / f"{page}.py").read_text(encoding="utf-8")
    found = re.search(r'page_frame\(_\("([^"]+)"\)', source, re.MULTILINE)
    assert found, page
    return _(found.group(1))


@pytest.mark.parametrize("page", sorted(PAGE_ACTIONS))
def test_every_page_renders_for_a_project_with_nothing_yet(
    odd_database: str, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", odd_database)
    app = AppTest.from_file(str(ROOT / "app_pages" / f"{page}.py"), default_timeout=90)
    app.session_state["project_slug"] = "trong"
    app.session_state["actor"] = Actor("admin", Role.ADMIN)
    app.run()
    assert not app.exception, app.exception
    assert [t.value for t in app.title] == [_title(page)]
    said = " ".join(
        str(e.value) for kind in ("markdown", "caption", "info", "warning", "error", "success")
        for e in getattr(app, kind)
    )  # fmt: skip
    assert not re.search(r"\b(None|nan|NaN|Traceback)\b", said), said
    assert not app.error, [e.value for e in app.error]  # an empty project is not an error


def test_the_overview_before_a_project_existed_shows_no_household(
    odd_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", odd_database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "overview.py"), default_timeout=90)
    app.session_state["actor"] = Actor("admin", Role.ADMIN)
    app.session_state["overview_as_of"] = dt.date(2024, 4, 10)  # before Hưng Nguyên began
    app.run()
    assert not app.exception, app.exception
    table = app.dataframe[0].value.set_index("Dự án")
    hung_nguyen = next(n for n in table.index if "VSIP" in n)
    assert table.loc[hung_nguyen, "Hộ bị ảnh hưởng"] == 0
