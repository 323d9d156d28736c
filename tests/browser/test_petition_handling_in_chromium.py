"""An official marks a petition complicated and remote under "Xử lý tiếp", tapping the button twice:
one step in its history, its deadline moved, in Vietnamese."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from consultations.core.access import operator
from consultations.core.database import open_store
from consultations.core.records import Channel, ConcernCategory
from consultations.petitions.handling import StepKind, petition_steps
from consultations.petitions.model import FilerKind, PetitionKind
from consultations.petitions.service import NewPetition, petition_register, record_petition
from tests.browser.conftest import choose, settled, visit

ADMIN = operator("t")


def test_a_petition_marked_complicated_and_remote_once_however_often_the_step_is_tapped(
    page: Page, app_url: str, app_database: str
) -> None:
    store = open_store(app_database)
    petition_id = record_petition(store, NewPetition(
        body="UBND xã Hoà Thịnh", reference="HT-9/2026", received_on=dt.date(2026, 11, 2),
        channel=Channel.WRITTEN_PETITION, filer_kind=FilerKind.ONE, kind=PetitionKind.COMPLAINT,
        category=ConcernCategory.OTHER, content="Đề nghị đo lại thửa đất", accepted_on=dt.date(2026, 11, 5),
    ), actor=ADMIN)  # fmt: skip
    visit(page, f"{app_url}/petitions")
    page.get_by_role("radio", name="Sổ đơn thư").click()
    settled(page)
    expect(page.get_by_role("heading", name="Xử lý tiếp")).to_be_visible(timeout=30_000)
    choose(page, "Đơn cần xử lý tiếp", "HT-9/2026 · Khiếu nại")
    page.get_by_role("radio", name="Phức tạp hoặc vùng sâu, vùng xa").click()
    settled(page)
    choose(page, "Mức độ phức tạp", "Phức tạp")
    page.get_by_text("Vùng sâu, vùng xa", exact=True).click()
    page.get_by_role("button", name="Ghi bước xử lý").dblclick()
    expect(
        page.get_by_text("Đơn HT-9/2026: đã ghi bước “Phức tạp hoặc vùng sâu, vùng xa”.")
    ).to_be_visible(timeout=30_000)
    settled(page)
    expect(page.get_by_text("hạn giải quyết 04/01/2027")).to_be_visible()  # 60 days, then a weekend
    steps = petition_steps(store, petition_id, actor=ADMIN)
    (entry,) = [e for e in petition_register(store, actor=ADMIN) if e.id == petition_id]
    store.dispose()
    assert [s.step for s in steps] == [StepKind.DIFFICULTY]
    assert (entry.remote, entry.resolve_by) == (True, dt.date(2027, 1, 4))
    page.screenshot(path="/tmp/petition-handling.png", full_page=True)
