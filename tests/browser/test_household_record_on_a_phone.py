"""A household's record on a 360-pixel phone (issue 30 item 1): a field officer adds one household
by hand with its parcel, then corrects its members, the number typed the Vietnamese way, with
nothing to scroll sideways."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from consultations.core.access import operator
from consultations.core.database import open_store
from consultations.households.service import search_households
from consultations.households.store import households_of
from consultations.projects.service import find_project
from tests.browser.conftest import choose, settled, visit

USER = "can-bo-cat-van"  # a field officer of Cát Văn (tests/browser/conftest.py)


def test_a_field_officer_adds_a_household_and_corrects_it_on_a_phone(
    phone: Page, app_url: str, app_database: str
) -> None:
    store = open_store(app_database)
    project = find_project(store, "cat-van-220kv")
    [cv02] = search_households(store, project.id, "CV02", actor=operator("test"))
    store.dispose()

    visit(phone, f"{app_url}/households", user=USER)
    expect(phone.get_by_role("heading", name="Hộ gia đình")).to_be_visible(timeout=30_000)
    choose(phone, "Dự án", project.name)
    adding = phone.locator('[data-testid="stExpander"]', has_text="Thêm một hộ")
    adding.get_by_text("Thêm một hộ").click()
    adding.get_by_label("Mã hộ", exact=True).fill("CV81")
    adding.get_by_label("Chủ hộ", exact=True).fill("Phan Thị Nga")
    adding.get_by_label("Nhân khẩu", exact=True).fill("4")
    adding.get_by_label("Điện thoại", exact=True).fill("0912 345 678")
    adding.get_by_label("Các thửa của hộ (tờ/thửa, cách nhau bằng dấu phẩy)", exact=True).fill(
        cv02.parcels[0]
    )
    adding.get_by_role("button", name="Thêm hộ").click()
    expect(phone.get_by_text("Đã thêm hộ CV81.")).to_be_visible(timeout=30_000)
    expect(phone.get_by_role("heading", name="CV81 · Phan Thị Nga")).to_be_visible(timeout=30_000)

    # The household opened (a rerun, then the page's own to show it): its file is drawn, and stays
    # drawn, before its form is used.
    settled(phone)
    phone.wait_for_timeout(1_500)
    settled(phone)
    editing = phone.locator('[data-testid="stExpander"]', has_text="Sửa thông tin")
    editing.get_by_text("Sửa thông tin").click()
    expect(editing.get_by_label("Nhân khẩu", exact=True)).to_have_value("4", timeout=10_000)
    editing.get_by_label("Nhân khẩu", exact=True).fill("6")
    editing.get_by_role("button", name="Lưu thông tin").click()
    expect(phone.get_by_text("Đã lưu thông tin của hộ CV81.")).to_be_visible(timeout=30_000)
    settled(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sideways
    phone.screenshot(path="/tmp/household-record-phone.png", full_page=True)

    store = open_store(app_database)
    with store.read() as conn:
        added = next(h for h in households_of(conn, project.id) if h.code == "CV81")
    store.dispose()
    assert (added.head_name, added.members, added.phone, added.version) == (
        "Phan Thị Nga", 6, "0912 345 678", 2
    )  # fmt: skip
