"""A field officer on a 360-pixel phone finds a household and records a concern."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from playwright.sync_api import Page, expect

from consultations.households import fold
from tests.browser.conftest import choose, visit

DEMO = Path(__file__).resolve().parents[2] / "data" / "parcels" / "cat-van-220kv"
CAT_VAN = "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn"


def test_a_field_officer_records_a_concern_on_a_phone(phone: Page, app_url: str) -> None:
    people = pd.read_excel(DEMO / "ho_gia_dinh.xlsx", sheet_name="Hộ")
    name = people.loc[people["Mã hộ"] == "CV07", "Chủ hộ"].iloc[0]
    visit(phone, f"{app_url}/field_update")
    expect(phone.get_by_role("heading", name="Cập nhật thực địa")).to_be_visible(timeout=30_000)
    choose(phone, "Dự án", CAT_VAN)

    search = phone.get_by_label("Tìm hộ: tên, mã hộ hoặc tờ/thửa")
    search.fill(fold(name))  # typed without accents, as on a phone keyboard
    search.press("Enter")
    expect(phone.get_by_text(f"CV07 · {name}")).to_be_visible(timeout=20_000)
    phone.get_by_text(f"CV07 · {name}").click()
    phone.get_by_label("Hộ đã nói gì").fill("Đề nghị đo lại ranh giới thửa")
    phone.get_by_role("button", name="Lưu ý kiến").click()

    expect(phone.get_by_text("Đã lưu ý kiến của hộ CV07.")).to_be_visible(timeout=20_000)
    assert (
        phone.evaluate("document.documentElement.scrollWidth") <= 360
    )  # nothing to scroll sideways
