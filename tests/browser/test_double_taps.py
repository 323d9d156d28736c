"""A double tap on a saving button records once (Chromium, on a phone).

The form is filled as a person would, its button tapped twice, the page left to settle (and a
second run, if one was queued, to happen), then the store is counted. The consent form's double
tap is in test_field_update_on_a_phone.py; every other form's command is shown to record once per
key in tests/consultations/core/test_commands.py."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from consultations.concerns.store import concerns_of
from consultations.core.database import open_store
from consultations.projects.service import find_project
from tests.browser.conftest import choose, settled, visit

CAT_VAN = "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn"


def count(app_database: str, what: str) -> int:
    """How many concerns Cát Văn holds."""
    assert what == "concerns"
    store = open_store(app_database)
    project = find_project(store, "cat-van-220kv")
    with store.read() as conn:
        n = len(concerns_of(conn, project.id))
    store.dispose()
    return n


def test_a_double_tap_on_save_concern_records_one_concern(
    phone: Page, app_url: str, app_database: str
) -> None:
    before = count(app_database, "concerns")
    visit(phone, f"{app_url}/field_update", user="can-bo-cat-van")
    choose(phone, "Dự án", CAT_VAN)
    search = phone.get_by_label("Tìm hộ: tên, mã hộ hoặc tờ/thửa")
    search.fill("CV09")
    search.press("Enter")
    phone.get_by_text("CV09 · ").first.click()
    settled(phone)
    phone.get_by_label("Hộ đã nói gì").fill("Hỏi về thời gian chi trả")
    phone.get_by_role("button", name="Lưu ý kiến").dblclick(timeout=60_000)
    expect(phone.get_by_text("Đã lưu ý kiến của hộ CV09.")).to_be_visible(timeout=20_000)
    settled(phone)
    phone.wait_for_timeout(1500)
    settled(phone)
    assert count(app_database, "concerns") == before + 1
