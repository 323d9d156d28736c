"""An official enters a petition from a reception day, tapping "Save" twice: one entry, in Vietnamese."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from consultations.core.access import operator
from consultations.core.database import open_store
from consultations.petitions.service import petition_register
from consultations.petitions.sessions import reception_sessions, session_citizens
from tests.browser.conftest import settled, visit


def test_an_official_enters_a_petition_once_however_often_save_is_tapped(
    page: Page, app_url: str, app_database: str
) -> None:
    visit(page, f"{app_url}/petitions")
    expect(page.get_by_role("heading", name="Tiếp công dân và đơn thư")).to_be_visible(
        timeout=30_000
    )
    page.get_by_role("radio", name="Sổ đơn thư").click()
    settled(page)
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
    # The page stays on the register after the save (tabs went back to the first).
    expect(page.get_by_role("heading", name="Vào sổ một đơn thư")).to_be_visible()
    page.screenshot(path="/tmp/petitions.png", full_page=True)


def test_a_field_officer_on_a_phone_records_a_reception_and_who_was_heard_once(
    phone: Page, app_url: str, app_database: str
) -> None:
    visit(phone, f"{app_url}/petitions", user="can-bo-cat-van")
    phone.get_by_role("radio", name="Tiếp công dân", exact=True).click()
    settled(phone)
    expect(phone.get_by_role("heading", name="Lịch tiếp công dân của lãnh đạo")).to_be_visible()
    form = phone.locator('[data-testid="stForm"]', has_text="Lưu buổi tiếp")
    form.get_by_label("Cơ quan tiếp nhận").fill("UBND xã Cát Văn")
    form.get_by_label("Lãnh đạo tiếp dân").fill("Phó Chủ tịch UBND xã")
    form.get_by_label("Số lượt công dân được tiếp").fill("1")
    form.get_by_role("button", name="Lưu buổi tiếp").dblclick()
    expect(phone.get_by_text("Đã lưu buổi tiếp công dân.")).to_be_visible(timeout=30_000)
    settled(phone)
    # Still on the reception section; the new session is the one chosen to add who was heard.
    heard = phone.locator('[data-testid="stForm"]', has_text="Thêm công dân được tiếp")
    heard.get_by_label("Họ tên").fill("Nguyễn Văn Mười")
    heard.get_by_label("Nội dung trình bày").fill("Hỏi ngày chi trả tiền bồi thường")
    heard.get_by_role("button", name="Thêm").dblclick()
    # Listed once, however the second tap landed (on the saved form, or on the fresh one).
    listed = phone.locator("[data-testid=stDataFrame]").filter(
        has_text="Hỏi ngày chi trả tiền bồi thường"
    )
    expect(listed).to_have_count(1, timeout=30_000)
    settled(phone)
    expect(heard.get_by_label("Nội dung trình bày")).to_have_count(1)  # the saved form has gone
    expect(heard.get_by_label("Nội dung trình bày")).to_have_value("")  # a fresh one
    # A second one is more than the one received: refused in words, what was typed kept.
    heard.get_by_label("Nội dung trình bày").fill("Hỏi thêm về tái định cư")
    heard.get_by_role("button", name="Thêm").click()
    expect(phone.get_by_text("nhiều hơn số 1 lượt công dân được tiếp")).to_be_visible(
        timeout=30_000
    )
    expect(heard.get_by_label("Nội dung trình bày")).to_have_value("Hỏi thêm về tái định cư")
    # The count was wrong: corrected, then the same citizen is added.
    count = phone.locator('[data-testid="stForm"]', has_text="Sửa số lượt công dân được tiếp")
    count.get_by_label("Số lượt công dân được tiếp").fill("2")
    count.get_by_role("button", name="Sửa số lượt công dân được tiếp").click()
    expect(phone.get_by_text("Đã sửa số lượt công dân được tiếp.")).to_be_visible(timeout=30_000)
    settled(phone)
    heard.get_by_label("Nội dung trình bày").fill("Hỏi thêm về tái định cư")
    heard.get_by_role("button", name="Thêm").click()
    expect(phone.get_by_text("Đã thêm công dân được tiếp.")).to_be_visible(timeout=30_000)
    settled(phone)
    phone.screenshot(path="/tmp/reception-phone.png", full_page=True)
    store = open_store(app_database)
    sessions = [s for s in reception_sessions(store, actor=operator("t"))
                if s.leader == "Phó Chủ tịch UBND xã"]  # fmt: skip
    assert len(sessions) == 1
    assert [
        c.raised for c in session_citizens(store, sessions[0].id or 0, actor=operator("t"))
    ] == ["Hỏi ngày chi trả tiền bồi thường", "Hỏi thêm về tái định cư"]
    store.dispose()
