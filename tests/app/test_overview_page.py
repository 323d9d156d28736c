"""The Overview page, run by Streamlit's AppTest on a real demo database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.core.access import Actor, Role
from tests.fixtures import sqlite_copy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = sqlite_copy("demo", tmp_path, "app.sqlite")
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def run_overview() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app_pages" / "overview.py"), default_timeout=60)
    app.session_state["actor"] = Actor("chair", Role.CHAIR)  # signed in (ui/session.py)
    app.run()
    assert not app.exception, app.exception
    return app


def test_overview_lists_both_demo_projects_with_their_figures(demo_database: str) -> None:
    app = run_overview()
    assert app.title[0].value == "Tổng quan"
    frame = app.dataframe[0].value  # all projects

    assert set(frame["Dự án"]) == {
        "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn",
        "Mở rộng KCN VSIP Nghệ An và di dời nghĩa trang, xã Hưng Nguyên",
    }
    cat_van = frame[frame["Dự án"].str.contains("Cát Văn")].iloc[0]
    assert (cat_van["Hộ bị ảnh hưởng"], cat_van["Đã đồng thuận (đã ký)"]) == (15, 15)


def test_choosing_a_project_shows_its_headline_metrics(demo_database: str) -> None:
    app = run_overview()
    app.selectbox[0].select("Mở rộng KCN VSIP Nghệ An và di dời nghĩa trang, xã Hưng Nguyên").run()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Hộ bị ảnh hưởng"] == "40"
    assert metrics["Đã đồng thuận (đã ký)"] == "12"
    assert metrics["Không đồng ý"] == "2"


def test_the_dashboard_on_a_date_shows_towers_ready_and_the_backlog_setting_counts(
    demo_database: str,
) -> None:
    import datetime as dt

    app = run_overview()
    app.date_input(key="overview_as_of").set_value(dt.date(2024, 4, 19)).run()
    app.selectbox[0].select("Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn").run()
    assert not app.exception, app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Vị trí cột đủ điều kiện thi công"] == "11/15"
    assert metrics["Đã đồng thuận (đã ký)"] == "6"
    assert any("VT13" in c.value for c in app.caption)  # towers still waiting are named
    projects = app.dataframe[0].value
    assert set(projects["Trên 75 %"]) == {"✘"}


def test_an_empty_database_says_who_creates_a_project_and_leads_an_admin_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/empty.sqlite")
    app = run_overview()  # a chair
    assert app.info[0].value == "Chưa có dự án nào."
    assert not app.button and "Quản trị viên là người tạo dự án" in app.caption[0].value
    admin = AppTest.from_file(str(ROOT / "app_pages" / "overview.py"), default_timeout=60)
    admin.session_state["actor"] = Actor("admin", Role.ADMIN)
    admin.run()
    assert [b.label for b in admin.button] == ["Tạo dự án"]


STATUSES = [
    "Đã đồng thuận (đã ký)",
    "Còn băn khoăn",
    "Không đồng ý",
    "Đã được thông tin",
    "Chưa tiếp cận",
]


@pytest.mark.parametrize("as_of", [None, "2024-04-10", "2024-05-15"])
def test_the_headline_statuses_add_up_to_the_affected_households(
    demo_database: str, as_of: str | None
) -> None:
    import datetime as dt

    app = run_overview()
    if as_of:
        app.date_input(key="overview_as_of").set_value(dt.date.fromisoformat(as_of)).run()
    for project in ("Mở rộng KCN VSIP Nghệ An và di dời nghĩa trang, xã Hưng Nguyên",
                    "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn"):  # fmt: skip
        app.selectbox[0].select(project).run()
        metrics = {
            m.label: int(m.value) for m in app.metric if m.label in [*STATUSES, "Hộ bị ảnh hưởng"]
        }
        assert sum(metrics[s] for s in STATUSES) == metrics["Hộ bị ảnh hưởng"], metrics
        assert (
            "Đếm theo hộ" in next(m for m in app.metric if m.label == "Hộ bị ảnh hưởng").proto.help
        )
        assert any(
            m.value.startswith("Số thửa trên bản đồ") for m in app.markdown
        )  # legend: parcels
