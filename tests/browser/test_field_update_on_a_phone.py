"""A field officer on a 360-pixel phone finds a household and records a concern."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path

import pandas as pd
from playwright.sync_api import Browser, Page, expect

from consultations.concerns.store import concerns_of
from consultations.consent.store import consent_events_of
from consultations.core.database import open_store
from consultations.core.records import ConcernCategory, ConsentEvent, ConsentStatus
from consultations.households.service import fold
from consultations.households.store import households_of
from consultations.projects.service import find_project
from tests.browser.conftest import choose, settled, visit, withdraw_signed
from translations import local_today


def _png() -> bytes:
    """A 1×1 PNG, made here, for the photo of a signed paper."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = _png()

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


def _events(app_database: str, code: str) -> list[ConsentEvent]:
    store = open_store(app_database)
    project = find_project(store, "cat-van-220kv")
    with store.read() as conn:
        household = next(h for h in households_of(conn, project.id) if h.code == code)
        events = consent_events_of(conn, project.id, household_id=household.id)
    store.dispose()
    return events


def _open(phone: Page, app_url: str, code: str, user: str = "can-bo-cat-van") -> None:
    visit(phone, f"{app_url}/field_update", user=user)
    expect(phone.get_by_role("heading", name="Cập nhật thực địa")).to_be_visible(timeout=30_000)
    choose(phone, "Dự án", CAT_VAN)
    search = phone.get_by_label("Tìm hộ: tên, mã hộ hoặc tờ/thửa")
    search.fill(code)
    search.press("Enter")
    phone.get_by_text(f"{code} · ").first.click()
    settled(phone)


def test_a_double_tap_on_save_status_records_one_event_with_the_chosen_status(
    phone: Page, app_url: str, app_database: str
) -> None:
    before = len(_events(app_database, "CV05"))
    _open(phone, app_url, "CV05")
    phone.get_by_text("Còn băn khoăn", exact=True).click()
    phone.get_by_label("Ghi chú").fill("hỏi lại về giá")
    withdraw_signed(phone)
    phone.get_by_role("button", name="Lưu trạng thái").dblclick()
    expect(phone.get_by_text("Đã lưu: hộ CV05 hiện là “Còn băn khoăn”.").first).to_be_visible(
        timeout=20_000
    )
    settled(phone)
    phone.wait_for_timeout(1500)  # a second run, if one was queued, has had its chance
    events = _events(app_database, "CV05")
    assert len(events) == before + 1
    assert events[-1].status is ConsentStatus.CONCERNS and events[-1].note == "hỏi lại về giá"
    expect(phone.get_by_text("Hiện tại: Còn băn khoăn", exact=False)).to_be_visible()
    expect(phone.get_by_role("button", name="Deploy")).to_have_count(0)  # no developer toolbar


def test_a_refused_save_keeps_every_field_and_the_photo(
    phone: Page, app_url: str, app_database: str, tmp_path: Path
) -> None:
    before = len(_events(app_database, "CV06"))
    photo = tmp_path / "bien-ban.png"
    photo.write_bytes(PNG)
    _open(phone, app_url, "CV06")
    phone.get_by_text("Đã đồng thuận (đã ký)", exact=True).click()
    day = phone.get_by_label("Ngày", exact=True)  # a field of day, month and year segments
    day.locator('[role="spinbutton"]').first.click()
    phone.keyboard.type((local_today() - dt.timedelta(days=20)).strftime("%d%m%Y"))
    phone.keyboard.press("Enter")
    phone.get_by_label("Ghi chú").fill("ký tại nhà văn hoá")
    phone.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(photo))
    expect(phone.get_by_text("bien-ban.png")).to_be_visible()
    phone.get_by_role("button", name="Lưu trạng thái").click()

    expect(phone.get_by_text("nhập muộn", exact=False).last).to_be_visible(timeout=20_000)
    settled(phone)
    assert len(_events(app_database, "CV06")) == before  # refused: nothing recorded
    assert phone.get_by_label("Ghi chú").input_value() == "ký tại nhà văn hoá"
    expect(phone.get_by_text("bien-ban.png")).to_be_visible()  # the photo is still attached
    assert phone.get_by_role("radio", name="Đã đồng thuận (đã ký)").is_checked()

    phone.get_by_label("Lý do nhập muộn (nếu quá một tuần)").fill("mất sóng ở thôn")
    phone.get_by_role("button", name="Lưu trạng thái").click()
    expect(
        phone.get_by_text("Đã lưu: hộ CV06 hiện là “Đã đồng thuận (đã ký)”.").first
    ).to_be_visible(timeout=20_000)
    events = _events(app_database, "CV06")
    assert len(events) == before + 1 and events[-1].status is ConsentStatus.AGREED


