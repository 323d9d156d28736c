"""This week on a 360-pixel phone: a field officer lands on what is late in their commune and taps
through to the household's payments, chosen there."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from consultations.core.access import Actor, Role, Scope
from consultations.core.database import open_store
from consultations.projects.service import find_project
from consultations.reporting.week import DueKind, this_week
from tests.browser.conftest import settled, visit


def test_a_field_officer_lands_on_this_week_with_the_menu_closed(phone: Page, app_url: str) -> None:
    visit(phone, app_url, user="can-bo-cat-van")
    expect(phone.get_by_role("heading", name="Tuần này")).to_be_visible(timeout=30_000)
    expect(phone.locator('[data-testid="stSidebarContent"]')).not_to_be_in_viewport()


def test_a_field_officer_opens_a_late_payment_from_this_week(
    phone: Page, app_url: str, app_database: str
) -> None:
    store = open_store(app_database)
    project = find_project(store, "cat-van-220kv")
    officer = Actor("can-bo-cat-van", Role.FIELD_OFFICER, (Scope(project.id, "Cát Văn"),))
    paying = [
        i for i in this_week(store, project, actor=officer).items if i.kind is DueKind.PAYMENT
    ]
    store.dispose()
    assert paying, "the demo's Cát Văn households are still owed money past the deadline"

    visit(phone, f"{app_url}/week", user="can-bo-cat-van")
    expect(phone.get_by_role("heading", name="Tuần này")).to_be_visible(timeout=30_000)
    settled(phone)
    expect(phone.get_by_text("Chi trả cho hộ").first).to_be_visible()
    expect(phone.get_by_text(f"{paying[0].household_code} · ").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sideways
    phone.screenshot(path="/tmp/week-phone.png", full_page=True)

    phone.get_by_role("button", name="Mở chi trả của hộ").first.click()
    expect(phone.get_by_role("heading", name="Bồi thường và chi trả")).to_be_visible(timeout=30_000)
    settled(phone)
    box = phone.locator('[data-testid="stSelectbox"]').filter(
        has=phone.get_by_text("Hộ", exact=True)
    )
    expect(box.get_by_role("combobox")).to_have_value(
        f"{paying[0].household_code} · {paying[0].head_name}", timeout=20_000
    )
