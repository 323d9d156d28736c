"""The menu on a 360-pixel phone: opened from its button, a page chosen there closes it, so the
page the officer asked for is what fills the screen."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import settled, visit


def test_choosing_a_page_from_the_menu_closes_the_menu(phone: Page, app_url: str) -> None:
    visit(phone, app_url, user="can-bo-cat-van")
    expect(phone.get_by_role("heading", name="Tuần này")).to_be_visible(timeout=30_000)
    settled(phone)
    menu = phone.locator('[data-testid="stSidebarContent"]')
    expect(menu).not_to_be_in_viewport()

    phone.locator('[data-testid="stExpandSidebarButton"]').click()
    expect(menu).to_be_in_viewport()
    menu.get_by_role("link", name="Hộ gia đình").click()
    expect(phone.get_by_role("heading", name="Hộ gia đình").first).to_be_visible(timeout=30_000)
    settled(phone)
    expect(menu).not_to_be_in_viewport()
    phone.screenshot(path="/tmp/menu-phone.png")
