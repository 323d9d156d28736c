"""The Reports page: the monthly report, minutes and exports offered for download, and logged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from consultations.audit.store import latest_audit_id
from consultations.core.access import Actor, Role, operator
from consultations.core.database import open_store
from consultations.jobs.model import JobStatus
from consultations.jobs.service import queue_monthly_report
from consultations.jobs.worker import run_next
from consultations.projects.service import find_project

ROOT = Path(__file__).resolve().parents[2]


def test_preparing_the_monthly_report_offers_it_and_logs_it(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database)
    store = open_store(database)
    with store.read() as conn:
        before = latest_audit_id(conn)
    app = AppTest.from_file(str(ROOT / "app_pages" / "reports.py"), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = Actor("admin", Role.ADMIN)  # signed in (ui/session.py)
    app.run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Báo cáo"
    months = app.selectbox[1].options
    assert "03/2024" in months  # months back to the project's cut-off date, as people write them
    assert not [m for m in months if "-" in m]  # never "2024-03"
    app.selectbox[1].select(dt.date(2024, 4, 1))
    app.button(key="report-xlsx").click().run()
    assert not app.exception, app.exception
    assert any(b.label == "Hủy việc này" for b in app.button)  # queued: the worker builds it
    assert run_next(store, actor=operator("worker")) is JobStatus.DONE
    with store.read() as conn:
        assert latest_audit_id(conn) == before + 1
    app.run()  # the page reads the job again (a reload, or another server, shows the same)
    assert not app.exception, app.exception
    assert any(c.value.startswith("Báo cáo tháng số") for c in app.caption)
    assert [s.value.replace("\\", "") for s in app.success] == [
        "Đã xong: bao-cao-cat-van-220kv-2024-04.xlsx"  # markdown's escapes taken out
    ]
    assert "Tải về" in [d.proto.label for d in app.get("download_button")]
    store.dispose()


def test_the_projects_data_is_written_by_the_worker_and_offered_with_its_rows(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database)
    store = open_store(database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "reports.py"), default_timeout=60)
    app.session_state["project_slug"] = "cat-van-220kv"
    app.session_state["actor"] = Actor("admin", Role.ADMIN)
    app.run()
    next(b for b in app.button if b.label == "Chuẩn bị tệp xuất").click().run()
    assert not app.exception, app.exception
    assert any(b.label == "Hủy việc này" for b in app.button)  # queued: the worker writes it
    assert run_next(store, actor=operator("worker")) is JobStatus.DONE
    app.run()
    assert not app.exception, app.exception
    offered = [d.proto.label for d in app.get("download_button")]
    assert any(label.startswith("Tải về (") for label in offered), offered
    store.dispose()


def test_a_report_that_failed_says_why_in_vietnamese_on_the_page(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(database)
    admin = Actor("admin", Role.ADMIN)
    project = find_project(store, "cat-van-220kv")
    queue_monthly_report(store, project, "2024-04", "pdf", actor=admin, key="failing-report")
    assert run_next(store, actor=operator("worker")) is JobStatus.FAILED
    monkeypatch.setenv("DATABASE_URL", database)
    app = AppTest.from_file(str(ROOT / "app_pages" / "reports.py"), default_timeout=60)
    app.session_state["project_slug"] = project.slug
    app.session_state["actor"] = admin
    app.run()
    assert not app.exception, app.exception
    (error,) = [e.value for e in app.error]
    assert error.startswith("Báo cáo tháng số") and "pdf" in error and "Traceback" not in error
    store.dispose()
