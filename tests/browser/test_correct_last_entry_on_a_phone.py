"""A field officer on a 360-pixel phone saves a status in error and corrects it at once from
“Sửa bản ghi vừa nhập” (issue 30, item 2): both entries are kept, the correction counts."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from consultations.core.records import ConsentStatus
from tests.browser.conftest import settled, withdraw_signed

# The phone's way to a household, shared with the other Field update tests.
from tests.browser.test_field_update_on_a_phone import _events as events_of
from tests.browser.test_field_update_on_a_phone import _open as open_household


def test_a_field_officer_corrects_the_status_just_saved_on_a_phone(
    phone: Page, app_url: str, app_database: str
) -> None:
    before = len(events_of(app_database, "CV12"))
    open_household(phone, app_url, "CV12")  # as the Cát Văn field officer
    expect(phone.get_by_text("Sửa bản ghi vừa nhập", exact=False)).to_have_count(0)

    phone.get_by_role("radiogroup", name="Trạng thái mới").get_by_text(
        ConsentStatus.REFUSED.label, exact=True
    ).click()
    withdraw_signed(phone)
    phone.get_by_role("button", name="Lưu trạng thái").click()
    expect(phone.get_by_text("Đã lưu: hộ CV12", exact=False).first).to_be_visible(timeout=20_000)
    settled(phone)
    phone.get_by_text("Sửa bản ghi vừa nhập", exact=False).click()  # the switch opens the form
    fixed = phone.get_by_role("radiogroup", name="Trạng thái đúng")
    expect(fixed).to_be_visible(timeout=20_000)
    assert fixed.get_by_role("radio", name=ConsentStatus.REFUSED.label).is_checked()  # prefilled
    fixed.get_by_text(ConsentStatus.INFORMED.label, exact=True).click()
    phone.get_by_label("Lý do sửa").fill("bấm nhầm nút")
    phone.get_by_role("button", name="Lưu điều chỉnh").click()
    expect(phone.get_by_text("Đã sửa: hộ CV12 nay là “Đã được thông tin”.")).to_be_visible(
        timeout=20_000
    )
    settled(phone)
    wrong, correction = events_of(app_database, "CV12")[before:]
    assert (wrong.status, correction.status) == (ConsentStatus.REFUSED, ConsentStatus.INFORMED)
    assert (correction.corrects_id, correction.correction_reason) == (wrong.id, "bấm nhầm nút")
    expect(phone.get_by_text("Hiện tại: Đã được thông tin", exact=False)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
