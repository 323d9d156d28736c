"""A field officer on a 360-pixel phone takes a package offline and brings it back, tapping twice."""

from __future__ import annotations

import datetime as dt
import uuid
import zipfile
from pathlib import Path

import pandas as pd
import pyogrio
from playwright.sync_api import Page, expect

from tests.browser.conftest import choose, settled, visit
from tests.browser.test_field_update_on_a_phone import CAT_VAN, _events
from translations import local_today


def test_a_field_officer_takes_a_package_offline_and_brings_it_back(
    phone: Page, app_url: str, app_database: str, tmp_path: Path
) -> None:
    visit(phone, f"{app_url}/field_package", user="can-bo-cat-van")
    expect(phone.get_by_role("heading", name="Gói thực địa (ngoại tuyến)")).to_be_visible(
        timeout=30_000
    )
    choose(phone, "Dự án", CAT_VAN)
    phone.get_by_role("button", name="Chuẩn bị gói").click()
    with phone.expect_download(timeout=30_000) as download:
        phone.get_by_role("button", name="Tải gói về").click()
    package = tmp_path / "goi.zip"
    download.value.save_as(package)

    folder = tmp_path / "dien-thoai"  # what QField does on the phone, done here through GDAL
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    households = pyogrio.read_dataframe(
        folder / "clearway.gpkg", layer="ho_dan", read_geometry=False
    )
    household = households.iloc[4]
    before = len(_events(app_database, household.ma_ho))
    row = {"uuid": str(uuid.uuid4()), "ma_ho": household.ma_ho,
           "ngay": (local_today() - dt.timedelta(days=1)).isoformat(), "tinh_trang": "informed",
           "ghi_chu": "Đã phát tờ rơi tại nhà", "anh": None, "nguoi_ghi": "can-bo-cat-van",
           "luc_ghi": None, "phien_ban": int(household.phien_ban)}  # fmt: skip
    pyogrio.write_dataframe(pd.DataFrame([row]).astype({"phien_ban": "Int64"}),
                            folder / "clearway.gpkg", layer="dong_thuan", append=True)  # fmt: skip
    returned = tmp_path / "mang-ve.zip"
    with zipfile.ZipFile(returned, "w") as archive:
        for path in folder.rglob("*"):
            archive.write(path, path.relative_to(folder).as_posix())

    phone.locator('[data-testid="stButtonGroup"]').get_by_text("Mang về").click()
    phone.locator('input[type="file"]').set_input_files(str(returned))
    expect(phone.get_by_text("Của can-bo-cat-van: 1 lần ghi ý kiến đồng thuận")).to_be_visible(
        timeout=30_000
    )
    phone.get_by_role("button", name="Lưu những gì đã ghi tại thực địa").dblclick()
    expect(phone.get_by_text("Đã lưu: 1 lần ghi ý kiến đồng thuận và 0 kiến nghị")).to_be_visible(
        timeout=30_000
    )
    settled(phone)
    assert len(_events(app_database, household.ma_ho)) == before + 1  # a double tap, one event
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
