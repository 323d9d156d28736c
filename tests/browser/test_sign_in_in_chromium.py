"""Signing in, in Chromium: a wrong password is refused, and a field officer sees only the
households of the communes assigned to them."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, choose, settled, visit


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


def test_a_reload_keeps_the_user_signed_in_until_they_sign_out(page: Page, app_url: str) -> None:
    visit(page, f"{app_url}/households", user="can-bo-cat-van")
    expect(page.get_by_role("heading", name="Hộ gia đình")).to_be_visible(timeout=20_000)
    settled(page)
    for _attempt in range(60):  # the page writes the session's cookie once it has drawn
        if any(c["name"] == "clearway_session" for c in page.context.cookies()):
            break
        page.wait_for_timeout(500)
    page.reload()
    expect(page.get_by_text("Đăng nhập: can-bo-cat-van")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Hộ gia đình")).to_be_visible(timeout=20_000)

    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible(timeout=20_000)
    page.reload()  # the session ended in the store, not only on this screen
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Đăng nhập: can-bo-cat-van")).to_have_count(0)


def test_a_disabled_account_loses_its_open_session_at_once(
    page: Page, app_url: str, app_database: str
) -> None:
    from consultations.accounts.service import create_user, set_access
    from consultations.core.access import Role, Scope, operator
    from consultations.core.database import open_store
    from consultations.projects.service import find_project

    store = open_store(app_database)
    cat_van = find_project(store, "cat-van-220kv").id
    create_user(store, "can-bo-tam", PASSWORD, Role.FIELD_OFFICER, actor=operator("test"),
                scopes=[Scope(cat_van, "Cát Văn")])  # fmt: skip
    visit(page, f"{app_url}/field_update", user="can-bo-tam")
    expect(page.get_by_role("heading", name="Cập nhật thực địa")).to_be_visible(timeout=20_000)
    settled(page)
    set_access(
        store, "can-bo-tam", role=Role.VIEWER, scopes=[], active=False, actor=operator("test")
    )
    store.dispose()
    page.get_by_label("Tìm hộ: tên, mã hộ hoặc tờ/thửa").fill("CV01")
    page.keyboard.press("Enter")  # the next thing they do
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible(timeout=20_000)
