"""The Overview page, run by Streamlit's AppTest on a real demo database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.storage.database import open_store
from workflows.demo import load_demo

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/app.sqlite"
    store = open_store(url)
    store.migrate()
    load_demo(store)
    store.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def run_overview() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app_pages" / "overview.py"), default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    return app


def test_overview_lists_both_demo_projects_with_their_figures(demo_database: str) -> None:
    app = run_overview()
    assert app.title[0].value == "Tổng quan"
    [table] = app.dataframe
    frame = table.value
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


def test_an_empty_database_says_how_to_load_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/empty.sqlite")
    app = run_overview()
    assert "load-demo" in app.info[0].value
