"""A household's printable file, saved and opened from disk in Chromium with no network: it
renders its sections, keeps an injected name as text, makes no request and prints on A4."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from consultations.core.access import operator
from consultations.core.database import open_store
from consultations.households.service import edit_household, households_seen_by
from consultations.projects.service import find_project
from consultations.reporting.household_file import export_household_file
from tests.fixtures import sqlite_copy

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)> Nguyễn Văn A"
ADMIN = operator("t")


def test_the_saved_household_file_opens_offline_and_prints_on_a4(
    offline: tuple[Page, list[str], list[str]], tmp_path: Path
) -> None:
    store = open_store(sqlite_copy("demo", tmp_path))
    project = find_project(store, "hung-nguyen-vsip")
    household = next(
        h for h in households_seen_by(store, project.id, actor=ADMIN) if h.code == "HN019"
    )
    edit_household(store, household.id, household.version, {"head_name": XSS}, actor=ADMIN)
    saved = tmp_path / "ho-so-HN019.html"
    saved.write_bytes(export_household_file(store, household.id, "html", actor=ADMIN))
    store.dispose()

    page, requests, dialogs = offline
    page.goto(saved.as_uri())
    assert page.locator("h1").inner_text() == "HỒ SƠ HỘ GIA ĐÌNH"
    assert page.locator("h2").all_inner_texts() == [
        "Hộ", "Thửa đất và diện tích", "Diễn biến", "Cam kết", "Bồi thường và chi trả",
    ]  # fmt: skip
    assert page.get_by_text(f"Chủ hộ: {XSS}", exact=True).count() == 1  # text, not markup
    assert page.locator("script, img").count() == 0 and dialogs == []
    assert page.locator("table").count() >= 3 and page.get_by_text("HN019").count() >= 1
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    assert requests == []
