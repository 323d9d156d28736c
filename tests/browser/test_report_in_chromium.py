"""The monthly report and the minutes opened in Chromium: readable, printable, and names stay text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page

from consultations.core.access import operator
from consultations.core.database import open_store
from consultations.households.service import edit_household
from consultations.households.store import households_of
from consultations.meetings.minutes import meeting_minutes, minutes_html
from consultations.meetings.store import meetings_of
from consultations.projects.service import find_project
from consultations.reporting.monthly_report import monthly_report, report_html
from consultations.reporting.service import project_dashboard
from consultations.setup.demo import load_demo

XSS = "<img src=x onerror=alert(1)>"


def test_the_monthly_report_opens_prints_and_keeps_names_as_text(
    offline: tuple[Page, list[str], list[str]], tmp_path: Path
) -> None:
    store = open_store(f"sqlite:///{tmp_path}/r.sqlite")
    store.migrate()
    load_demo(store)
    project = find_project(store, "hung-nguyen-vsip")
    today = dt.date(2026, 11, 20)
    stuck = project_dashboard(store, project, today, actor=operator("t")).backlog.code.iloc[0]
    with store.read() as conn:
        household = next(h for h in households_of(conn, project.id) if h.code == stuck)
    edit_household(store, household.id, household.version, {"head_name": XSS}, actor=operator("t"))
    page_file = tmp_path / "bao_cao.html"
    page_file.write_text(
        report_html(monthly_report(store, project, "2026-11", today=today, actor=operator("t"))),
        encoding="utf-8",
    )
    with store.read() as conn:
        meeting_id = int(meetings_of(conn, project.id).id.iloc[0])
    minutes_file = tmp_path / "bien_ban.html"
    minutes_file.write_text(
        minutes_html(meeting_minutes(store, meeting_id, actor=operator("t"))), encoding="utf-8"
    )
    store.dispose()

    page, requests, dialogs = offline
    page.goto(page_file.as_uri())
    assert page.locator("h1").inner_text().startswith("Báo cáo tháng 11/2026")
    headings = page.locator("h2").all_inner_texts()
    assert headings[:2] == ["Số liệu chính", "Theo xã và thôn, xóm"]
    assert "Cam kết quá hạn" in headings
    assert page.get_by_text(XSS, exact=True).count() == 1  # shown as text in the backlog table
    assert page.locator("img").count() == 0 and dialogs == []
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    page.goto(minutes_file.as_uri())
    assert page.locator("h1").inner_text() == "BIÊN BẢN"
    assert page.get_by_text("Đại diện người dân").count() == 1
    assert requests == []
