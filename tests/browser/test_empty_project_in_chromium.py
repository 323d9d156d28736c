"""A project with nothing in it yet opens on every page a chair looks at, in Chromium: no crash,
a sentence where figures would be."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from consultations.core.database import open_store
from consultations.core.records import NewProject, ProjectKind
from consultations.projects.store import insert_project
from tests.browser.conftest import choose, settled, visit

EMPTY = "Đường tránh chưa có dữ liệu"


def test_the_overview_and_the_consent_map_open_an_empty_project(
    page: Page, app_url: str, app_database: str
) -> None:
    store = open_store(app_database)
    with store.begin() as conn:
        insert_project(conn, NewProject("duong-tranh", EMPTY, ProjectKind.ROAD, 9208), actor="t")
    store.dispose()
    visit(page, app_url)
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible(timeout=30_000)
    choose(page, "Dự án", EMPTY)
    expect(page.get_by_role("heading", name=EMPTY)).to_be_visible(timeout=30_000)
    settled(page)
    expect(page.locator('[data-testid="stMetric"]', has_text="Hộ bị ảnh hưởng")).to_contain_text(
        "0"
    )
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Đã xảy ra lỗi", exact=False)).to_have_count(0)

    page.goto(f"{app_url}/consent_map")
    choose(page, "Dự án", EMPTY)
    settled(page)
    expect(page.get_by_role("heading", name="Bản đồ đồng thuận")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