def test_a_second_tab_saving_on_the_same_household_is_refused_and_keeps_its_input(
    browser: Browser, app_url: str, app_database: str
) -> None:
    before = len(_events(app_database, "CV08"))
    first, second = (browser.new_page(viewport={"width": 360, "height": 740}) for _ in range(2))
    _open(first, app_url, "CV08")
    _open(second, app_url, "CV08")
    first.get_by_text("Đã được thông tin", exact=True).click()
    withdraw_signed(first)
    first.get_by_role("button", name="Lưu trạng thái").click()
    expect(first.get_by_text("Đã lưu: hộ CV08", exact=False).first).to_be_visible(timeout=20_000)

    second.get_by_text("Không đồng ý", exact=True).click()
    second.get_by_label("Ghi chú").fill("không đồng ý giá")
    withdraw_signed(second)
    second.get_by_role("button", name="Lưu trạng thái").click()
    expect(
        second.get_by_text("Bản ghi này đã được sửa trong lúc bạn đang sửa", exact=False)
    ).to_be_visible(timeout=20_000)
    settled(second)
    assert second.get_by_label("Ghi chú").input_value() == "không đồng ý giá"
    assert second.get_by_role("radio", name="Không đồng ý").is_checked()
    events = _events(app_database, "CV08")
    assert len(events) == before + 1 and events[-1].status is ConsentStatus.INFORMED
    first.close()
    second.close()


def test_a_day_of_phone_work_is_recorded_as_meant(
    phone: Page, app_url: str, app_database: str
) -> None:
    """Household A: "informed", then "has concerns" in the same visit, then a concern asking
    150.000.000 đ; household B next: its note is empty, and "agreed (signed)" with neither photo
    nor note is refused by the rule (A's note did not carry over)."""
    before_a, before_b = len(_events(app_database, "CV10")), len(_events(app_database, "CV11"))
    _open(phone, app_url, "CV10")
    status = phone.get_by_role("radiogroup", name="Trạng thái mới")
    status.get_by_text(ConsentStatus.INFORMED.label, exact=True).click()
    withdraw_signed(phone)
    phone.get_by_role("button", name="Lưu trạng thái").click()
    expect(phone.get_by_text("Đã lưu: hộ CV10 hiện là “Đã được thông tin”.").first).to_be_visible(
        timeout=20_000
    )
    settled(phone)
    # The save's own rerun redraws the form for the household's new version: what is chosen
    # while it is drawn is chosen again, as a person does when the form blinks.
    for _attempt in range(3):
        settled(phone)
        status.get_by_text(ConsentStatus.CONCERNS.label, exact=True).click()
        phone.get_by_label("Ghi chú").fill("hẹn gặp lại sau khi có đơn giá")
        phone.wait_for_timeout(500)
        if status.get_by_role("radio", name=ConsentStatus.CONCERNS.label).is_checked() and (
            phone.get_by_label("Ghi chú").input_value() == "hẹn gặp lại sau khi có đơn giá"
        ):
            break
    phone.get_by_role("button", name="Lưu trạng thái").click()
    expect(phone.get_by_text("Đã lưu: hộ CV10 hiện là “Còn băn khoăn”.").first).to_be_visible(
        timeout=20_000
    )  # not refused as "someone else changed it"
    settled(phone)
    assert [e.status for e in _events(app_database, "CV10")[before_a:]] == [
        ConsentStatus.INFORMED,
        ConsentStatus.CONCERNS,
    ]

    choose(phone, "Về việc", ConcernCategory.COMPENSATION_PRICE.label)
    phone.get_by_label("Hộ đã nói gì").fill("Đề nghị nâng đơn giá đất")
    phone.get_by_role("textbox", name="Số tiền hộ đề nghị, nếu về giá bồi thường (đ)").fill(
        "150.000.000"
    )
    phone.get_by_role("button", name="Lưu ý kiến").click()
    expect(phone.get_by_text("Đã lưu ý kiến của hộ CV10.")).to_be_visible(timeout=20_000)
    settled(phone)
    asked = _concerns(app_database, "CV10")
    assert asked[-1] == ("Đề nghị nâng đơn giá đất", 150_000_000)

    search = phone.get_by_label("Tìm hộ: tên, mã hộ hoặc tờ/thửa")
    search.fill("CV11")
    search.press("Enter")
    phone.get_by_text("CV11 · ").first.click()
    expect(phone.get_by_text("CV10 · ")).to_have_count(0, timeout=20_000)
    settled(phone)
    note = phone.get_by_role("textbox", name="Ghi chú")
    expect(note).to_have_count(1, timeout=20_000)  # CV10's form is gone, CV11's is drawn
    expect(note).to_have_value("")  # A's note stayed with A
    status.get_by_text(ConsentStatus.AGREED.label, exact=True).click()
    expect(status.get_by_role("radio", name=ConsentStatus.AGREED.label)).to_be_checked()
    phone.get_by_role("button", name="Lưu trạng thái").click()
    expect(phone.get_by_text("Đồng thuận cần có văn bản đã ký", exact=False).last).to_be_visible(
        timeout=40_000
    )
    settled(phone)
    assert len(_events(app_database, "CV11")) == before_b  # refused: nothing recorded
    assert len(_events(app_database, "CV10")) == before_a + 2
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def _concerns(app_database: str, code: str) -> list[tuple[str, int | None]]:
    """The text and amount asked of a household's concerns, oldest first."""
    store = open_store(app_database)
    project = find_project(store, "cat-van-220kv")
    with store.read() as conn:
        household = next(h for h in households_of(conn, project.id) if h.code == code)
        rows = concerns_of(conn, project.id, household_id=household.id).sort_values("id")
    store.dispose()
    return [
        (str(r.text), None if pd.isna(r.asked_vnd) else int(r.asked_vnd)) for r in rows.itertuples()
    ]
