"""A citizen with a receipt follows their matter on a 360-pixel phone, from the address the QR code
holds, without signing in: the project's public facts, then a wrong key many times (slowed, saying
nothing about which part was wrong), then the right pair."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import time

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from consultations.concerns.receipts import issue_concern_receipt
from consultations.concerns.service import raise_concern
from consultations.core.access import operator
from consultations.core.database import open_store
from consultations.core.qr import public_address
from consultations.core.records import Channel, ConcernCategory
from consultations.households.service import households_seen_by
from consultations.projects.service import find_project
from tests.browser.conftest import settled
from translations import local_today

WRONG = "Không có hồ sơ nào với số tham chiếu và mã tra cứu này"
SLOWED = "Bạn đã thử quá nhiều lần"


def look_up(phone: Page, reference: str, key: str) -> None:
    phone.get_by_label("Số tham chiếu (trên giấy biên nhận)").fill(reference)
    phone.get_by_label("Mã tra cứu (trên giấy biên nhận)").fill(key)
    phone.get_by_role("button", name="Tra cứu").click()
    with contextlib.suppress(PlaywrightError):  # its run begins (or has come and gone already)
        phone.locator('[data-testid="stStatusWidget"]').wait_for(state="visible", timeout=2_000)
    settled(phone)


def test_a_citizen_follows_a_concern_on_a_phone_from_the_qr_code(
    phone: Page, app_url: str, app_database: str
) -> None:
    store, admin = open_store(app_database), operator("test")
    project = find_project(store, "cat-van-220kv")
    household = households_seen_by(store, project.id, actor=admin)[0]
    concern_id = raise_concern(store, project.id, household_id=household.id, actor=admin,
                               category=ConcernCategory.DOCUMENTS, channel=Channel.HOUSEHOLD_VISIT,
                               text="Xin hồ sơ dự án", received_on=local_today() - dt.timedelta(days=1))  # fmt: skip
    receipt = issue_concern_receipt(store, concern_id, project.id, actor=admin)
    store.dispose()

    phone.goto(public_address(project.slug, app_url))  # what the QR code on the notice holds
    expect(phone.get_by_role("heading", name=project.name)).to_be_visible(timeout=30_000)
    expect(phone.get_by_text("Cách gửi ý kiến hoặc đơn thư")).to_be_visible()
    assert household.head_name not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sideways
    # The map in view: its title and legend cover a small part of it on a phone.
    shown = phone.frame_locator("iframe").first
    expect(shown.locator("#legend .row").first).to_be_visible(timeout=30_000)
    area = {name: shown.locator(name).bounding_box() for name in ("#map", "#title", "#legend")}
    assert all(area.values()), area
    covered = sum(b["width"] * b["height"] for n, b in area.items() if b and n != "#map")
    assert covered < 0.35 * area["#map"]["width"] * area["#map"]["height"], area  # type: ignore[index]

    look_up(phone, receipt.reference, "AAAA-BBBB")  # a wrong key
    expect(phone.get_by_text(WRONG)).to_be_visible(timeout=20_000)
    look_up(phone, "YK-22222Z", receipt.key)  # a wrong reference: the same sentence
    expect(phone.get_by_text(WRONG)).to_be_visible(timeout=20_000)
    for _ in range(30):  # many tries: the server slows this phone down, longer each time
        look_up(phone, receipt.reference, "CCCC-DDDD")
        slowed = re.search(r"Chờ (\d+) giây", phone.content())
        if slowed and int(slowed.group(1)) >= 8:  # long enough to outlast the next lookup
            break
    expect(phone.get_by_text(SLOWED)).to_be_visible(timeout=20_000)
    look_up(phone, receipt.reference, receipt.key)  # even the right pair waits its turn
    expect(phone.get_by_text(SLOWED)).to_be_visible(timeout=20_000)

    wait = int(re.search(r"Chờ (\d+) giây", phone.content()).group(1))  # type: ignore[union-attr]
    time.sleep(wait + 1)
    look_up(phone, receipt.reference.lower(), receipt.key)
    expect(phone.get_by_text(f"{receipt.reference}: Đã tiếp nhận")).to_be_visible(timeout=20_000)
    expect(phone.get_by_text("Bước tiếp theo: Xác nhận đã tiếp nhận")).to_be_visible()
    assert household.head_name not in phone.content() and "Xin hồ sơ" not in phone.content()
    phone.screenshot(path="/tmp/public-page-phone.png", full_page=True)
