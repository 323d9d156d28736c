"""What a person sees: the app started with `streamlit run`, opened in headless Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import choose, visit

CAT_VAN = "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn"


def test_the_overview_shows_the_demo_projects_and_their_figures(page: Page, app_url: str) -> None:
    visit(page, app_url)
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible(timeout=30_000)
    # The projects table is a canvas grid; its (shortened) cells are in the page for screen readers.
    # The grid fills its cells once the page has run (it may still be running under load).
    expect(
        page.get_by_role("gridcell", name=re.compile("^Đường dây 220 kV"), include_hidden=True)
    ).to_be_attached(timeout=30_000)
    expect(
        page.get_by_role("gridcell", name=re.compile("^Mở rộng KCN VSIP"), include_hidden=True)
    ).to_be_attached(timeout=30_000)
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics.first).to_be_visible()
    expect(page.locator('[data-testid="stMetric"]', has_text="Hộ bị ảnh hưởng")).to_contain_text(
        "40"
    )
    expect(page.locator('[data-testid="stMetric"]', has_text="Không đồng ý")).to_contain_text("2")


def test_the_map_draws_without_the_internet(page: Page, app_url: str) -> None:
    visit(page, app_url)
    maps = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    expect(maps.first.locator(".leaflet-container")).to_be_visible(timeout=30_000)  # the province
    frame = maps.nth(1)  # the chosen project's parcels, drawn into canvas tiles
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=30_000)
    expect(frame.locator("canvas.leaflet-tile").first).to_be_attached()
    expect(frame.locator(".leaflet-control-scale")).to_be_visible()
    # Only basemap tiles may have wanted the internet; Leaflet itself came from the app.
    assert not [u for u in page.blocked_requests if "leaflet" in u or "jquery" in u]  # type: ignore[attr-defined]


def test_choosing_cat_van_shows_fifteen_households_all_signed(page: Page, app_url: str) -> None:
    visit(page, app_url)
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible(timeout=30_000)
    choose(page, "Dự án", CAT_VAN)
    expect(page.get_by_role("heading", name=CAT_VAN)).to_be_visible(timeout=20_000)
    affected = page.locator('[data-testid="stMetric"]', has_text="Hộ bị ảnh hưởng")
    expect(affected).to_contain_text("15")
    expect(
        page.locator('[data-testid="stMetric"]', has_text="Đã đồng thuận (đã ký)")
    ).to_contain_text("15")
    expect(page.locator('[data-testid="stMetric"]', has_text="Vị trí cột")).to_contain_text("15/15")


def test_english_is_a_switch_away(page: Page, app_url: str) -> None:
    visit(page, app_url)
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible(timeout=30_000)
    choose(page, "Ngôn ngữ", "English")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=20_000)
    expect(page.locator('[data-testid="stMetric"]', has_text="Affected households")).to_be_visible()
