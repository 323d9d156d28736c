"""The monthly steering-committee report and the meeting minutes, read back as a user's tools read them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import openpyxl
import pytest

from consultations.core.access import operator
from consultations.core.database import Store
from consultations.core.errors import InvalidRecord
from consultations.meetings.minutes import meeting_minutes, minutes_docx, minutes_html
from consultations.meetings.store import meetings_of
from consultations.projects.service import find_project
from consultations.reporting.monthly_report import monthly_report, report_html, write_report


def test_the_april_2024_report_of_cat_van_compares_the_end_of_march_and_of_april(
    demo_store: Store, tmp_path: Path
) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    out = write_report(
        demo_store, project, "2024-04", tmp_path / "bao_cao.xlsx", actor=operator("t")
    )
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[0].startswith("1.")
    rows = list(book[book.sheetnames[0]].iter_rows(values_only=True))
    header = rows[1]
    assert header[1:3] == ("31/03/2024", "30/04/2024")
    figures = {r[0]: r[1:] for r in rows[2:]}
    assert figures["Hộ bị ảnh hưởng"] == (15, 15, 0)  # numbers, the change too
    assert figures["Đã đồng thuận (đã ký)"] == (4, 8, 4)
    before, now, change = figures["Tỷ lệ đồng thuận"]
    assert (before, now) == pytest.approx((4 / 15, 8 / 15), abs=0.005)  # percents, as numbers
    assert change == pytest.approx(0.27)
    cells = {row[0].value: row for row in book[book.sheetnames[0]].iter_rows(min_row=3)}
    assert [c.number_format for c in cells["Tỷ lệ đồng thuận"][1:]] == ["0%", "0%", "+0%;-0%;0%"]
    report = monthly_report(demo_store, project, "2024-04", actor=operator("t"))
    assert report.now.towers_ready == 12 and report.before.towers_ready == 11


def test_a_month_is_given_as_yyyy_mm_and_must_have_begun(demo_store: Store) -> None:
    project = find_project(demo_store, "cat-van-220kv")
    for bad in ("04/2024", "2024-13", "april"):
        with pytest.raises(InvalidRecord, match="YYYY-MM"):
            monthly_report(demo_store, project, bad, actor=operator("t"))
    with pytest.raises(InvalidRecord):
        monthly_report(demo_store, project, "2099-01", actor=operator("t"))


def test_the_current_month_is_reported_up_to_today(demo_store: Store) -> None:
    project = find_project(demo_store, "hung-nguyen-vsip")
    today = dt.date(2026, 11, 20)
    report = monthly_report(demo_store, project, "2026-11", today=today, actor=operator("t"))
    assert (report.now.as_of, report.before.as_of) == (today, dt.date(2026, 10, 31))
    page = report_html(report)
    assert "20/11/2026" in page and "31/10/2026" in page
    assert "Cam kết quá hạn" in page and "<script" not in page


def test_minutes_are_pre_filled_from_the_meeting_as_html_and_docx(demo_store: Store) -> None:
    project = find_project(demo_store, "hung-nguyen-vsip")
    with demo_store.read() as conn:
        meeting = meetings_of(conn, project.id).iloc[-1]  # the first meeting held
    minutes = meeting_minutes(demo_store, int(meeting.id), actor=operator("t"))
    assert len(minutes.attendees) > 0
    page = minutes_html(minutes)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "BIÊN BẢN" in page
    document = docx.Document(io.BytesIO(minutes_docx(minutes)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BIÊN BẢN" in text and project.name in text
    assert minutes.attendees.attendee_name.iloc[0] in text
    assert f"{len(minutes.attendees)}, trong đó {minutes.women} nữ" in text


def test_the_monthly_report_counts_the_projects_reception_and_petitions(demo_store: Store) -> None:
    from consultations.reporting.monthly_report import report_tables

    project = find_project(demo_store, "cat-van-220kv")
    report = monthly_report(
        demo_store, project, "2024-04", actor=operator("t"), today=dt.date(2024, 5, 31)
    )
    table = report_tables(report)["Tiếp công dân và đơn thư trong tháng"]
    values = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert values["Số buổi tiếp công dân"] == "1" and values["Số lượt công dân được tiếp"] == "9"
    assert values["Số đơn tiếp nhận"] == "9" and values["Đã giải quyết"] == "0"  # recommendations
    earlier = monthly_report(
        demo_store, project, "2024-03", actor=operator("t"), today=dt.date(2024, 5, 31)
    )
    assert "Tiếp công dân và đơn thư trong tháng" not in report_tables(earlier)


def test_the_report_heads_the_dashboards_tables_with_the_overviews_words(demo_store: Store) -> None:
    from consultations.reporting.columns import DashboardTable, column_labels
    from consultations.reporting.monthly_report import report_tables

    project = find_project(demo_store, "cat-van-220kv")
    tables = list(
        report_tables(monthly_report(demo_store, project, "2024-04", actor=operator("t"))).values()
    )
    # the headline figures first, then by village, the backlog, commitments and concerns
    names: tuple[DashboardTable, ...] = ("by_village", "backlog", "overdue_commitments", "concerns")
    for table, name in zip(tables[1:5], names, strict=True):
        assert list(table.columns) == list(column_labels(name).values())
    assert list(tables[1].columns)[:2] == ["Xã", "Thôn"]
