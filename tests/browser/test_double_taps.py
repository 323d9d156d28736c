"""A double click on a saving button records once, on every form that writes (Chromium).

Each case fills a form as a person would, double-clicks its button, waits for the page to settle
(and for a second run, if one was queued), then counts what the store holds."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from consultations.projects import find_project
from consultations.storage.database import open_store
from consultations.storage.people import households_of
from consultations.storage.records import (
    commitments_of,
    concerns_of,
    documents_of,
    meetings_of,
    steps_of,
)
from tests.browser.conftest import choose, settled, visit

CAT_VAN = "Đường dây 220 kV Đô Lương – Tương Dương, đoạn qua xã Cát Văn"


def count(app_database: str, what: str, slug: str = "cat-van-220kv") -> int:
    store = open_store(app_database)
    project = find_project(store, slug)
    with store.read() as conn:
        n = {
            "concern versions": lambda: int(concerns_of(conn, project.id).version.sum()),
            "commitment versions": lambda: int(commitments_of(conn, project.id).version.sum()),
            "documents": lambda: len(documents_of(conn, project.id)),
            "commitments": lambda: len(commitments_of(conn, project.id)),
            "concerns": lambda: len(concerns_of(conn, project.id)),
            "meetings": lambda: len(meetings_of(conn, project.id)),
            "steps": lambda: len(steps_of(conn, project.id)),
            "cv04 version": lambda: next(
                h.version for h in households_of(conn, project.id) if h.code == "CV04"
            ),
        }[what]()
    store.dispose()
    return n


def expander(page: Page, label: str) -> Locator:
    """Open the expander ``label`` once the page has settled; its content, to act within."""
    # (double clicks below are forced: Streamlit fades a page that is still running, which
    # Playwright takes for an unstable element, though the button stays where it is)
    box = page.locator('[data-testid="stExpander"]', has_text=label).last
    details = box.locator('[data-testid="stExpanderDetails"]')
    for _attempt in range(6):  # a rerun still drawing the page can swallow the click
        settled(page)
        if details.is_visible():
            return box
        box.locator("summary").click()
        try:
            expect(details).to_be_visible(timeout=5_000)
            return box
        except AssertionError:
            continue
    expect(details).to_be_visible()
    return box


def add_commitment(page: Page) -> None:
    box = expander(page, "Thêm cam kết")
    box.get_by_label("Nội dung cam kết").fill("Làm lại đường vào thôn")
    box.get_by_label("Người cam kết").fill("UBND xã Cát Văn")
    settled(page)
    box.get_by_role("button", name="Thêm", exact=True).dblclick(timeout=60_000, force=True)


def log_meeting(page: Page) -> None:
    box = expander(page, "Ghi cuộc họp")
    box.get_by_label("Địa điểm").fill("Nhà văn hoá xóm 3")
    settled(page)
    box.get_by_role("button", name="Lưu cuộc họp").dblclick(timeout=60_000, force=True)


def open_cv04(page: Page) -> None:
    search = page.get_by_label("Tìm: tên (không cần dấu), mã hộ, hoặc tờ/thửa như 12/45")
    search.fill("CV04")
    search.press("Enter")
    expect(page.get_by_role("heading", name="CV04", exact=False).first).to_be_visible(
        timeout=20_000
    )
    settled(page)


def edit_phone(page: Page) -> None:
    open_cv04(page)
    box = expander(page, "Sửa thông tin")
    box.get_by_label("Điện thoại").fill("0912345678")
    settled(page)
    box.get_by_role("button", name="Lưu thông tin").dblclick(timeout=60_000, force=True)


def record_step(page: Page) -> None:
    open_cv04(page)
    box = expander(page, "Ghi một bước thủ tục")
    box.get_by_role("button", name="Lưu bước").dblclick()


def acknowledge_concern(page: Page) -> None:
    settled(page)
    page.get_by_text("Đã tiếp nhận", exact=True).last.click()
    page.get_by_role("button", name="Lưu", exact=True).last.dblclick()


def fulfil_commitment(page: Page) -> None:
    settled(page)
    page.get_by_text("Đã thực hiện", exact=True).last.click()
    page.get_by_role("button", name="Lưu", exact=True).first.dblclick()


def add_document(page: Page) -> None:
    box = expander(page, "Thêm tài liệu")
    box.get_by_label("Tiêu đề").fill("Bản đồ hướng tuyến (bản sửa)")
    settled(page)
    box.get_by_role("button", name="Thêm", exact=True).dblclick(timeout=60_000, force=True)


HUNG_NGUYEN = "Mở rộng KCN VSIP Nghệ An và di dời nghĩa trang, xã Hưng Nguyên"
CASES: dict[str, tuple[str, str, Callable[[Page], None], str]] = {
    "commitment": ("commitments", "commitments", add_commitment, CAT_VAN),
    "meeting": ("meetings", "meetings", log_meeting, CAT_VAN),
    "household details": ("households", "cv04 version", edit_phone, CAT_VAN),
    "procedure step": ("households", "steps", record_step, CAT_VAN),
    "concern step": ("concerns", "concern versions", acknowledge_concern, HUNG_NGUYEN),
    "commitment status": ("commitments", "commitment versions", fulfil_commitment, HUNG_NGUYEN),
    "document": ("documents", "documents", add_document, CAT_VAN),
}


@pytest.mark.parametrize("form", list(CASES))
def test_a_double_click_records_once(
    page: Page, app_url: str, app_database: str, form: str
) -> None:
    path, what, act, project = CASES[form]
    slug = "cat-van-220kv" if project == CAT_VAN else "hung-nguyen-vsip"
    before = count(app_database, what, slug)
    visit(page, f"{app_url}/{path}")
    choose(page, "Dự án", project)
    settled(page)
    act(page)
    # what was recorded, said after the save
    expect(page.locator('[data-testid="stAlertContentSuccess"]').first).to_be_visible(
        timeout=30_000
    )
    settled(page)
    page.wait_for_timeout(1500)  # a second run, if one was queued, has had its chance
    settled(page)
    assert count(app_database, what, slug) == before + 1, form


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
    phone.get_by_role("button", name="Lưu ý kiến").dblclick()
    expect(phone.get_by_text("Đã lưu ý kiến của hộ CV09.")).to_be_visible(timeout=20_000)
    settled(phone)
    phone.wait_for_timeout(1500)
    settled(phone)
    assert count(app_database, "concerns") == before + 1
