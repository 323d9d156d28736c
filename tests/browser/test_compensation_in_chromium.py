"""Compensation in Chromium: a field officer adds an inventory line on a phone once however often
Save is tapped; a chair sees who is owed what and why, and who is late; the council records a
payment once (typed with its dots, read back in words, saved by a second click however often it is
tapped), and an overpayment is refused in words."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from consultations.compensation.inventory import inventory
from consultations.compensation.payments import accounts
from consultations.core.access import operator
from consultations.core.database import open_store
from consultations.projects.service import find_project
from tests.browser.conftest import choose, settled, visit


def test_a_field_officer_adds_an_inventory_line_once_on_a_phone(
    phone: Page, app_url: str, app_database: str
) -> None:
    visit(phone, f"{app_url}/compensation", user="can-bo-cat-van")
    expect(phone.get_by_role("heading", name="Bồi thường và chi trả")).to_be_visible(timeout=30_000)
    settled(phone)  # a field officer lands on the inventory
    choose(phone, "Loại", "Cây trồng, hoa màu")
    form = phone.locator('[data-testid="stForm"]', has_text="Thêm dòng")
    choose(phone, "Mục trong bảng giá", "CAM · Cam, đang cho quả (350.000 đ/cây)")
    form.get_by_role("textbox", name="Khối lượng (m², cây, …)").fill("7")
    form.get_by_label("Mô tả").fill("Cam sau nhà")
    # Without minutes and without a refusal to sign: refused in words, what was typed kept.
    form.get_by_role("button", name="Thêm dòng").click()
    expect(phone.get_by_text("Hãy ghi biên bản kiểm đếm đã ký")).to_be_visible(timeout=30_000)
    expect(form.get_by_label("Mô tả")).to_have_value("Cam sau nhà")
    form.get_by_label("Biên bản kiểm đếm (số, ngày)").fill("BB 15, 22/04/2024")
    form.get_by_role("button", name="Thêm dòng").dblclick()
    expect(phone.get_by_text("Đã thêm dòng kiểm đếm.")).to_be_visible(timeout=30_000)
    settled(phone)
    phone.screenshot(path="/tmp/compensation-phone.png", full_page=True)
    store = open_store(app_database)
    project = find_project(store, "cat-van-220kv")
    lines, _facts = inventory(store, project.id, actor=operator("t"))
    store.dispose()
    assert len([x for x in lines if x.description == "Cam sau nhà"]) == 1


def read_back(page: Page, form: Locator, amount: str, receipt: str) -> None:
    """Type an amount as a cashier does ("150.000.000") and the receipt, and press Save: the form
    reads the payment back in words. Typed again if a redraw of the page, still finishing after the
    household was chosen, put the form back as it was (the save then finds the amount empty)."""
    said = page.get_by_text(f"Bạn sắp chi {amount} đ (")
    for _attempt in range(3):
        settled(page)
        form.get_by_role("textbox", name="Số tiền (đ)").fill(amount)
        form.get_by_label("Số phiếu chi hoặc chứng từ").fill(receipt)
        form.get_by_role("button", name="Lưu khoản chi trả").click()
        settled(page)
        if said.is_visible():
            break
    expect(said).to_be_visible(timeout=30_000)


def shown(vnd: int) -> str:
    return f"{vnd:,}".replace(",", ".")


def test_the_council_records_a_payment_once_and_an_overpayment_is_refused(
    page: Page, app_url: str, app_database: str
) -> None:
    visit(page, f"{app_url}/compensation")
    choose(page, "Dự án", "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn")
    page.get_by_role("radio", name="Hộ gia đình").click()
    settled(page)
    expect(page.get_by_text("hộ vẫn chưa được chi trả đủ dù đã quá hạn chi trả")).to_be_visible(
        timeout=30_000
    )
    store = open_store(app_database)
    project = find_project(store, "cat-van-220kv")
    late = next(a for a in accounts(store, project.id, actor=operator("t")) if a.late)
    choose(page, "Hộ", f"{late.household_code} · {late.head_name}")
    expect(page.get_by_text("Hộ được bồi thường, hỗ trợ bao nhiêu và vì sao")).to_be_visible()
    # The chosen household's sheet and form, not the first one's still on screen.
    expect(page.get_by_text(f"Hộ: {late.household_code} · ")).to_be_visible(timeout=30_000)
    settled(page)
    form = page.locator('[data-testid="stForm"]', has_text="Lưu khoản chi trả")
    confirm = page.get_by_role("button", name="Xác nhận: ghi khoản chi trả này")
    # Read back in words, and nothing saved until the confirm; the ledger refuses it in words.
    read_back(page, form, shown(late.outstanding_vnd + 1000), "PC-2026-777")
    confirm.click()
    expect(page.get_by_text("nhiều hơn số được duyệt")).to_be_visible(timeout=30_000)
    expect(form.get_by_label("Số phiếu chi hoặc chứng từ")).to_have_value("PC-2026-777")
    read_back(page, form, shown(late.outstanding_vnd), "PC-2026-777")
    confirm.dblclick()  # twice: recorded once
    expect(page.get_by_text("Đã lưu khoản chi trả")).to_be_visible(timeout=30_000)
    settled(page)
    page.screenshot(path="/tmp/compensation-payment.png", full_page=True)
    after = next(
        a
        for a in accounts(store, project.id, actor=operator("t"))
        if a.household_id == late.household_id
    )
    store.dispose()
    assert after.outstanding_vnd == 0 and not after.late
