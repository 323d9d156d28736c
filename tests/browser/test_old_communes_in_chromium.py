"""A parcel layer naming the communes before the 2025 mergers, previewed on the Import page: what
each old name became, in Vietnamese, and a choice asked for a name that went several ways."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from playwright.sync_api import Page, expect

from tests.browser.conftest import choose, visit

DEMO = Path(__file__).resolve().parents[2] / "data" / "parcels" / "cat-van-220kv"
CAT_VAN = "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn"


def layer_with_two_parcels_of_quang_phong(folder: Path) -> Path:
    """The demo's parcels (commune column: "Cát Văn"), two of them named "Quang Phong": a ward of
    Thái Hòa and a commune of Quế Phong before 2025, which went into different communes."""
    parcels = gpd.read_file(DEMO / "thua_dat.zip")
    parcels.loc[parcels.index[:2], "XA"] = "QUANG PHONG"
    path = folder / "thua_dat_xa_cu.gpkg"
    parcels.to_file(path)
    return path


def test_the_preview_says_what_the_old_communes_became_and_asks_for_a_split_name(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    visit(page, f"{app_url}/import_layer")
    expect(page.get_by_role("heading", name="Nhập lớp bản đồ")).to_be_visible(timeout=30_000)
    choose(page, "Dự án", CAT_VAN)
    page.locator('input[type="file"]').set_input_files(
        layer_with_two_parcels_of_quang_phong(tmp_path)
    )
    expect(page.get_by_role("heading", name="Kiểm tra trước khi lưu")).to_be_visible(timeout=30_000)
    expect(
        page.get_by_text("238 thửa ghi xã Cát Văn (huyện Thanh Chương) theo địa giới trước năm "
                         "2025: nay thuộc Cát Ngạn.")
    ).to_be_visible()  # fmt: skip
    expect(
        page.get_by_text("2 thửa ghi “QUANG PHONG”: từ năm 2025, đất mang tên này thuộc nhiều xã, "
                         "phường (Thái Hòa, Mường Quàng); hãy chọn các thửa này thuộc đơn vị nào.")
    ).to_be_visible()  # fmt: skip
    save = page.get_by_role("button", name="Lưu vào dự án")
    expect(save).to_be_disabled(timeout=30_000)  # once the map and the effects are drawn

    choose(page, "Xã, phường hiện nay của 2 thửa thuộc “QUANG PHONG”", "Mường Quàng")

    expect(
        page.get_by_text("2 thửa của “QUANG PHONG” (trước năm 2025) được xếp vào Mường Quàng, "
                         "theo lựa chọn của bạn.")
    ).to_be_visible(timeout=30_000)  # fmt: skip
