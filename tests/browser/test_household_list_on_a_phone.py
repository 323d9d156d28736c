"""The household list on a 360-pixel phone: a field officer filters by days without progress and
by status, and sorts by village, with nothing to scroll sideways."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from consultations.accounts.service import create_user
from consultations.core.access import Actor, Role, Scope, operator
from consultations.core.database import open_store
from consultations.projects.service import find_project
from consultations.reporting.household_progress import household_progress
from tests.browser.conftest import PASSWORD, choose, settled, visit

USER = "can-bo-hung-nguyen"


def test_a_field_officer_filters_the_household_list_on_a_phone(
    phone: Page, app_url: str, app_database: str
) -> None:
    store = open_store(app_database)
    project = find_project(store, "hung-nguyen-vsip")
    scope = Scope(project.id, "Hưng Nguyên")
    create_user(store, USER, PASSWORD, Role.FIELD_OFFICER, actor=operator("test"), scopes=[scope])
    progress = household_progress(store, project, actor=Actor(USER, Role.FIELD_OFFICER, (scope,)))
    store.dispose()
    stuck = sum(p.stuck(60) for p in progress.values())
    assert stuck > 0

    visit(phone, f"{app_url}/households", user=USER)
    expect(phone.get_by_role("heading", name="Hộ gia đình")).to_be_visible(timeout=30_000)
    choose(phone, "Dự án", "Mở rộng KCN VSIP Nghệ An và di dời nghĩa trang, xã Hưng Nguyên")
    expect(phone.get_by_text(f"{len(progress)} hộ", exact=True)).to_be_visible(timeout=20_000)
    choose(phone, "Không có tiến triển trong", "từ 60 ngày trở lên")
    expect(phone.get_by_text(f"{stuck} hộ", exact=True)).to_be_visible(timeout=20_000)
    phone.get_by_role("radiogroup").get_by_text("Thôn", exact=True).click()  # sort by village
    settled(phone)
    expect(phone.get_by_role("radio", name="Thôn")).to_be_checked()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sideways

    status = phone.locator('[data-testid="stMultiSelect"]', has_text="Trạng thái")
    status.click()
    phone.get_by_role("option", name="Đã đồng thuận (đã ký)").click()
    phone.keyboard.press("Escape")
    settled(phone)
    # An agreed household is never on the backlog: the two filters together leave none.
    expect(phone.get_by_text("Không có hộ nào khớp với nội dung tìm và bộ lọc.")).to_be_visible(
        timeout=20_000
    )
    phone.screenshot(path="/tmp/households-phone.png", full_page=True)
