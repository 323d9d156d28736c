"""An official enters a petition from a reception day, tapping "Save" twice: one entry, in Vietnamese."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from consultations.core.access import operator
from consultations.core.database import open_store
from consultations.petitions.service import petition_register
from tests.browser.conftest import settled, visit


def test_an_official_enters_a_petition_once_however_often_save_is_tapped(
    page: Page, app_url: str, app_database: str
) -> None:
    visit(page, f"{app_url}/petitions")
    expect(page.get_by_role("heading", name="Tiếp công dân và đơn thư")).to_be_visible(
        timeout=30_000
    )
    page.get_by_role("tab", name="Sổ đơn thư").click()
    page.get_by_label("Cơ quan tiếp nhận").first.fill("UBND xã Cát Văn")
    page.get_by_label("Số đơn trong sổ").fill("07/2026")
    page.get_by_label("Họ tên người gửi").fill("Nguyễn Văn Bình")
    page.get_by_label("Nội dung đơn").fill("Đề nghị xem lại đơn giá bồi thường đất lúa")
    page.get_by_role("button", name="Lưu đơn thư").dblclick()
    expect(page.get_by_text("Đã lưu đơn 07/2026.")).to_be_visible(timeout=30_000)
    settled(page)
    store = open_store(app_database)
    entries = [e for e in petition_register(store, actor=operator("t")) if e.reference == "07/2026"]
    store.dispose()
    assert len(entries) == 1 and entries[0].filer_name == "Nguyễn Văn Bình"
    page.screenshot(path="/tmp/petitions.png", full_page=True)
