"""Signing in, in Chromium: a wrong password is refused, and a field officer sees only the
households of the communes assigned to them."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, choose, visit


def test_every_page_asks_to_sign_in_and_a_wrong_password_is_refused(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/households")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Hộ gia đình")).to_have_count(0)  # no page, no menu before signing in
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill(PASSWORD + "x")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Sai tên đăng nhập hoặc mật khẩu.")).to_be_visible(timeout=20_000)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Đăng nhập: admin")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("heading", name="Hộ gia đình")).to_be_visible(timeout=20_000)


def test_a_field_officer_of_another_commune_cannot_open_a_cat_van_household(
    page: Page, app_url: str
) -> None:
    visit(page, f"{app_url}/households", user="can-bo-xa-khac")
    expect(page.get_by_role("heading", name="Hộ gia đình")).to_be_visible(timeout=20_000)
    choose(page, "Dự án", "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn")
    # refused by the service: none of Cát Văn's households is listed
    expect(page.get_by_text("ngoài dự án và xã", exact=False)).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Người dùng")).to_have_count(0)  # and no admin pages in the menu


def test_a_field_officer_of_cat_van_opens_its_households(page: Page, app_url: str) -> None:
    visit(page, f"{app_url}/households", user="can-bo-cat-van")
    choose(page, "Dự án", "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn")
    expect(page.get_by_text("15 hộ")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("heading", name="CV01", exact=False).first).to_be_visible(
        timeout=20_000
    )
