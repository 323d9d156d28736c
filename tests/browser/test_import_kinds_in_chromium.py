"""Changing the kind of layer on the Import page checks the uploaded file again: a power line's
KML, previewed as a centreline, is refused as tower foundations, and taken again as a centreline."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import choose, settled, visit

LINE = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "parcels"
    / "cat-van-220kv"
    / "tuyen_duong_day.kml"
)
CAT_VAN = "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn"


def test_a_change_of_kind_after_the_upload_checks_the_file_again(page: Page, app_url: str) -> None:
    visit(page, f"{app_url}/import_layer")
    expect(page.get_by_role("heading", name="Nhập lớp bản đồ")).to_be_visible(timeout=30_000)
    choose(page, "Dự án", CAT_VAN)
    # The file first, under the kind the page offers; then the kind is changed, as people do.
    page.locator('input[type="file"]').set_input_files(LINE)
    expect(page.get_by_text("tuyen_duong_day.kml")).to_be_visible(timeout=30_000)
    settled(page, 60_000)
    choose(page, "Nội dung của lớp", "Tim tuyến đường dây", timeout=60_000)
    checks = page.get_by_role("heading", name="Kiểm tra trước khi lưu")
    expect(checks).to_be_visible(timeout=60_000)

    choose(page, "Nội dung của lớp", "Móng cột")
    expect(
        page.get_by_text("Lớp “Móng cột” phải là điểm hoặc vùng (đa giác); lớp này có đường")
    ).to_be_visible(timeout=60_000)
    expect(checks).to_have_count(0)
    expect(page.get_by_role("button", name="Lưu vào dự án")).to_have_count(0)

    choose(page, "Nội dung của lớp", "Tim tuyến đường dây")
    expect(checks).to_be_visible(timeout=60_000)
    expect(page.get_by_role("button", name="Lưu vào dự án")).to_be_visible()
