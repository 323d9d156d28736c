"""Importing a corrected parcel layer through the Import page, as an official would."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from playwright.sync_api import Page, expect

from tests.browser.conftest import choose, visit

DEMO = Path(__file__).resolve().parents[2] / "data" / "parcels" / "cat-van-220kv"
CAT_VAN = "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn"


def corrected_layer_without(code: str, folder: Path) -> Path:
    parcels = gpd.read_file(DEMO / "thua_dat.zip")
    links = pd.read_excel(DEMO / "ho_gia_dinh.xlsx", sheet_name="Thửa")
    gone = {
        (str(r["Tờ bản đồ"]), str(r["Thửa đất"]))
        for _i, r in links[links["Mã hộ"] == code].iterrows()
    }
    keep = ~parcels.apply(lambda r: (str(r.SO_TO), str(r.SO_THUA)) in gone, axis=1)
    path = folder / "thua_dat_sua.gpkg"
    parcels[keep].to_file(path)
    return path


def test_a_corrected_layer_says_what_it_will_change_and_is_saved_once_confirmed(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    visit(page, f"{app_url}/import_layer")
    expect(page.get_by_role("heading", name="Nhập lớp bản đồ")).to_be_visible(timeout=30_000)
    choose(page, "Dự án", CAT_VAN)
    page.locator('input[type="file"]').set_input_files(corrected_layer_without("CV07", tmp_path))
    expect(page.get_by_role("heading", name="Kiểm tra trước khi lưu")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Đã đọc 238 đối tượng.")).to_be_visible()
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=20_000)

    # Before anything is saved: what would change, and a confirmation it needs.
    leaving = page.get_by_text("Hộ không còn bị ảnh hưởng (lịch sử vẫn được giữ): CV07")
    expect(leaving).to_be_visible(timeout=30_000)
    expect(
        page.get_by_text("1 hộ sẽ ra khỏi danh sách bị ảnh hưởng (CV07)", exact=False)
    ).to_be_visible()
    save = page.get_by_role("button", name="Lưu vào dự án")
    expect(save).to_be_disabled()
    page.get_by_text("Tôi đã kiểm tra: thay lớp đã lưu bằng lớp này").click()
    expect(save).to_be_enabled(timeout=20_000)
    save.click()

    expect(page.get_by_text("Đã lưu. Đã tính lại các thửa bị ảnh hưởng.")).to_be_visible(
        timeout=30_000
    )
    expect(leaving.last).to_be_visible()


def test_a_file_that_is_not_a_layer_gets_a_plain_message(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "thua.zip"
    bad.write_bytes(b"this is not a zip")
    visit(page, f"{app_url}/import_layer")
    expect(page.get_by_role("heading", name="Nhập lớp bản đồ")).to_be_visible(timeout=30_000)
    page.locator('input[type="file"]').set_input_files(bad)
    expect(
        page.get_by_text("Nội dung của “thua.zip” không phải tệp ZIP như tên gọi")
    ).to_be_visible(timeout=30_000)
